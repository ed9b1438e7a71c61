/** The recipe formats by name: how each one is located and rendered (a registry, so callers never switch on format). */
import { InputError } from "../errors.js";
import type { RecipeFormat, RecipeLayout, RenderedRecipe } from "./recipe-layout.js";
import { recipeFormats } from "./recipe-layout.js";
import { locateMetaYaml } from "./meta-yaml-layout.js";
import { renderMetaYaml } from "./meta-yaml-render.js";
import { locateRecipeYaml } from "./recipe-yaml-layout.js";
import { renderRecipeYaml } from "./recipe-yaml-render.js";

/** What release-kit does with one recipe format. */
export interface RecipeFormatHandler {
  /** The file under `recipe/`, for messages. */
  readonly file: string;
  locate(text: string): RecipeLayout;
  /** `parseYaml` also parses the rendered text, to prove it is still valid YAML. */
  render(text: string, options?: { parseYaml?: boolean }): RenderedRecipe;
}

const handlers: Record<RecipeFormat, RecipeFormatHandler> = {
  "meta.yaml": { file: "recipe/meta.yaml", locate: locateMetaYaml, render: renderMetaYaml },
  "recipe.yaml": {
    file: "recipe/recipe.yaml",
    locate: locateRecipeYaml,
    render: (text) => renderRecipeYaml(text),
  },
};

/** The handler of a format; an unknown name is an InputError listing the known ones. */
export function recipeFormatHandler(format: string): RecipeFormatHandler {
  const handler = (handlers as Record<string, RecipeFormatHandler | undefined>)[format];
  if (!handler) throw new InputError(`unknown recipe format "${format}" (known: ${recipeFormats.join(", ")})`);
  return handler;
}
