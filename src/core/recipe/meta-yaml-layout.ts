/**
 * Finds what a version bump edits in a conda-build `meta.yaml`: `{% set version = "..." %}`, each source's sha256
 * (a literal on its `sha256:` line, or the `{% set %}` variable that line refers to) and the literal build numbers
 * (`number: N` under `build:`, and `{% set build|build_number = N %}`; arithmetic is left alone).
 */
import type { RecipeLayout, SourceLayout, TextSpan } from "./recipe-layout.js";
import { indentOf, isStructureless, scanMetaYamlSources, textLines } from "./meta-yaml-lines.js";
import type { ScannedSource, TextLine } from "./meta-yaml-lines.js";

/** `{% set NAME = "literal" %}` (with optional whitespace control); group 2 is the quote, 3 the value. */
function setLiteralPattern(name: string): RegExp {
  return new RegExp(`\\{%-?\\s*set\\s+(${name})\\s*=\\s*(["'])([^"'\\n]*)\\2\\s*-?%\\}`);
}

/** `{% set NAME = ... %}` with any expression. */
function setAnyPattern(name: string): RegExp {
  return new RegExp(`\\{%-?\\s*set\\s+(${name})\\s*=\\s*(.*?)\\s*-?%\\}`);
}

/**
 * The build-number variables a bump resets: exactly the two names conda-forge's autotick bot resets (regro/cf-scripts
 * `DEFAULT_BUILD_PATTERNS`: `number:`, `{% set build_number %}`, `{% set build %}`, quoted or not). A feedstock that
 * holds its build number under another name (`build_num`) keeps it across versions on the bot's bumps, and its
 * maintainers review and merge exactly that; such a variable is reported (`keptBuildNumbers`), not rewritten.
 */
const buildSetPattern = /\{%-?\s*set\s+(build_number|build)\s*=\s*(["']?)(\d+)\2\s*-?%\}/;

/** `{% set NAME = N %}` of any name, to find a build number held under a name the bump does not reset. */
const anyIntegerSetPattern = /\{%-?\s*set\s+([A-Za-z_]\w*)\s*=\s*(["']?)(\d+)\2\s*-?%\}/;

/** Spans of every `{% set NAME = "literal" %}`, and the lines that set NAME to anything else. */
export function findSetLiterals(lines: readonly TextLine[], name: string): { spans: TextSpan[]; computed: string[] } {
  const spans: TextSpan[] = [];
  const computed: string[] = [];
  const literal = setLiteralPattern(name);
  const any = setAnyPattern(name);
  for (const line of lines) {
    const match = literal.exec(line.text);
    if (match) {
      const quote = match[2] === "'" ? "'" : '"';
      const value = match[3] ?? "";
      const quoteAt = line.text.indexOf(`${quote}${value}${quote}`, match.index + (match[0] ?? "").indexOf("="));
      spans.push({ start: line.start + quoteAt, end: line.start + quoteAt + value.length + 2, value, quote });
    } else if (any.test(line.text) && !line.text.trimStart().startsWith("#")) {
      computed.push(line.text.trim());
    }
  }
  return { spans, computed };
}

/** Everything a bump edits in a meta.yaml text. */
export function locateMetaYaml(text: string): RecipeLayout {
  const lines = textLines(text);
  const version = findSetLiterals(lines, "version");
  const scanned = scanMetaYamlSources(lines);
  const sources = scanned.sources.map((source) => ({
    ...sourceLayout(source, lines),
    ...urlSpanOf(text, lines, source),
  }));
  const name = findSetLiterals(lines, "name").spans;
  return {
    ...(name.length === 1 && name[0] ? { name: name[0].value } : {}),
    version: version.spans,
    sources,
    gitSources: scanned.gitSources,
    buildNumbers: [...buildSets(lines), ...buildNumberLines(lines)],
    keptBuildNumbers: keptBuildSets(lines),
    ...(version.computed.length > 0
      ? { versionProblem: `the version is computed (\`${version.computed[0]}\`), not a literal release-kit can set` }
      : {}),
  };
}

/** The span of a source's URL literal: on its `url:` line, or the first mirror line below it. */
function urlSpanOf(text: string, lines: readonly TextLine[], source: ScannedSource): { urlSpan?: TextSpan } {
  const from = lines[source.urlLine]?.start ?? 0;
  const at = text.indexOf(source.url, from);
  if (at === -1 || source.url === "") return {};
  const before = text[at - 1];
  const quote = (before === '"' || before === "'") && text[at + source.url.length] === before ? before : "";
  const start = quote ? at - 1 : at;
  return { urlSpan: { start, end: at + source.url.length + (quote ? 1 : 0), value: source.url, quote } };
}

function sourceLayout(source: ScannedSource, lines: readonly TextLine[]): SourceLayout {
  const sha = source.sha256;
  if (!sha) return { rawUrl: source.url, sha: undefined };
  const reference = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}$/.exec(sha.value.value)?.[1];
  if (reference) {
    const held = findSetLiterals(lines, reference);
    if (held.spans.length === 1 && held.computed.length === 0 && held.spans[0]) {
      return { rawUrl: source.url, sha: { span: held.spans[0], variable: reference } };
    }
    return {
      rawUrl: source.url,
      sha: undefined,
      shaProblem: `its sha256 refers to \`${reference}\`, which is not set exactly once to a literal`,
    };
  }
  if (sha.value.value.includes("{{")) {
    return { rawUrl: source.url, sha: undefined, shaProblem: `its sha256 is the expression \`${sha.value.value}\`` };
  }
  const start = sha.line.start + sha.value.column;
  return {
    rawUrl: source.url,
    sha: { span: { start, end: sha.line.start + sha.value.endColumn, value: sha.value.value, quote: sha.value.quote } },
  };
}

function buildSets(lines: readonly TextLine[]): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const line of lines) {
    const match = buildSetPattern.exec(line.text);
    if (!match || line.text.trimStart().startsWith("#")) continue;
    const value = match[3] ?? "";
    const at = match.index + (match[0] ?? "").lastIndexOf(value);
    spans.push({ start: line.start + at, end: line.start + at + value.length, value, quote: "" });
  }
  return spans;
}

/**
 * Nonzero `{% set NAME = N %}` whose NAME a `number:` line uses but the bump does not reset (sympy's `build_num`):
 * the line as written and its 1-based number.
 */
function keptBuildSets(lines: readonly TextLine[]): { line: number; text: string }[] {
  const numberExpressions = lines
    .map((line) => /^\s*number\s*:\s*\{\{(.*?)\}\}/.exec(line.text)?.[1])
    .filter((expression): expression is string => expression !== undefined);
  const kept: { line: number; text: string }[] = [];
  for (const line of lines) {
    const match = anyIntegerSetPattern.exec(line.text);
    if (!match || buildSetPattern.test(line.text) || Number(match[3]) === 0) continue;
    const name = match[1] ?? "";
    if (!numberExpressions.some((expression) => new RegExp(`\\b${name}\\b`).test(expression))) continue;
    kept.push({ line: line.index + 1, text: line.text.trim() });
  }
  return kept;
}

/** `number: N` lines whose parent key is `build:` (a package's or an output's). */
function buildNumberLines(lines: readonly TextLine[]): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const line of lines) {
    const match = /^(\s*)number\s*:\s*(\d+)\s*(#.*)?$/.exec(line.text);
    if (!match) continue;
    const parent = parentKeyLine(lines, line.index);
    if (!parent || !/^\s*(-\s+)?build\s*:\s*(#.*)?$/.test(parent.text)) continue;
    const value = match[2] ?? "";
    const at = line.text.indexOf(value, (match[1] ?? "").length + "number".length);
    spans.push({ start: line.start + at, end: line.start + at + value.length, value, quote: "" });
  }
  return spans;
}

function parentKeyLine(lines: readonly TextLine[], index: number): TextLine | undefined {
  const own = indentOf(lines[index]?.text ?? "");
  for (let i = index - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line || isStructureless(line.text)) continue;
    if (indentOf(line.text) < own) return line;
  }
  return undefined;
}
