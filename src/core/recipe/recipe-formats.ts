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

/**
 * `fn` with its last few results kept by key. One bump locates and renders the same texts several times (the URL
 * resolution, the bump, the self-check each render the recipe at the new version and at a probe version), and a
 * render compiles the whole recipe as a template: most of a bump's time. Results are read-only data; a throw is not
 * kept, so the same error is thrown again.
 */
function remembered<A, R>(fn: (text: string, arg: A) => R, keyOf: (arg: A) => string, size = 16) {
  const kept = new Map<string, R>();
  return (text: string, arg: A): R => {
    const key = `${keyOf(arg)}\0${text}`;
    const hit = kept.get(key);
    if (hit !== undefined) return hit;
    const result = fn(text, arg);
    if (kept.size >= size) kept.delete(kept.keys().next().value as string);
    kept.set(key, result);
    return result;
  };
}

/** `alwaysParsed`: the format's render parses the YAML anyway, so `parseYaml` makes no difference to it. */
function handlerOf(
  file: string,
  locate: (text: string) => RecipeLayout,
  render: (text: string, options?: { parseYaml?: boolean }) => RenderedRecipe,
  alwaysParsed = false,
): RecipeFormatHandler {
  const locateKept = remembered(
    (text: string) => locate(text),
    () => "",
  );
  const renderKept = remembered(
    (text: string, options: { parseYaml?: boolean } | undefined) => render(text, options),
    (options) => (options?.parseYaml && !alwaysParsed ? "yaml" : ""),
  );
  return { file, locate: (text) => locateKept(text, undefined), render: (text, options) => renderKept(text, options) };
}

const handlers: Record<RecipeFormat, RecipeFormatHandler> = {
  "meta.yaml": handlerOf("recipe/meta.yaml", locateMetaYaml, renderMetaYaml),
  "recipe.yaml": handlerOf("recipe/recipe.yaml", locateRecipeYaml, (text) => renderRecipeYaml(text), true),
};

/** The handler of a format; an unknown name is an InputError listing the known ones. */
export function recipeFormatHandler(format: string): RecipeFormatHandler {
  const handler = (handlers as Record<string, RecipeFormatHandler | undefined>)[format];
  if (!handler) throw new InputError(`unknown recipe format "${format}" (known: ${recipeFormats.join(", ")})`);
  return handler;
}
