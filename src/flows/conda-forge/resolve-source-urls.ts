/**
 * Finds the new release's source files before a recipe bump, as the conda-forge autotick bot does: the recipe's URL
 * rendered at the new version when it exists; else the package index's sdist for the new version (its current file
 * name: PEP 625 normalized, `_` for `-`, lower case); else a variant (tag `v` prefix, archive extension, release asset).
 * The `url:` literal is then rewritten minimally, keeping `{{ version }}` templating. Used by `conda-forge bump-recipe`
 * and the `conda-forge pr` flow, so both write the same URLs. A source that cannot be found is a one-line refusal.
 */
import type { PackageIndexClient } from "../../adapters/package-index.js";
import type { UrlProbe } from "../../adapters/url-probe.js";
import { InputError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { RecipeFormat, RecipeLayout } from "../../core/recipe/recipe-layout.js";
import { lineOfOffset } from "../../core/recipe/recipe-layout.js";
import { recipeFormatHandler } from "../../core/recipe/recipe-formats.js";
import { renderWithDependence, requireVersionLayout } from "../../core/recipe/render-source-urls.js";
import type { RenderedSource } from "../../core/recipe/render-source-urls.js";
import {
  digestPathPattern,
  indexNameCandidates,
  indexSdistTemplate,
  namesVersion,
  packageIndexHosts,
  pickSdist,
  templateUserUrl,
  transformedUrlTemplates,
} from "../../core/recipe/source-url-transforms.js";
import type { TemplateSyntax } from "../../core/recipe/source-url-transforms.js";
import { quoteLike, spliceText } from "../../core/recipe/splice-text.js";

/** What to resolve. */
export interface ResolveSourceUrlsInput {
  readonly format: RecipeFormat;
  readonly recipeText: string;
  /** The new version. */
  readonly version: string;
  /** URLs the user gave (`--url`), one per version-dependent source in recipe order; they win over any lookup. */
  readonly userUrls?: readonly string[];
  /** Skip every existence check (warned); still refuses a URL that names the old version or an old digest path. */
  readonly offline: boolean;
  /**
   * Keep a source that is not found yet as the recipe renders it, instead of refusing, when its URL follows the
   * version and names no old file: `conda-forge pr` then waits for it to be published (PyPI's upload lag).
   */
  readonly keepMissing?: boolean;
  /** What the refusal of a source that cannot be found tells the user to do (default: pass --url URL with it). */
  readonly missingAdvice?: string;
}

/** The outside world the resolution asks. */
export interface ResolveSourceUrlsDeps {
  readonly probe: UrlProbe;
  readonly index: PackageIndexClient;
  readonly logger: Logger;
}

/** How a source's URL was settled. */
export type SourceResolution =
  | "exists"
  | "package-index"
  | "variant"
  | "given"
  | "unchanged"
  | "not-checked"
  /** Not found yet, kept as rendered (keepMissing): the caller waits for it. */
  | "pending";

/** One source after resolution. */
export interface ResolvedSource {
  /** Rendered at the new version. */
  readonly url: string;
  readonly dependsOnVersion: boolean;
  readonly how: SourceResolution;
  /** The sha256 the package index lists for this file, when it was found there. */
  readonly indexSha256?: string;
}

/** The recipe with its URL lines rewritten where needed, and every source rendered. */
export interface ResolvedSources {
  readonly text: string;
  readonly sources: readonly ResolvedSource[];
  /** The URL lines that changed. */
  readonly rewritten: readonly { readonly line: number; readonly before: string; readonly after: string }[];
}

function syntaxOf(format: RecipeFormat): TemplateSyntax {
  return { open: format === "recipe.yaml" ? "${{ " : "{{ " };
}

/** Whether a rendered URL names a file of the old release: its version, or a digest folder that holds one file. */
function namesOldFile(url: string, oldVersion: string): boolean {
  return digestPathPattern.test(url) || namesVersion(url, oldVersion);
}

/** Whether a source must move to a new file on this bump (it depends on the version, or names an old file). */
function needsNewFile(source: RenderedSource, oldVersion: string): boolean {
  return source.dependsOnVersion || digestPathPattern.test(source.url) || namesVersion(source.url, oldVersion);
}

/** Resolves every source URL of the recipe for `input.version`; throws InputError (one line) when one is not found. */
export async function resolveSourceUrls(
  input: ResolveSourceUrlsInput,
  deps: ResolveSourceUrlsDeps,
): Promise<ResolvedSources> {
  const handler = recipeFormatHandler(input.format);
  const file = handler.file;
  const syntax = syntaxOf(input.format);
  const layout = requireVersionLayout(handler, input.recipeText);
  const oldVersion = layout.version[0]?.value ?? "";
  const render = (text: string, lay: RecipeLayout): RenderedSource[] =>
    renderWithDependence(handler, text, lay, input.version).sources;
  const initial = render(input.recipeText, layout);
  const moving = initial.filter((s) => oldVersion !== input.version && needsNewFile(s, oldVersion));

  let text = input.recipeText;
  const rewritten: { line: number; before: string; after: string }[] = [];
  const results = new Map<number, ResolvedSource>();

  /** Puts `template` in place of source `index`'s URL literal; returns the text and the URL it renders to. */
  const tryTemplate = (base: string, index: number, template: string): { text: string; url: string } | undefined => {
    const lay = handler.locate(base);
    const span = lay.sources[index]?.urlSpan;
    if (!span) return undefined;
    const candidate = spliceText(base, [{ span, text: quoteLike(span, template) }]);
    try {
      const url = render(candidate, handler.locate(candidate))[index]?.url;
      return url === undefined ? undefined : { text: candidate, url };
    } catch {
      return undefined;
    }
  };
  const accept = (index: number, next: { text: string; url: string }, resolved: ResolvedSource): void => {
    const span = handler.locate(text).sources[index]?.urlSpan;
    if (span) {
      const after = handler.locate(next.text).sources[index]?.urlSpan;
      rewritten.push({
        line: lineOfOffset(text, span.start),
        before: text.slice(span.start, span.end),
        after: after ? next.text.slice(after.start, after.end) : "",
      });
    }
    text = next.text;
    results.set(index, resolved);
  };

  // 1. URLs the user gave.
  const given = input.userUrls ?? [];
  if (given.length > 0) {
    if (given.length !== moving.length) {
      throw new InputError(
        `${given.length} --url given but ${file} has ${moving.length} source(s) that change with the version (${moving.map((s) => s.url).join(", ")}); give one --url per source, in recipe order`,
      );
    }
    for (const [k, source] of moving.entries()) {
      const url = given[k] ?? "";
      if (!/^https?:\/\/\S+$/.test(url)) throw new InputError(`--url ${url} is not an http(s) URL`);
      if (!input.offline && !(await deps.probe.exists(url))) {
        throw new InputError(`--url ${url} does not exist (HTTP 404); check the URL of the ${input.version} release`);
      }
      const next = tryTemplate(text, source.index, templateUserUrl(url, input.version, syntax));
      if (!next || next.url !== url) {
        throw new InputError(`${file}: cannot put --url ${url} into source ${source.index + 1} (${source.rawUrl})`);
      }
      accept(source.index, next, { url, dependsOnVersion: true, how: "given" });
    }
  }

  // 2. Offline: nothing is checked, but a URL that names an old file never passes.
  if (input.offline) {
    for (const source of render(text, handler.locate(text))) {
      if (results.has(source.index)) continue;
      if (
        digestPathPattern.test(source.url) ||
        (namesVersion(source.url, oldVersion) && oldVersion !== input.version)
      ) {
        throw new InputError(
          `${file}: source ${source.url} names ${digestPathPattern.test(source.url) ? "a package-index digest path of one old file" : `the old version ${oldVersion}`}; pass --url URL with the ${input.version} release's file (offline, release-kit cannot look it up)`,
        );
      }
      results.set(source.index, { url: source.url, dependsOnVersion: source.dependsOnVersion, how: "not-checked" });
    }
    deps.logger.warning("--offline: the source URLs were not checked; make sure each one exists before pushing");
    return finish(text, results, rewritten);
  }

  // 3. Online: each source as rendered, then the package index, then variants.
  const current = render(text, handler.locate(text));
  const exists = await Promise.all(
    current.map((s) =>
      results.has(s.index) || digestPathPattern.test(s.url) ? Promise.resolve(false) : deps.probe.exists(s.url),
    ),
  );
  for (const source of current) {
    if (results.has(source.index)) continue;
    const moves = moving.some((m) => m.index === source.index);
    if (exists[source.index] && !(moves && namesVersion(source.url, oldVersion) && !source.dependsOnVersion)) {
      results.set(source.index, {
        url: source.url,
        dependsOnVersion: source.dependsOnVersion,
        how: moves ? "exists" : "unchanged",
      });
      continue;
    }
    if (!moves && input.keepMissing) {
      results.set(source.index, { url: source.url, dependsOnVersion: false, how: "pending" });
      continue;
    }
    if (!moves) {
      throw new InputError(
        `${file}: source ${source.url} does not change with the version and does not exist (HTTP 404); fix its URL, or pass --offline to skip the check`,
      );
    }
    const found =
      (await fromPackageIndex(text, source, layout, input, deps, tryTemplate, syntax)) ??
      (await fromVariants(text, source, oldVersion, deps, tryTemplate, syntax));
    if (!found && input.keepMissing && source.dependsOnVersion && !namesOldFile(source.url, oldVersion)) {
      results.set(source.index, { url: source.url, dependsOnVersion: true, how: "pending" });
      continue;
    }
    if (!found) {
      throw new InputError(
        `${file}: source ${source.url} does not exist, and neither the package index nor a variant (tag prefix, archive extension) has the ${input.version} file; ${input.missingAdvice ?? "pass --url URL with it"}`,
      );
    }
    accept(source.index, found.next, found.resolved);
  }
  return finish(text, results, rewritten);
}

function finish(
  text: string,
  results: Map<number, ResolvedSource>,
  rewritten: { line: number; before: string; after: string }[],
): ResolvedSources {
  const sources = [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  return { text, sources, rewritten };
}

type TryTemplate = (base: string, index: number, template: string) => { text: string; url: string } | undefined;

async function fromPackageIndex(
  text: string,
  source: RenderedSource,
  layout: RecipeLayout,
  input: ResolveSourceUrlsInput,
  deps: ResolveSourceUrlsDeps,
  tryTemplate: TryTemplate,
  syntax: TemplateSyntax,
): Promise<{ next: { text: string; url: string }; resolved: ResolvedSource } | undefined> {
  if (!packageIndexHosts.test(source.url) && !digestPathPattern.test(source.url)) return undefined;
  for (const name of indexNameCandidates(source.url, [layout.name])) {
    const release = await deps.index.releaseFiles(name, input.version);
    if (!release) continue;
    const sdist = pickSdist(release.files, input.version);
    if (!sdist) continue;
    const template = indexSdistTemplate(source.rawUrl, { project: name, filename: sdist.filename }, input.version, {
      syntax,
      name: layout.name,
    });
    const next = tryTemplate(text, source.index, template);
    if (!next || !(await deps.probe.exists(next.url))) continue;
    const listed = release.files.find((f) => f.filename === sdist.filename);
    return {
      next,
      resolved: {
        url: next.url,
        dependsOnVersion: true,
        how: "package-index",
        ...(listed ? { indexSha256: listed.sha256 } : {}),
      },
    };
  }
  return undefined;
}

async function fromVariants(
  text: string,
  source: RenderedSource,
  oldVersion: string,
  deps: ResolveSourceUrlsDeps,
  tryTemplate: TryTemplate,
  syntax: TemplateSyntax,
): Promise<{ next: { text: string; url: string }; resolved: ResolvedSource } | undefined> {
  // A URL with the old version written out is first templated, then varied like any other.
  const base = source.dependsOnVersion ? source.rawUrl : templateUserUrl(source.rawUrl, oldVersion, syntax);
  const candidates = base === source.rawUrl ? transformedUrlTemplates(base) : [base, ...transformedUrlTemplates(base)];
  for (const template of candidates) {
    const next = tryTemplate(text, source.index, template);
    if (!next || next.url === source.url || !(await deps.probe.exists(next.url))) continue;
    return { next, resolved: { url: next.url, dependsOnVersion: true, how: "variant" } };
  }
  return undefined;
}
