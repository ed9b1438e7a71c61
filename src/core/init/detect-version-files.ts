/**
 * Which files of a project hold its version, for `release-kit init`: a VERSION_NUMBER-style file, pyproject.toml
 * (static, or dynamic and followed to the file its backend reads), setup.cfg, `__version__` modules and package.json.
 * Every file proposed is read with the same updater `rc` will use, so what init writes is what the cut can bump.
 * Pure: the caller lists the paths and reads the files this asks for.
 */
import {
  createMarkerVersionFile,
  detectVersionFileKind,
  getVersionFileUpdater,
  type VersionFileKind,
} from "../version-files/index.js";
import { modulePathsOfAttr, pyprojectName, pyprojectVersionSource } from "./pyproject-version-source.js";

/** A file found to hold the version, as it would go into `project.version-files`. */
export interface DetectedVersionFile {
  readonly path: string;
  readonly kind: VersionFileKind;
  /** With kind marker: the marker text. */
  readonly marker?: string;
  /** The version it holds now. */
  readonly version: string;
  /** Why it was taken, in words (for the comment in release-kit.yml and the summary). */
  readonly why: string;
}

/** What the detection found: the files that agree on the project's version, and what was left out and why. */
export interface VersionFilesDetection {
  readonly files: readonly DetectedVersionFile[];
  /** The version they hold, or null when none was found. */
  readonly version: string | null;
  /** Facts worth saying (a dynamic version, tags as the source, files left out). */
  readonly notes: readonly string[];
  /** The package name pyproject.toml (or setup.cfg) declares, if any. */
  readonly packageName: string | null;
}

/** Plain files at the root that hold nothing but the version. */
const PLAIN_NAMES = ["VERSION_NUMBER", "VERSION", "version.txt"];
/** Module names that usually assign `__version__`. */
const MODULE_NAMES = new Set(["__init__.py", "_version.py", "version.py", "__about__.py", "__version__.py"]);
/** Folders whose modules are not the package's own. */
const SKIPPED_DIRS = new Set([
  "test",
  "tests",
  "testing",
  "docs",
  "doc",
  "examples",
  "example",
  "benchmarks",
  "third_party",
  "thirdparty",
  "vendor",
  "external",
  "extern",
  "node_modules",
  "build",
  "dist",
  "scripts",
  "tools",
]);
const MAX_MODULES = 12;
/** setup.cfg's `version = 1.2.3`: the marker kind with the key as its marker (an INI file has no inline comments). */
export const SETUP_CFG_MARKER = "version =";

/** Files to read first: the ones that say where the version lives. */
export function versionFileIndexes(paths: readonly string[]): string[] {
  return ["pyproject.toml", "setup.cfg"].filter((p) => paths.includes(p));
}

/** `pkg-name` as a module folder would be named: `pkg_name`, lower case. */
function moduleName(name: string): string {
  return name.toLowerCase().replace(/[-.]+/g, "_");
}

/** The setup.cfg `[metadata] version = ...` value, or null. */
function setupCfgVersion(text: string): string | null {
  const metadata = /^\[metadata\][ \t]*$([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(text)?.[1] ?? "";
  return /^version[ \t]*=[ \t]*(.+?)[ \t]*$/m.exec(metadata)?.[1] ?? null;
}

/** The setup.cfg `[metadata] name`, or null. */
function setupCfgName(text: string): string | null {
  const metadata = /^\[metadata\][ \t]*$([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(text)?.[1] ?? "";
  return /^name[ \t]*=[ \t]*(\S+)[ \t]*$/m.exec(metadata)?.[1] ?? null;
}

/** Files a pyproject.toml or setup.cfg points at for the version (attr modules, `file:` entries). */
function referencedFiles(paths: readonly string[], indexes: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  const pyproject = indexes.get("pyproject.toml");
  if (pyproject !== undefined) {
    const source = pyprojectVersionSource(pyproject);
    if (source.kind === "attr") found.push(...modulePathsOfAttr(source.attr, paths).slice(0, 1));
    if (source.kind === "file") found.push(source.path);
  }
  const cfgVersion = setupCfgVersion(indexes.get("setup.cfg") ?? "");
  const attr = /^attr:\s*(\S+)/.exec(cfgVersion ?? "")?.[1];
  if (attr !== undefined) found.push(...modulePathsOfAttr(attr, paths).slice(0, 1));
  const file = /^file:\s*(\S+)/.exec(cfgVersion ?? "")?.[1];
  if (file !== undefined) found.push(file);
  return found.filter((p) => paths.includes(p));
}

/** The package name the indexes declare: pyproject's [project] name, else setup.cfg's. */
function declaredName(indexes: ReadonlyMap<string, string>): string | null {
  const pyproject = indexes.get("pyproject.toml");
  return (pyproject === undefined ? null : pyprojectName(pyproject)) ?? setupCfgName(indexes.get("setup.cfg") ?? "");
}

/** `__version__` modules worth reading: in the package's own folder first, never under tests or docs. */
function moduleCandidates(paths: readonly string[], name: string | null): string[] {
  const own = name === null ? null : moduleName(name);
  const modules = paths.filter((p) => {
    const parts = p.split("/");
    const file = parts[parts.length - 1] ?? "";
    if (!MODULE_NAMES.has(file) || parts.length < 2 || parts.length > 4) return false;
    return !parts.slice(0, -1).some((d) => SKIPPED_DIRS.has(d.toLowerCase()) || d.startsWith("."));
  });
  const rank = (p: string) => (own !== null && p.split("/").slice(0, -1).includes(own) ? 0 : 1);
  return modules
    .sort((a, b) => rank(a) - rank(b) || a.split("/").length - b.split("/").length || a.localeCompare(b))
    .slice(0, MAX_MODULES);
}

/** Every file the detection wants to read, given the tracked paths and the texts of `versionFileIndexes`. */
export function versionFileCandidates(paths: readonly string[], indexes: ReadonlyMap<string, string>): string[] {
  const wanted = [
    ...PLAIN_NAMES.filter((p) => paths.includes(p)),
    ...versionFileIndexes(paths),
    ...referencedFiles(paths, indexes),
    ...(paths.includes("package.json") ? ["package.json"] : []),
    ...moduleCandidates(paths, declaredName(indexes)),
  ];
  return [...new Set(wanted)];
}

interface Found extends DetectedVersionFile {
  /** Lower is more authoritative: the file the build reads wins over a copy. */
  readonly rank: number;
}

/** Reads a file with a kind's updater; null when it holds no readable version. */
function readWith(kind: VersionFileKind, path: string, text: string, marker?: string): string | null {
  try {
    const updater = kind === "marker" ? createMarkerVersionFile(marker) : getVersionFileUpdater(kind);
    return updater.read(text, path);
  } catch {
    return null;
  }
}

/** Detects the version files among `files` (path -> text), as read for `versionFileCandidates`. */
export function detectVersionFiles(
  paths: readonly string[],
  files: ReadonlyMap<string, string>,
): VersionFilesDetection {
  const found: Found[] = [];
  const notes: string[] = [];
  const add = (entry: Found) => {
    if (!found.some((f) => f.path === entry.path)) found.push(entry);
  };

  for (const path of PLAIN_NAMES) {
    const text = files.get(path);
    const version = text === undefined ? null : readWith("plain", path, text);
    if (version !== null) add({ path, kind: "plain", version, why: "holds the version alone", rank: 0 });
  }

  const referenced = new Set(referencedFiles(paths, files));
  const pyproject = files.get("pyproject.toml");
  if (pyproject !== undefined) {
    const source = pyprojectVersionSource(pyproject);
    if (source.kind === "static") {
      add({ path: "pyproject.toml", kind: "pyproject", version: source.version, why: "[project] version", rank: 1 });
    } else if (source.kind === "attr" || source.kind === "file") {
      const target = source.kind === "attr" ? `the attribute ${source.attr}` : source.path;
      const where = [...referenced].filter((p) => p !== "pyproject.toml");
      notes.push(
        `pyproject.toml: the version is dynamic; ${source.backend} reads it from ${target}${where.length > 0 && source.kind === "attr" ? ` (${where[0]})` : ""}`,
      );
    } else if (source.kind === "tags") {
      notes.push(
        `pyproject.toml: the version comes from git tags (${source.backend}) at build time; no file holds it, so the tag release-kit makes is the version`,
      );
    } else if (source.kind === "dynamic-unknown") {
      notes.push("pyproject.toml: the version is dynamic and pyproject.toml does not say from where (a setup.py?)");
    }
  }

  const cfg = files.get("setup.cfg");
  const cfgVersion = cfg === undefined ? null : setupCfgVersion(cfg);
  if (cfg !== undefined && cfgVersion !== null && !/^(attr|file):/.test(cfgVersion)) {
    const version = readWith("marker", "setup.cfg", cfg, SETUP_CFG_MARKER);
    if (version !== null)
      add({
        path: "setup.cfg",
        kind: "marker",
        marker: SETUP_CFG_MARKER,
        version,
        why: "[metadata] version",
        rank: 1,
      });
    else notes.push(`setup.cfg: [metadata] version = ${cfgVersion} is not one version release-kit can bump; left out`);
  }

  for (const path of referenced) {
    const text = files.get(path);
    if (text === undefined) continue;
    const kind = detectVersionFileKind(path);
    const version = kind === "marker" ? null : readWith(kind, path, text);
    if (version !== null) add({ path, kind, version, why: "the file the build reads the version from", rank: 0 });
    else notes.push(`${path}: the build reads the version there, but not in a form release-kit can bump; left out`);
  }

  for (const [path, text] of files) {
    if (!path.endsWith(".py") || referenced.has(path)) continue;
    const version = readWith("python", path, text);
    if (version !== null) add({ path, kind: "python", version, why: "assigns __version__", rank: 2 });
  }

  const packageJson = files.get("package.json");
  const npmVersion = packageJson === undefined ? null : readWith("package-json", "package.json", packageJson);
  if (npmVersion !== null)
    add({ path: "package.json", kind: "package-json", version: npmVersion, why: '"version"', rank: 3 });

  const best = [...found].sort((a, b) => a.rank - b.rank)[0];
  const version = best?.version ?? null;
  const chosen = found.filter((f) => f.version === version);
  for (const f of found)
    if (f.version !== version)
      notes.push(`${f.path} holds ${f.version}, not ${version ?? "?"} like ${best?.path ?? "?"}: left out`);
  if (chosen.length === 0) notes.push("no file holding the version was found: set project.version-files by hand");
  return {
    files: chosen.map(({ rank: _rank, ...f }) => f),
    version,
    notes,
    packageName: declaredName(files),
  };
}
