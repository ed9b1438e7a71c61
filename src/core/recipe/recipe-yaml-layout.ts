/**
 * Finds what a version bump edits in a rattler-build `recipe.yaml`: the YAML parser (with source ranges) locates the
 * nodes, and the bump splices new text into exactly those ranges, so comments, quotes and order stay byte for byte.
 */
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Node, Scalar, YAMLMap } from "yaml";
import { InputError } from "../errors.js";
import { lineOfOffset } from "./recipe-layout.js";
import type { RecipeLayout, SourceLayout, TextSpan } from "./recipe-layout.js";
import { hasTemplate } from "./recipe-yaml-expression.js";

/**
 * Context keys whose build number a bump resets: the ones conda-forge's autotick bot resets (regro/cf-scripts
 * `v1_recipe/build_number.py`): the first of these in `context`, and then `build.number` is left to it; without one,
 * the literal `build.number` of the recipe and of each output.
 */
const buildNumberKeys = new Set(["build_number", "build", "number"]);

/**
 * The last few parsed recipes by text. A bump locates and renders the same texts more than once (the URL resolution,
 * the bump and the self-check each look at the recipe), and parsing is most of a recipe.yaml bump's time. The
 * documents are only read, never edited, so sharing them is safe.
 */
const parsedRecipes = new Map<string, Document.Parsed>();

/** The parsed recipe, or an InputError that says where the YAML is broken. */
export function parseRecipeYaml(text: string, what = "recipe/recipe.yaml"): Document.Parsed {
  let doc = parsedRecipes.get(text);
  if (!doc) {
    doc = parseDocument(text, { uniqueKeys: false, keepSourceTokens: false });
    if (parsedRecipes.size >= 8) parsedRecipes.delete(parsedRecipes.keys().next().value as string);
    parsedRecipes.set(text, doc);
  }
  const first = doc.errors[0];
  if (first) throw new InputError(`${what} is not valid YAML (${first.message.split("\n")[0]}); fix the recipe first`);
  return doc;
}

/** One source map of the recipe with its `url` and `sha256` nodes. */
export interface RecipeYamlSource {
  readonly map: YAMLMap;
  readonly url: Scalar | undefined;
  readonly sha256: Scalar | undefined;
  readonly git: boolean;
}

/** The source maps of `source:` in file order (both branches of an `if:`/`then:`/`else:` entry count). */
export function recipeYamlSources(doc: Document.Parsed): RecipeYamlSource[] {
  const out: RecipeYamlSource[] = [];
  const visit = (node: unknown): void => {
    if (isSeq(node)) {
      for (const item of node.items) visit(item);
      return;
    }
    if (!isMap(node)) return;
    if (node.has("if")) {
      visit(node.get("then", true));
      visit(node.get("else", true));
      return;
    }
    const urlNode = node.get("url", true);
    const url = isSeq(urlNode) ? urlNode.items.find(isScalar) : isScalar(urlNode) ? urlNode : undefined;
    const sha = node.get("sha256", true);
    out.push({ map: node, url, sha256: isScalar(sha) ? sha : undefined, git: node.has("git") });
  };
  visit(doc.get("source", true));
  return out;
}

/** The span of a scalar node in the text. */
export function scalarSpan(text: string, node: Scalar): TextSpan {
  const [start, end] = node.range ?? [0, 0];
  const quote = node.type === "QUOTE_DOUBLE" ? '"' : node.type === "QUOTE_SINGLE" ? "'" : "";
  return { start, end, value: String(node.value), quote };
}

function contextPair(doc: Document.Parsed, key: string): Scalar | undefined {
  const context = doc.get("context", true);
  if (!isMap(context)) return undefined;
  const node = context.get(key, true);
  return isScalar(node) ? node : undefined;
}

function literalInteger(text: string, node: Node | undefined | null): TextSpan | undefined {
  if (!isScalar(node) || node.type !== "PLAIN") return undefined;
  const span = scalarSpan(text, node);
  return /^\d+$/.test(text.slice(span.start, span.end)) ? span : undefined;
}

/** Everything a bump edits in a recipe.yaml text. */
export function locateRecipeYaml(text: string): RecipeLayout {
  const doc = parseRecipeYaml(text);
  const versionNode = contextPair(doc, "version");
  const version: TextSpan[] = [];
  let versionProblem: string | undefined;
  if (versionNode && typeof versionNode.value === "string" && hasTemplate(versionNode.value)) {
    versionProblem = `context.version is computed (\`${versionNode.value}\`), not a literal release-kit can set`;
  } else if (versionNode && versionNode.value !== null) {
    version.push(scalarSpan(text, versionNode));
  }

  const sources: SourceLayout[] = [];
  let gitSources = 0;
  for (const source of recipeYamlSources(doc)) {
    if (!source.url) {
      if (source.git) gitSources++;
      continue;
    }
    sources.push({
      rawUrl: String(source.url.value),
      urlSpan: scalarSpan(text, source.url),
      ...shaOf(text, doc, source.sha256),
    });
  }

  const { buildNumbers, keptBuildNumbers } = locateBuildNumbers(text, doc);
  const nameNode = contextPair(doc, "name");
  const name =
    nameNode && typeof nameNode.value === "string" && !hasTemplate(nameNode.value) ? nameNode.value : undefined;
  return {
    version,
    sources,
    gitSources,
    buildNumbers,
    keptBuildNumbers,
    ...(versionProblem ? { versionProblem } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

/** The build numbers a bump resets, and the nonzero context values `build.number` uses that it keeps. */
function locateBuildNumbers(
  text: string,
  doc: Document.Parsed,
): Pick<RecipeLayout, "buildNumbers" | "keptBuildNumbers"> {
  const buildNumbers: TextSpan[] = [];
  const numberNodes: unknown[] = [doc.getIn(["build", "number"], true)];
  const outputs = doc.get("outputs", true);
  if (isSeq(outputs)) {
    for (const output of outputs.items) {
      const build = isMap(output) ? output.get("build", true) : undefined;
      if (isMap(build)) numberNodes.push(build.get("number", true));
    }
  }
  const context = doc.get("context", true);
  const contextKey = isMap(context)
    ? context.items.find((pair) => isScalar(pair.key) && buildNumberKeys.has(String(pair.key.value)))
    : undefined;
  if (contextKey) {
    const span = literalInteger(text, contextKey.value as Node | null);
    if (span) buildNumbers.push(span);
  } else {
    for (const node of numberNodes) {
      const span = literalInteger(text, node as Node | undefined);
      if (span) buildNumbers.push(span);
    }
  }
  // Context values that `build.number` templates use but the bump does not reset (e.g. `build_num: 3`).
  const expressions = numberNodes.filter(isScalar).map((node) => String(node.value));
  const keptBuildNumbers: { line: number; text: string }[] = [];
  if (isMap(context)) {
    for (const pair of context.items) {
      if (pair === contextKey || !isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      const span = literalInteger(text, pair.value as Node | null);
      if (!span || Number(span.value) === 0) continue;
      if (!expressions.some((e) => hasTemplate(e) && new RegExp(`\\b${name}\\b`).test(e))) continue;
      const line = lineOfOffset(text, span.start);
      keptBuildNumbers.push({ line, text: (text.split("\n")[line - 1] ?? "").trim() });
    }
  }
  return { buildNumbers, keptBuildNumbers };
}

function shaOf(text: string, doc: Document.Parsed, sha: Scalar | undefined): Pick<SourceLayout, "sha" | "shaProblem"> {
  if (!sha) return { sha: undefined };
  const value = String(sha.value);
  if (!hasTemplate(value)) return { sha: { span: scalarSpan(text, sha) } };
  const variable = /^\$\{\{\s*([A-Za-z_]\w*)\s*\}\}$/.exec(value)?.[1];
  const held = variable ? contextPair(doc, variable) : undefined;
  if (variable && held && !hasTemplate(String(held.value))) {
    return { sha: { span: scalarSpan(text, held), variable } };
  }
  return { sha: undefined, shaProblem: `its sha256 is the expression \`${value}\`, not a literal or a context key` };
}
