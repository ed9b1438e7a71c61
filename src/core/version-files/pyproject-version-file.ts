/**
 * `pyproject.toml`: the `version` key of the `[project]` table. A `dynamic = ["version"]` means the build backend
 * reads the version from elsewhere; that is reported as DynamicVersionError so the caller can skip this file.
 */
import {
  assertWritableVersion,
  DynamicVersionError,
  versionNotFoundError,
  type VersionFileUpdater,
} from "./version-file-updater.js";
import { findProjectString, findProjectTable, readProjectStringArray } from "./pyproject-project-table.js";
import type { LocatedString } from "./pyproject-project-table.js";

const EXPECTED = 'version = "X.Y.Z" in the [project] table';

function locateVersion(text: string, file: string | undefined): LocatedString {
  const found = findProjectString(text, "version");
  if (found !== null && found.value !== "") return found;
  if (readProjectStringArray(text, "dynamic")?.includes("version"))
    throw new DynamicVersionError(file ?? "pyproject.toml");
  const detail = findProjectTable(text) === null ? "no [project] table" : "no version key in [project]";
  throw versionNotFoundError(file, EXPECTED, detail);
}

/** The pyproject kind: `[project].version`, in place. */
export const pyprojectVersionFile: VersionFileUpdater = {
  kind: "pyproject",
  expected: EXPECTED,
  read(text, file) {
    return locateVersion(text, file).value;
  },
  update(text, newVersion, file) {
    assertWritableVersion(newVersion);
    const { start, end } = locateVersion(text, file);
    return `${text.slice(0, start)}${newVersion}${text.slice(end)}`;
  },
};
