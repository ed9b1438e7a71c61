/**
 * Which URLs a recipe downloads at a given version, and which of them depend on the version. A source depends on the
 * version when its rendered URL changes with the version: this covers `{{ version }}` and any variable derived from
 * it (numpy's `version_rc`, opencv's `major_version`), however the recipe spells it.
 */
import { parse } from "yaml";
import { InputError } from "../errors.js";
import type { RecipeFormat, RecipeLayout, RenderedRecipe, TextSpan } from "./recipe-layout.js";
import { recipeFormatHandler } from "./recipe-formats.js";
import type { RecipeFormatHandler } from "./recipe-formats.js";
import { quoteLike, spliceText } from "./splice-text.js";

/** One source of a recipe rendered at a version. */
export interface RenderedSource {
  /** Position among the recipe's URL sources (0-based, file order). */
  readonly index: number;
  /** The URL with the version (and everything else) filled in. */
  readonly url: string;
  /** The URL as the recipe writes it. */
  readonly rawUrl: string;
  /** Whether the URL changes with the version (such a source needs a new sha256 on a bump). */
  readonly dependsOnVersion: boolean;
  /** The sha256 the recipe holds for it now (rendered), if any. */
  readonly sha256: string | undefined;
}

/** A version no real release uses, to see which URLs move with the version. */
const probeVersions = ["9999.8888.7777", "9998.8887.7776"];

/** The layout of a recipe, refusing one whose version release-kit cannot set. */
export function requireVersionLayout(handler: RecipeFormatHandler, text: string): RecipeLayout {
  const layout = handler.locate(text);
  if (layout.versionProblem) throw new InputError(`${handler.file}: ${layout.versionProblem}`);
  if (layout.version.length === 0) {
    const hint = handler.file.endsWith("meta.yaml") ? '{% set version = "X.Y.Z" %}' : 'context: { version: "X.Y.Z" }';
    throw new InputError(`${handler.file} has no version variable; define ${hint} and use it in the source URL`);
  }
  return layout;
}

/**
 * The version as the recipe writes it: in the quotes it already uses. A plain YAML scalar stays plain unless YAML
 * would read the new value as something other than that string (`1.20` is the number 1.2), then it gets quotes.
 */
export function versionLiteral(span: TextSpan, version: string): string {
  if (span.quote === "" && (parse(`v: ${version}`) as { v?: unknown } | null)?.v !== version) return `"${version}"`;
  return quoteLike(span, version);
}

/** The text with every version literal replaced (quoting kept). */
export function withVersion(text: string, layout: RecipeLayout, version: string): string {
  return spliceText(
    text,
    layout.version.map((span) => ({ span, text: versionLiteral(span, version) })),
  );
}

/** Renders `text` as is (or at `version`) and marks which sources move with the version. */
export function renderWithDependence(
  handler: RecipeFormatHandler,
  text: string,
  layout: RecipeLayout,
  version: string | undefined,
  options: { parseYaml?: boolean } = {},
): { rendered: RenderedRecipe; sources: RenderedSource[] } {
  const actual = version === undefined ? text : withVersion(text, layout, version);
  const rendered = handler.render(actual, options);
  const probe = probeVersions.find((p) => p !== version && p !== rendered.version) ?? "0.0.0";
  const probed = handler.render(withVersion(text, layout, probe));
  if (rendered.sources.length !== layout.sources.length || probed.sources.length !== layout.sources.length) {
    throw new InputError(
      `${handler.file}: its sources change with Jinja conditions (${layout.sources.length} written, ${rendered.sources.length} rendered); release-kit cannot tell which hash belongs to which source`,
    );
  }
  const sources = rendered.sources.map((source, index) => ({
    index,
    url: source.url,
    rawUrl: layout.sources[index]?.rawUrl ?? source.url,
    dependsOnVersion: source.url !== probed.sources[index]?.url,
    sha256: source.sha256,
  }));
  return { rendered, sources };
}

/** Each URL source of the recipe rendered at `version`, whether it depends on the version, and its current sha256. */
export function renderSourceUrls(text: string, format: RecipeFormat, version: string): RenderedSource[] {
  const handler = recipeFormatHandler(format);
  return renderWithDependence(handler, text, requireVersionLayout(handler, text), version).sources;
}
