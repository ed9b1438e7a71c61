/**
 * The version bump of a conda-forge recipe, as a pure text -> text edit: the version literal, the sha256 of every
 * source whose URL depends on the version (in source order), and the literal build numbers reset to 0 (those the
 * autotick bot resets). Every other
 * byte (quotes, comments, selectors, blank lines, line endings) is kept, so the diff is what the autotick bot makes.
 */
import { InputError } from "../errors.js";
import type { RecipeFormat, TextSpan } from "./recipe-layout.js";
import { lineOfOffset } from "./recipe-layout.js";
import { recipeFormatHandler } from "./recipe-formats.js";
import { renderWithDependence, requireVersionLayout, versionLiteral } from "./render-source-urls.js";
import { quoteLike, spliceText } from "./splice-text.js";
import type { SpanEdit } from "./splice-text.js";

/** What to bump to. */
export interface BumpRecipeOptions {
  readonly format: RecipeFormat;
  /** The new version, written as given (e.g. `1.20.0rc1`). */
  readonly version: string;
  /** One sha256 (64 hex digits) per version-dependent source, in the order of the sources in the recipe. */
  readonly sha256s: readonly string[];
  /** The build number a new version starts at (conda-forge: 0). */
  readonly buildNumber?: number;
}

/** One edited value. */
export interface RecipeChange {
  readonly kind: "version" | "sha256" | "build-number";
  /** 1-based line of the edited value. */
  readonly line: number;
  readonly before: string;
  readonly after: string;
  /** For a sha256: the rendered URL of its source. */
  readonly source?: string;
}

/** The edited recipe and what changed. */
export interface BumpRecipeResult {
  readonly text: string;
  readonly changes: readonly RecipeChange[];
  /** Nonzero build numbers left as conda-forge's bot leaves them (see `RecipeLayout.keptBuildNumbers`). */
  readonly keptBuildNumbers: readonly { readonly line: number; readonly text: string }[];
}

const sha256Pattern = /^[0-9a-f]{64}$/i;

/**
 * The version as the bump writes it. In a recipe.yaml `context`, the autotick bot writes a plain version in double
 * quotes (`version: "1.18.0"`), the convention maintainers review; elsewhere the recipe's quoting is kept.
 */
function bumpedVersionLiteral(format: RecipeFormat, span: TextSpan, version: string): string {
  if (format === "recipe.yaml" && span.quote === "") return `"${version}"`;
  return versionLiteral(span, version);
}

/** Bumps a recipe to a new version; throws an InputError (one line, naming the problem) for a recipe it cannot bump. */
export function bumpRecipe(text: string, options: BumpRecipeOptions): BumpRecipeResult {
  const handler = recipeFormatHandler(options.format);
  const file = handler.file;
  if (!/^[A-Za-z0-9][A-Za-z0-9._+!-]*$/.test(options.version)) {
    throw new InputError(`"${options.version}" is not a version that can go into a recipe (expected e.g. 1.20.0rc1)`);
  }
  const bad = options.sha256s.find((sha) => !sha256Pattern.test(sha));
  if (bad !== undefined) throw new InputError(`"${bad}" is not a sha256 (expected 64 hexadecimal digits)`);
  const hashes = options.sha256s.map((sha) => sha.toLowerCase());

  const layout = requireVersionLayout(handler, text);
  if (layout.sources.length === 0) {
    throw new InputError(
      layout.gitSources > 0
        ? `${file} builds from a git checkout only (git_url/git); release-kit bumps a source with a url and a sha256, so switch the source to the release tarball first`
        : `${file} has no source with a url; release-kit bumps a tarball source with a sha256`,
    );
  }
  const { sources } = renderWithDependence(handler, text, layout, options.version);
  const dependent = sources.filter((source) => source.dependsOnVersion);
  if (dependent.length === 0) {
    throw new InputError(
      `${file}: no source URL uses the version (${sources.map((s) => s.rawUrl).join(", ")}); template the version into the release tarball URL first`,
    );
  }
  if (hashes.length < dependent.length) {
    const missing = dependent[hashes.length];
    throw new InputError(
      `no sha256 given for source ${missing?.url ?? "?"}; pass one --sha256 per version-dependent source (${dependent.length}), in recipe order`,
    );
  }
  if (hashes.length > dependent.length) {
    throw new InputError(
      `${hashes.length} sha256 values given but only ${dependent.length} source(s) depend on the version (${dependent.map((s) => s.url).join(", ")})`,
    );
  }

  const edits: SpanEdit[] = [];
  const changes: RecipeChange[] = [];
  const record = (kind: RecipeChange["kind"], span: TextSpan, after: string, source?: string): void => {
    const before = text.slice(span.start, span.end);
    if (before === after) return;
    edits.push({ span, text: after });
    changes.push({ kind, line: lineOfOffset(text, span.start), before, after, ...(source ? { source } : {}) });
  };

  for (const span of layout.version)
    record("version", span, bumpedVersionLiteral(options.format, span, options.version));

  const shaBySpan = new Map<number, string>();
  dependent.forEach((source, i) => {
    const slot = layout.sources[source.index];
    const hash = hashes[i] ?? "";
    if (!slot?.sha) {
      throw new InputError(
        `${file}: source ${source.url} depends on the version but ${slot?.shaProblem ?? "has no sha256 line"}; give it a literal sha256`,
      );
    }
    const earlier = shaBySpan.get(slot.sha.span.start);
    if (earlier !== undefined && earlier !== hash) {
      throw new InputError(
        `${file}: two version-dependent sources share the sha256 variable ${slot.sha.variable ?? "?"} but were given different hashes`,
      );
    }
    shaBySpan.set(slot.sha.span.start, hash);
    if (earlier === undefined) record("sha256", slot.sha.span, quoteLike(slot.sha.span, hash), source.url);
  });

  // Every other copy of a bumped source's old hash (an unused `context: sha256:` or `{% set sha256 %}` beside a
  // literal on the source, a comment) changes with it, as the bot's does: a stale copy is the next bump's wrong hash.
  const fixed: TextSpan[] = [];
  for (const source of sources) {
    const slot = layout.sources[source.index];
    if (!source.dependsOnVersion && slot?.sha) fixed.push(slot.sha.span);
  }
  dependent.forEach((source, i) => {
    const slot = layout.sources[source.index];
    if (!slot?.sha || !sha256Pattern.test(slot.sha.span.value)) return;
    const kept = [...edits.map((edit) => edit.span), ...fixed];
    for (const span of otherCopies(text, slot.sha.span.value, kept)) {
      record("sha256", span, hashes[i] ?? "", source.url);
    }
  });

  const buildNumber = String(options.buildNumber ?? 0);
  for (const span of layout.buildNumbers) record("build-number", span, buildNumber);

  changes.sort((a, b) => a.line - b.line);
  return { text: spliceText(text, edits), changes, keptBuildNumbers: layout.keptBuildNumbers ?? [] };
}

/**
 * Spans of `hash` (as a whole 64-hex word, any case) outside `kept`: the spans already edited, and the hashes of
 * sources that do not move with the version (the same file pinned as another source keeps its hash).
 */
function otherCopies(text: string, hash: string, kept: readonly TextSpan[]): TextSpan[] {
  const spans: TextSpan[] = [];
  const pattern = new RegExp(`(?<![0-9A-Fa-f])${hash}(?![0-9A-Fa-f])`, "gi");
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const end = start + hash.length;
    const inside = (span: TextSpan): boolean => start >= span.start && end <= span.end;
    if (kept.some(inside)) continue;
    spans.push({ start, end, value: match[0], quote: "" });
  }
  return spans;
}
