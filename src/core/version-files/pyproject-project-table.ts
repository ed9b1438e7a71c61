/**
 * A small, focused reader for the `[project]` table of pyproject.toml: just enough TOML to find a string key
 * (`version`, `requires-python`) and a string array (`classifiers`, `dynamic`) with their positions, so updaters can
 * rewrite one value in place. No TOML dependency: release-kit needs these few keys only.
 */

/** A string value found in the text, with the offsets of its content (inside the quotes). */
export interface LocatedString {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const TABLE_HEADER = /^[ \t]*\[\[?[ \t]*[A-Za-z0-9_.\-"' \t]+\]\]?[ \t]*(?:#.*)?\r?$/gm;
const PROJECT_HEADER = /^[ \t]*\[[ \t]*project[ \t]*\][ \t]*(?:#.*)?\r?$/;

/** Offsets of the `[project]` table body (from after its header line to the next table header), or null. */
export function findProjectTable(text: string): { start: number; end: number } | null {
  const headers = [...text.matchAll(TABLE_HEADER)];
  const index = headers.findIndex((header) => PROJECT_HEADER.test(header[0]));
  if (index === -1) return null;
  const header = headers[index] as RegExpExecArray;
  const afterHeader = header.index + header[0].length;
  const next = headers[index + 1];
  return { start: afterHeader, end: next === undefined ? text.length : next.index };
}

/** The string value of `key = "..."` (or `'...'`) in `[project]`, or null when absent or not a one-line string. */
export function findProjectString(text: string, key: string): LocatedString | null {
  const table = findProjectTable(text);
  if (table === null) return null;
  const body = text.slice(table.start, table.end);
  const pattern = new RegExp(`^([ \\t]*${escapeKey(key)}[ \\t]*=[ \\t]*)(["'])([^"'\\r\\n]*)\\2`, "m");
  const match = pattern.exec(body);
  if (match === null) return null;
  const start = table.start + match.index + (match[1] ?? "").length + 1;
  const value = match[3] ?? "";
  return { value, start, end: start + value.length };
}

/** The strings of `key = [ ... ]` in `[project]` (one line or many, with comments), or null when absent. */
export function readProjectStringArray(text: string, key: string): string[] | null {
  const table = findProjectTable(text);
  if (table === null) return null;
  const body = text.slice(table.start, table.end);
  const opening = new RegExp(`^[ \\t]*${escapeKey(key)}[ \\t]*=[ \\t]*\\[`, "m").exec(body);
  if (opening === null) return null;
  const values: string[] = [];
  let i = opening.index + opening[0].length;
  while (i < body.length) {
    const char = body[i] as string;
    if (char === "]") return values;
    if (char === "#") {
      const newline = body.indexOf("\n", i);
      i = newline === -1 ? body.length : newline + 1;
    } else if (char === '"' || char === "'") {
      const close = findClosingQuote(body, i + 1, char);
      if (close === -1) return values;
      const raw = body.slice(i + 1, close);
      values.push(char === '"' ? raw.replace(/\\(["\\])/g, "$1") : raw);
      i = close + 1;
    } else {
      i += 1;
    }
  }
  return values;
}

function findClosingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === "\\" && quote === '"') i += 1;
    else if (char === quote) return i;
    else if (char === "\n") return -1;
  }
  return -1;
}

function escapeKey(key: string): string {
  const bare = key.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  // TOML also allows a key in quotes: "requires-python" = ...
  return `(?:${bare}|"${bare}"|'${bare}')`;
}
