/**
 * Line scanning of conda-build `meta.yaml` text. Jinja makes the file not YAML until rendered, so the raw text is read
 * line by line with careful patterns; the same scanner reads the rendered text, so raw and rendered sources line up.
 */

/** One line of text and the offset where it starts (the line excludes its `\n` and any `\r`). */
export interface TextLine {
  readonly text: string;
  readonly start: number;
  readonly index: number;
}

/** The lines of a text with their offsets; CRLF line ends are left out of `text`. */
export function textLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    const raw = text.slice(start, end);
    lines.push({ text: raw.endsWith("\r") ? raw.slice(0, -1) : raw, start, index: index++ });
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

/** A line that carries no YAML: blank, a comment, or only a Jinja statement or comment. */
export function isStructureless(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return true;
  return /^(\{%.*?%\}|\{#.*?#\})\s*(#.*)?$/.test(trimmed);
}

/** The indentation of a line (spaces before its first character). */
export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** A scalar value of a `key: value` line without its trailing comment and quotes, and where it sits in the line. */
export interface LineValue {
  readonly value: string;
  /** Column of the value's first character (its opening quote if quoted). */
  readonly column: number;
  /** Column after the value's last character (after its closing quote if quoted). */
  readonly endColumn: number;
  readonly quote: '"' | "'" | "";
}

/** Reads the value after `key:` starting at `column` (ignores a trailing `# comment` or `# [selector]`). */
export function readLineValue(line: string, column: number): LineValue | undefined {
  let col = column;
  while (col < line.length && (line[col] === " " || line[col] === "\t")) col++;
  if (col >= line.length || line[col] === "#") return undefined;
  const first = line[col];
  if (first === '"' || first === "'") {
    const close = line.indexOf(first, col + 1);
    if (close === -1) return undefined;
    return { value: line.slice(col + 1, close), column: col, endColumn: close + 1, quote: first };
  }
  // A plain scalar ends at " #" (a comment) or at the end of the line.
  const comment = line.slice(col).search(/\s#/);
  const raw = comment === -1 ? line.slice(col) : line.slice(col, col + comment);
  const value = raw.trimEnd();
  return { value, column: col, endColumn: col + value.length, quote: "" };
}

/** One `url`/`sha256` pair of the `source:` section, as written (raw text) or as rendered. */
export interface ScannedSource {
  /** First URL (a `url:` list of mirrors counts by its first entry). */
  readonly url: string;
  readonly urlLine: number;
  /** The `sha256:` value and where it sits, if the source has one. */
  readonly sha256: { readonly value: LineValue; readonly line: TextLine } | undefined;
}

/** All sources of the top-level `source:` section(s), in file order, and the count of git sources. */
export interface ScannedSources {
  readonly sources: ScannedSource[];
  readonly gitSources: number;
  readonly hasSourceSection: boolean;
}

interface ItemEntries {
  urls: { url: string; line: number }[];
  shas: { value: LineValue; line: TextLine }[];
  git: boolean;
}

/** Scans the top-level `source:` sections (a map, or a list of maps) of meta.yaml text, raw or rendered. */
export function scanMetaYamlSources(lines: readonly TextLine[]): ScannedSources {
  const items: ItemEntries[] = [];
  let hasSourceSection = false;
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i];
    if (!header || !/^source\s*:\s*(#.*)?$/.test(header.text)) continue;
    hasSourceSection = true;
    let style: "list" | "map" | undefined;
    let dashIndent = -1;
    let keyColumn = -1;
    let current: ItemEntries | undefined;
    for (i = i + 1; i < lines.length; i++) {
      const line = lines[i];
      if (!line) break;
      if (isStructureless(line.text)) continue;
      const indent = indentOf(line.text);
      if (indent === 0 && !line.text.startsWith("-")) {
        i--;
        break;
      }
      const dash = /^(\s*)-\s+/.exec(line.text);
      if (style === undefined) {
        style = dash ? "list" : "map";
        dashIndent = indent;
        keyColumn = indent;
      }
      let column = indent;
      if (style === "list" && dash && indent === dashIndent) {
        // A new list item: its keys line up after the dash.
        current = { urls: [], shas: [], git: false };
        items.push(current);
        column = (dash[0] ?? "").length;
        keyColumn = column;
      } else if (style === "map" && !current) {
        current = { urls: [], shas: [], git: false };
        items.push(current);
      }
      if (!current || column !== keyColumn) continue;
      const key = /^([A-Za-z_][\w-]*)\s*:/.exec(line.text.slice(column));
      if (!key) continue;
      const valueColumn = column + (key[0] ?? "").length;
      readEntry(current, key[1] ?? "", line, valueColumn, lines, i);
    }
  }
  const sources: ScannedSource[] = [];
  let gitSources = 0;
  for (const item of items) {
    if (item.urls.length === 0 && item.git) gitSources++;
    item.urls.forEach((url, k) => {
      sources.push({ url: url.url, urlLine: url.line, sha256: item.shas[k] });
    });
  }
  return { sources, gitSources, hasSourceSection };
}

function readEntry(
  item: ItemEntries,
  key: string,
  line: TextLine,
  valueColumn: number,
  lines: readonly TextLine[],
  index: number,
): void {
  const value = readLineValue(line.text, valueColumn);
  if (key === "git_url" || key === "git") item.git = true;
  if (key === "sha256" && value) item.shas.push({ value, line });
  if (key !== "url") return;
  if (value) {
    item.urls.push({ url: value.value, line: line.index });
    return;
  }
  // `url:` followed by a list of mirrors: the first one names the source.
  for (let j = index + 1; j < lines.length; j++) {
    const next = lines[j];
    if (!next) break;
    if (isStructureless(next.text)) continue;
    const mirror = /^\s*-\s+/.exec(next.text);
    const mirrorValue = mirror ? readLineValue(next.text, (mirror[0] ?? "").length) : undefined;
    if (mirrorValue) item.urls.push({ url: mirrorValue.value, line: line.index });
    break;
  }
}
