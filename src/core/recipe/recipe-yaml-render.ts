/**
 * Renders what a version bump cares about in a rattler-build `recipe.yaml`: the `context` values in order, then the
 * package version and each source's URL and sha256. Build-machine variables (`target_platform`, `python_min`...) are
 * unknown here and evaluate to nothing; a source URL that needs one is refused rather than guessed.
 */
import { isMap, isScalar } from "yaml";
import { InputError } from "../errors.js";
import type { RenderedRecipe } from "./recipe-layout.js";
import { ExpressionError, evaluateTemplate, toText } from "./recipe-yaml-expression.js";
import type { ExprScope, ExprValue } from "./recipe-yaml-expression.js";
import { parseRecipeYaml, recipeYamlSources } from "./recipe-yaml-layout.js";

/** Functions recipes call in context values; their results never reach a URL, so stubs are enough. */
const stubFunctions: Record<string, ExprValue> = {
  compiler: (lang) => `${toText(lang)}_compiler_stub`,
  stdlib: (lang) => `${toText(lang)}_stdlib_stub`,
  cdt: (name) => `${toText(name)}-cdt-stub`,
  pin_subpackage: (name) => toText(name),
  pin_compatible: (name) => toText(name),
  match: () => false,
};

/** Evaluates the `context` block of a parsed recipe, in order (later keys may use earlier ones). */
function contextScope(doc: ReturnType<typeof parseRecipeYaml>): ExprScope {
  const values = new Map<string, ExprValue>();
  const broken = new Map<string, string>();
  const scope: ExprScope = (name) => {
    const reason = broken.get(name);
    if (reason !== undefined) throw new ExpressionError(reason);
    if (values.has(name)) return values.get(name);
    return stubFunctions[name];
  };
  const context = doc.get("context", true);
  if (isMap(context)) {
    for (const pair of context.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const node = pair.value;
      if (!isScalar(node)) {
        values.set(key, undefined);
        continue;
      }
      try {
        values.set(
          key,
          typeof node.value === "string" ? evaluateTemplate(node.value, scope) : (node.value as ExprValue),
        );
      } catch (error) {
        // Only an error if something we render uses this key.
        broken.set(key, `context.${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return scope;
}

/** Renders one recipe value to text, refusing one that needs a value the recipe does not define. */
function renderText(template: string, scope: ExprScope, what: string): string {
  const used: string[] = [];
  const tracking: ExprScope = (name) => {
    const value = scope(name);
    if (value === undefined) used.push(name);
    return value;
  };
  let value: ExprValue;
  try {
    value = evaluateTemplate(template, tracking);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`recipe/recipe.yaml: cannot render ${what} \`${template}\`: ${message}`);
  }
  if (used.length > 0) {
    throw new InputError(
      `recipe/recipe.yaml: ${what} \`${template}\` uses ${used.map((u) => `\`${u}\``).join(", ")}, which the context does not define; define it in context:`,
    );
  }
  return toText(value);
}

/** The package version and sources of a recipe.yaml, rendered from its own context. */
export function renderRecipeYaml(text: string): RenderedRecipe {
  const doc = parseRecipeYaml(text);
  const scope = contextScope(doc);
  const versionNode = doc.getIn(["package", "version"], true) ?? doc.getIn(["recipe", "version"], true);
  const version = isScalar(versionNode) ? renderText(String(versionNode.value), scope, "package.version") : undefined;
  const sources = recipeYamlSources(doc).flatMap((source) => {
    if (!source.url) return [];
    const url = renderText(String(source.url.value), scope, "source url");
    const sha256 = source.sha256 ? renderText(String(source.sha256.value), scope, "source sha256") : undefined;
    return [{ url, sha256 }];
  });
  return { version, sources };
}
