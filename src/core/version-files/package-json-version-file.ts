/**
 * `package.json`: the top-level `"version"` string. The file is scanned, not re-serialised, so indentation, key order
 * and line endings stay exactly as they were; nested `"version"` keys (in dependencies, engines...) are left alone.
 */
import { InputError } from "../errors.js";
import type { LocatedString } from "./pyproject-project-table.js";
import { assertWritableVersion, versionNotFoundError, type VersionFileUpdater } from "./version-file-updater.js";

const EXPECTED = 'a top-level "version": "X.Y.Z"';

/** Finds the content offsets of the top-level "version" string value. */
function locateVersion(text: string, file: string | undefined): LocatedString {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file ?? "package.json"}: not valid JSON (${(error as Error).message}); fix the file`);
  }
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "{" || char === "[") depth += 1;
    else if (char === "}" || char === "]") depth -= 1;
    else if (char === '"') {
      const close = closingQuote(text, i + 1);
      const key = JSON.parse(text.slice(i, close + 1)) as string;
      const colon = /^\s*:\s*/.exec(text.slice(close + 1));
      if (depth === 1 && key === "version" && colon !== null) {
        const valueAt = close + 1 + colon[0].length;
        if (text[valueAt] !== '"') throw versionNotFoundError(file, EXPECTED, '"version" is not a string');
        const valueEnd = closingQuote(text, valueAt + 1);
        return { value: JSON.parse(text.slice(valueAt, valueEnd + 1)) as string, start: valueAt + 1, end: valueEnd };
      }
      i = close;
    }
    i += 1;
  }
  throw versionNotFoundError(file, EXPECTED);
}

function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i += 1;
    else if (text[i] === '"') return i;
  }
  return text.length;
}

/** The package-json kind: top-level "version", in place. */
export const packageJsonVersionFile: VersionFileUpdater = {
  kind: "package-json",
  expected: EXPECTED,
  read(text, file) {
    const { value } = locateVersion(text, file);
    if (value === "") throw versionNotFoundError(file, EXPECTED, '"version" is empty');
    return value;
  },
  update(text, newVersion, file) {
    assertWritableVersion(newVersion);
    const { start, end } = locateVersion(text, file);
    return `${text.slice(0, start)}${newVersion}${text.slice(end)}`;
  },
};
