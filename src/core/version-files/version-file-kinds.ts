/**
 * The name-keyed registry of version-file kinds, and the choice of a kind from a file name when the config gives
 * none. Reading and updating through here adds the file name to every error.
 */
import { ConfigError } from "../errors.js";
import { createMarkerVersionFile, markerVersionFile } from "./marker-version-file.js";
import { packageJsonVersionFile } from "./package-json-version-file.js";
import { plainVersionFile } from "./plain-version-file.js";
import { pyprojectVersionFile } from "./pyproject-version-file.js";
import { pythonVersionFile } from "./python-version-file.js";
import type { VersionFileUpdater } from "./version-file-updater.js";

/** The kinds of version file release-kit can read and update. */
export type VersionFileKind = "plain" | "pyproject" | "python" | "package-json" | "marker";

const KINDS: Readonly<Record<VersionFileKind, VersionFileUpdater>> = {
  plain: plainVersionFile,
  pyproject: pyprojectVersionFile,
  python: pythonVersionFile,
  "package-json": packageJsonVersionFile,
  marker: markerVersionFile,
};

/** A file in the project repository that holds the version (an entry of `project.version-files`). */
export interface VersionFileConfig {
  /** Path in the project repository. */
  readonly path: string;
  /** Given, or inferred from the file name (pyproject.toml, package.json, *.py, else plain). */
  readonly kind: VersionFileKind;
  /** With kind `marker`: the marker comment on the version's line. */
  readonly marker?: string;
}

/** Every known kind name, for the schema and error messages. */
export const versionFileKindNames: readonly VersionFileKind[] = Object.keys(KINDS) as VersionFileKind[];

/** True when `name` is a known version-file kind. */
export function isVersionFileKind(name: string): name is VersionFileKind {
  return Object.hasOwn(KINDS, name);
}

/** Options of a version-file entry in the config. */
export interface VersionFileOptions {
  /** Marker text for the marker kind (default `release-kit: version`). */
  readonly marker?: string;
}

/** The updater of a kind; an unknown kind is a ConfigError that lists the known ones. */
export function getVersionFileUpdater(kind: string, options: VersionFileOptions = {}): VersionFileUpdater {
  if (!isVersionFileKind(kind)) {
    throw new ConfigError(
      `unknown version file kind "${kind}": use one of ${versionFileKindNames.join(", ")} (project.version-files)`,
    );
  }
  if (kind === "marker" && options.marker !== undefined) return createMarkerVersionFile(options.marker);
  return KINDS[kind];
}

/**
 * The kind of a version file: `explicitKind` when given (validated), else from the file name: VERSION_NUMBER,
 * VERSION and *.txt are plain, pyproject.toml, *.py, package.json; anything else (CMakeLists.txt too) is marker.
 */
export function detectVersionFileKind(path: string, explicitKind?: string): VersionFileKind {
  if (explicitKind !== undefined) {
    getVersionFileUpdater(explicitKind);
    return explicitKind as VersionFileKind;
  }
  const name = path.split(/[\\/]/).pop() ?? path;
  if (name === "VERSION_NUMBER" || name === "VERSION") return "plain";
  if (name === "pyproject.toml") return "pyproject";
  if (name === "package.json") return "package-json";
  if (name.endsWith(".py")) return "python";
  // CMakeLists.txt holds the version inside a command, not as the whole file.
  if (name.endsWith(".txt") && name !== "CMakeLists.txt") return "plain";
  return "marker";
}

/** Reads the version of a file, choosing its kind as `detectVersionFileKind` does. */
export function readVersionFile(path: string, text: string, kind?: string, options?: VersionFileOptions): string {
  return getVersionFileUpdater(detectVersionFileKind(path, kind), options).read(text, path);
}

/** The new text of a file with its version replaced, choosing its kind as `detectVersionFileKind` does. */
export function updateVersionFile(
  path: string,
  text: string,
  newVersion: string,
  kind?: string,
  options?: VersionFileOptions,
): string {
  return getVersionFileUpdater(detectVersionFileKind(path, kind), options).update(text, newVersion, path);
}
