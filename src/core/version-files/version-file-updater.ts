/**
 * The contract of a version-file updater and the errors it raises. An updater is pure text -> text: it finds the
 * version, or replaces it and leaves every other byte (line endings, quotes, trailing newline) as it was.
 */
import { InputError } from "../errors.js";

/** One kind of version file (plain, pyproject, python, package-json, marker). */
export interface VersionFileUpdater {
  /** The registry name of this kind. */
  readonly kind: string;
  /** What the updater looks for, in words, for error messages (e.g. `__version__ = "X.Y.Z"`). */
  readonly expected: string;
  /** The version the text holds; throws InputError naming `file` when it is not found. */
  read(text: string, file?: string): string;
  /** The text with its version replaced by `newVersion` and nothing else changed. */
  update(text: string, newVersion: string, file?: string): string;
}

/** `[project]` in pyproject.toml declares `dynamic = ["version"]`: the version lives in another file. */
export class DynamicVersionError extends InputError {
  /** The pyproject.toml that declares the dynamic version. */
  readonly file: string;
  constructor(file: string) {
    super(
      `${file}: the version is dynamic (dynamic = ["version"] in [project]), so it is not in this file: ` +
        `list the file your build backend reads the version from in project.version-files instead`,
    );
    this.file = file;
  }
}

/** The InputError for a file in which the updater cannot find the version. */
export function versionNotFoundError(
  file: string | undefined,
  expected: string,
  detail = "no version found",
): InputError {
  return new InputError(
    `${file ?? "version file"}: ${detail} (expected ${expected}); fix the file or change its kind in project.version-files`,
  );
}

/** Refuses a new version that could not sit inside a version line unchanged (quotes, spaces, newlines). */
export function assertWritableVersion(newVersion: string): void {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+!_-]*$/.test(newVersion)) {
    throw new InputError(`"${newVersion}" cannot be written to a version file: give a version such as 1.20.0rc1`);
  }
}
