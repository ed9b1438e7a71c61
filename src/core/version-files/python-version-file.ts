/** A Python module that assigns `__version__ = "X.Y.Z"` (single or double quotes, optional `: str`) at top level. */
import { InputError } from "../errors.js";
import { assertWritableVersion, versionNotFoundError, type VersionFileUpdater } from "./version-file-updater.js";

const EXPECTED = 'a top-level line __version__ = "X.Y.Z"';
const ASSIGNMENT = /^(__version__[ \t]*(?::[ \t]*str[ \t]*)?=[ \t]*)(["'])([^"'\r\n]*)\2/gm;

/** The python kind: every top-level `__version__` assignment, which must agree. */
export const pythonVersionFile: VersionFileUpdater = {
  kind: "python",
  expected: EXPECTED,
  read(text, file) {
    const values = [...text.matchAll(ASSIGNMENT)].map((match) => match[3] ?? "");
    const first = values[0];
    if (first === undefined || first === "") throw versionNotFoundError(file, EXPECTED);
    if (values.some((value) => value !== first)) {
      throw new InputError(
        `${file ?? "version file"}: __version__ is assigned different values (${values.join(", ")}): keep one assignment`,
      );
    }
    return first;
  },
  update(text, newVersion, file) {
    assertWritableVersion(newVersion);
    this.read(text, file);
    return text.replace(ASSIGNMENT, (_all, head: string, quote: string) => `${head}${quote}${newVersion}${quote}`);
  },
};
