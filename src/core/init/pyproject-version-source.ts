/**
 * Where a pyproject.toml says the version comes from: a static `[project] version`, or, when `dynamic` holds
 * "version", the build backend's setting (setuptools `attr`/`file`, hatch `path`, scikit-build-core's regex `input`)
 * or git tags (setuptools_scm, hatch-vcs, versioningit). Just enough TOML for these keys; no TOML dependency.
 */
import { findProjectString, readProjectStringArray } from "../version-files/index.js";

/** What a pyproject.toml says about the version. */
export type PyprojectVersionSource =
  | { readonly kind: "static"; readonly version: string }
  /** `version = {attr = "pkg.mod.__version__"}`: the module that assigns it. */
  | { readonly kind: "attr"; readonly attr: string; readonly backend: string }
  /** A file that holds the version (setuptools `file`, hatch `path`, scikit-build-core regex `input`). */
  | { readonly kind: "file"; readonly path: string; readonly backend: string }
  /** Computed from git tags at build time: there is no file to bump. */
  | { readonly kind: "tags"; readonly backend: string }
  /** Dynamic, but nothing here names where from (a setup.py, most likely). */
  | { readonly kind: "dynamic-unknown" }
  /** No [project] version at all (no [project] table, or a project that does not declare one). */
  | { readonly kind: "none" };

const HEADER = /^[ \t]*\[([^[\]\r\n]+)\][ \t]*(?:#.*)?$/gm;

/** The body of the table `[name]` (dotted name, spaces ignored), or null. */
export function tomlTableBody(text: string, name: string): string | null {
  const headers = [...text.matchAll(HEADER)];
  const wanted = name.replace(/\s+/g, "");
  const index = headers.findIndex((h) => (h[1] ?? "").replace(/\s+/g, "").replace(/"/g, "") === wanted);
  if (index === -1) return null;
  const header = headers[index] as RegExpExecArray;
  const start = header.index + header[0].length;
  const next = headers[index + 1];
  return text.slice(start, next === undefined ? text.length : next.index);
}

/** A one-line string value `key = "..."` of a table body, or null. */
export function tomlString(body: string | null, key: string): string | null {
  if (body === null) return null;
  const match = new RegExp(
    `^[ \\t]*"?${key.replace(/[-.]/g, "\\$&")}"?[ \\t]*=[ \\t]*(["'])([^"'\\r\\n]*)\\1`,
    "m",
  ).exec(body);
  return match?.[2] ?? null;
}

/** `key = {sub = "value"}` or `key = {sub = ["value", ...]}` on one line: the first value, or null. */
function inlineTableString(body: string | null, key: string, sub: string): string | null {
  if (body === null) return null;
  const line = new RegExp(`^[ \\t]*${key}[ \\t]*=[ \\t]*\\{([^}\\r\\n]*)\\}`, "m").exec(body)?.[1];
  if (line === undefined) return null;
  const match = new RegExp(`(?:^|,)[ \\t]*${sub}[ \\t]*=[ \\t]*\\[?[ \\t]*(["'])([^"']*)\\1`).exec(line);
  return match?.[2] ?? null;
}

const TAG_BACKENDS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /setuptools[_-]scm/i, name: "setuptools_scm" },
  { pattern: /hatch[_-]vcs/i, name: "hatch-vcs" },
  { pattern: /versioningit/i, name: "versioningit" },
  { pattern: /dunamai|poetry-dynamic-versioning/i, name: "poetry-dynamic-versioning" },
  { pattern: /setuptools[_-]git[_-]versioning/i, name: "setuptools-git-versioning" },
];

/** Reads where the version of a pyproject.toml comes from. */
export function pyprojectVersionSource(text: string): PyprojectVersionSource {
  const fixed = findProjectString(text, "version");
  if (fixed !== null && fixed.value !== "") return { kind: "static", version: fixed.value };
  if (!(readProjectStringArray(text, "dynamic") ?? []).includes("version")) return { kind: "none" };

  const setuptools = tomlTableBody(text, "tool.setuptools.dynamic");
  const attr = inlineTableString(setuptools, "version", "attr");
  if (attr !== null) return { kind: "attr", attr, backend: "setuptools" };
  const file = inlineTableString(setuptools, "version", "file");
  if (file !== null) return { kind: "file", path: file, backend: "setuptools" };

  const hatch = tomlTableBody(text, "tool.hatch.version");
  const hatchPath = tomlString(hatch, "path");
  if (hatchPath !== null) return { kind: "file", path: hatchPath, backend: "hatchling" };
  if (tomlString(hatch, "source") === "vcs") return { kind: "tags", backend: "hatch-vcs" };

  const skbuild = tomlTableBody(text, "tool.scikit-build.metadata.version");
  const provider = tomlString(skbuild, "provider") ?? "";
  const input = tomlString(skbuild, "input");
  if (provider.endsWith(".regex") && input !== null) return { kind: "file", path: input, backend: "scikit-build-core" };
  if (provider.includes("setuptools_scm")) return { kind: "tags", backend: "setuptools_scm" };

  if (tomlTableBody(text, "tool.setuptools_scm") !== null) return { kind: "tags", backend: "setuptools_scm" };
  if (tomlTableBody(text, "tool.versioningit") !== null) return { kind: "tags", backend: "versioningit" };
  const requires = tomlTableBody(text, "build-system") ?? "";
  for (const backend of TAG_BACKENDS)
    if (backend.pattern.test(requires)) return { kind: "tags", backend: backend.name };
  return { kind: "dynamic-unknown" };
}

/** The `[project] name`, or null. */
export function pyprojectName(text: string): string | null {
  const name = findProjectString(text, "name");
  return name === null || name.value === "" ? null : name.value;
}

/**
 * The files that may define module `attr` names (`pkg.sub.__version__` -> pkg/sub.py or pkg/sub/__init__.py), found
 * among `paths` under any source folder (`src/`, `python/`...), nearest the root first.
 */
export function modulePathsOfAttr(attr: string, paths: readonly string[]): string[] {
  const parts = attr.split(".");
  const module = parts.slice(0, -1).join("/");
  if (module === "") return [];
  const endings = [`${module}.py`, `${module}/__init__.py`];
  return paths
    .filter((p) => endings.some((e) => p === e || p.endsWith(`/${e}`)))
    .sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
}
