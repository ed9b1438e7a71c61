/** A plain version file (`VERSION_NUMBER`, `VERSION`): the whole file is the version, usually plus a newline. */
import { assertWritableVersion, versionNotFoundError, type VersionFileUpdater } from "./version-file-updater.js";

const EXPECTED = "the version alone, e.g. 1.20.0 and a newline";
const WHOLE_FILE = /^(\s*)(v?\d[0-9A-Za-z.+!_-]*)(\s*)$/;

/** The plain kind: reads and rewrites the single token, keeping surrounding whitespace and line ending. */
export const plainVersionFile: VersionFileUpdater = {
  kind: "plain",
  expected: EXPECTED,
  read(text, file) {
    const match = WHOLE_FILE.exec(text);
    if (match === null)
      throw versionNotFoundError(file, EXPECTED, text.trim() === "" ? "the file is empty" : undefined);
    return match[2] ?? "";
  },
  update(text, newVersion, file) {
    assertWritableVersion(newVersion);
    const match = WHOLE_FILE.exec(text);
    if (match === null) throw versionNotFoundError(file, EXPECTED);
    return `${match[1] ?? ""}${newVersion}${match[3] ?? ""}`;
  },
};
