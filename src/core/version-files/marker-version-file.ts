/**
 * Any other file: the version sits on a line that carries a marker comment, by default `release-kit: version`, e.g.
 * `set(VERSION 1.20.0) # release-kit: version`. The one version-looking token on each marked line is replaced.
 */
import { InputError } from "../errors.js";
import { assertWritableVersion, versionNotFoundError, type VersionFileUpdater } from "./version-file-updater.js";

/** The marker text used when the config names none. */
export const defaultVersionMarker = "release-kit: version";

// A version-looking token (group 2), after an optional "v" (group 1): X.Y[.Z[.W]] with optional PEP 440 / SemVer pre, post and dev parts; not part of a longer word.
const VERSION_TOKEN =
  /(?<![\w.+-])(v?)(\d+(?:\.\d+){1,3}(?:[-.]?(?:a|b|c|rc|alpha|beta|pre|preview|dev|post)(?:[-.]?\d+)?)*(?:\+[0-9A-Za-z.]+)?)(?![\w+-]|\.\w)/g;

interface MarkedToken {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

/** Builds a marker updater for the given marker text. */
export function createMarkerVersionFile(marker: string = defaultVersionMarker): VersionFileUpdater {
  if (marker.trim() === "" || /[\r\n]/.test(marker)) {
    throw new InputError(
      `version file marker "${marker}" is not valid: give one line of text, e.g. ${defaultVersionMarker}`,
    );
  }
  const expected = `a line with a version and the marker comment "${marker}"`;

  function locate(text: string, file: string | undefined): MarkedToken[] {
    const tokens: MarkedToken[] = [];
    let offset = 0;
    const lines = text.split("\n");
    lines.forEach((line, index) => {
      const at = line.indexOf(marker);
      if (at !== -1) {
        // Blank the marker out so a digit inside it is never taken for the version.
        const searchable = line.slice(0, at) + " ".repeat(marker.length) + line.slice(at + marker.length);
        const found = [...searchable.matchAll(VERSION_TOKEN)];
        if (found.length !== 1) {
          const what = found.length === 0 ? "no version" : `${found.length} version-like values`;
          throw versionNotFoundError(file, expected, `line ${index + 1} carries the marker but ${what}`);
        }
        const match = found[0] as RegExpExecArray;
        // A leading "v" stays in place: only the version after it is the value.
        const start = offset + match.index + (match[1] ?? "").length;
        const value = match[2] ?? "";
        tokens.push({ line: index + 1, start, end: start + value.length, value });
      }
      offset += line.length + 1;
    });
    if (tokens.length === 0) throw versionNotFoundError(file, expected, "no line carries the marker");
    const first = tokens[0] as MarkedToken;
    const other = tokens.find((token) => token.value !== first.value);
    if (other !== undefined) {
      throw new InputError(
        `${file ?? "version file"}: marked lines disagree (line ${first.line}: ${first.value}, line ${other.line}: ${other.value}); make them equal`,
      );
    }
    return tokens;
  }

  return {
    kind: "marker",
    expected,
    read(text, file) {
      return (locate(text, file)[0] as MarkedToken).value;
    },
    update(text, newVersion, file) {
      assertWritableVersion(newVersion);
      let result = text;
      // Replace from the end so earlier offsets stay valid.
      for (const token of locate(text, file).reverse()) {
        result = `${result.slice(0, token.start)}${newVersion}${result.slice(token.end)}`;
      }
      return result;
    },
  };
}

/** The marker kind with the default marker `release-kit: version`. */
export const markerVersionFile: VersionFileUpdater = createMarkerVersionFile();
