/**
 * The contract diff of two releases' artifacts: files added and removed, symbols lost by each shared library, and the
 * Python metadata (version, Requires-Python, Requires-Dist), with one regression line per break. Pure.
 */
import { satisfies } from "@renovatebot/pep440";
import type { PythonMetadata } from "./parse-python-metadata.js";

/** What kind of artifact a snapshot was taken of. */
export type ArtifactKind = "wheel" | "sdist" | "directory";

/** Everything the contract diff compares, read from one artifact. */
export interface ArtifactSnapshot {
  readonly path: string;
  readonly kind: ArtifactKind;
  /** Paths inside the artifact, normalized (see `normalizeArtifactPath`), sorted. */
  readonly files: readonly string[];
  /** Exported dynamic symbols of each shared library, by normalized path. */
  readonly symbols: Readonly<Record<string, readonly string[]>>;
  readonly metadata?: PythonMetadata;
}

/** A change of one metadata field. */
export interface FieldChange {
  readonly before?: string;
  readonly after?: string;
}

/** Exported symbols that disappeared from, or appeared in, one shared library. */
export interface LibraryChange {
  readonly path: string;
  readonly removed: readonly string[];
  readonly added: readonly string[];
  /** The library itself is gone from the candidate. */
  readonly libraryRemoved: boolean;
}

/** The contract diff of two artifacts. */
export interface ArtifactDiff {
  readonly baseline: { readonly path: string; readonly kind: ArtifactKind };
  readonly candidate: { readonly path: string; readonly kind: ArtifactKind };
  readonly filesAdded: readonly string[];
  readonly filesRemoved: readonly string[];
  readonly libraries: readonly LibraryChange[];
  readonly metadata: {
    readonly version?: FieldChange;
    readonly requiresPython?: FieldChange;
    /** Python minor versions the baseline accepted and the candidate does not. */
    readonly droppedPythons: readonly string[];
    readonly requiresDistAdded: readonly string[];
    readonly requiresDistRemoved: readonly string[];
  };
  /** One line per contract break: removed symbols, removed libraries, dropped Python versions. */
  readonly regressions: readonly string[];
}

/**
 * Makes paths of two releases comparable: an sdist's top folder (`onnx-1.20.0/`) is dropped and a wheel's
 * `NAME-VERSION.dist-info/` and `.data/` folders lose their version, so a version bump adds and removes nothing.
 */
export function normalizeArtifactPath(path: string, kind: ArtifactKind): string {
  const clean = path.replace(/\\/g, "/").replace(/^\.\//, "");
  if (kind === "sdist") return clean.replace(/^[^/]+\//, "");
  return clean.replace(/^([^/]+?)-[^/-]+\.(dist-info|data)\//, "$1-{version}.$2/");
}

/** Whether a path names a shared library whose dynamic symbols can be listed. */
export function isSharedLibrary(path: string): boolean {
  return /\.so(\.\d+)*$|\.dylib$/.test(path);
}

// Python versions checked against Requires-Python: 2.7 and 3.0 to 3.30 cover every real specifier.
const PYTHONS = ["2.7", ...Array.from({ length: 31 }, (_, i) => `3.${i}`)];

/** Python minor versions that `before` accepts and `after` does not (no specifier accepts every version). */
export function droppedPythonVersions(before: string | undefined, after: string | undefined): string[] {
  const accepts = (spec: string | undefined, v: string): boolean =>
    spec === undefined || spec.trim() === "" || satisfies(v, spec);
  return PYTHONS.filter((v) => accepts(before, v) && !accepts(after, v));
}

/** Compares two snapshots: files, exported symbols and Python metadata, and lists what breaks the contract. */
export function diffArtifacts(baseline: ArtifactSnapshot, candidate: ArtifactSnapshot): ArtifactDiff {
  const before = new Set(baseline.files);
  const after = new Set(candidate.files);
  const filesAdded = candidate.files.filter((f) => !before.has(f));
  const filesRemoved = baseline.files.filter((f) => !after.has(f));
  const libraries: LibraryChange[] = [];
  for (const path of Object.keys(baseline.symbols).sort()) {
    const old = baseline.symbols[path] ?? [];
    const now = candidate.symbols[path];
    const nowSet = new Set(now ?? []);
    const oldSet = new Set(old);
    const removed = old.filter((s) => !nowSet.has(s));
    const added = (now ?? []).filter((s) => !oldSet.has(s));
    if (removed.length > 0 || added.length > 0 || now === undefined) {
      libraries.push({ path, removed, added, libraryRemoved: now === undefined && !after.has(path) });
    }
  }
  for (const path of Object.keys(candidate.symbols).sort()) {
    if (baseline.symbols[path] === undefined) {
      libraries.push({ path, removed: [], added: [...(candidate.symbols[path] ?? [])], libraryRemoved: false });
    }
  }
  const b = baseline.metadata;
  const c = candidate.metadata;
  const change = (x: string | undefined, y: string | undefined): FieldChange | undefined =>
    x === y ? undefined : { ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}) };
  const version = change(b?.version, c?.version);
  const requiresPython = change(b?.requiresPython, c?.requiresPython);
  const droppedPythons = b && c ? droppedPythonVersions(b.requiresPython, c.requiresPython) : [];
  const distBefore = new Set(b?.requiresDist ?? []);
  const distAfter = new Set(c?.requiresDist ?? []);
  const regressions: string[] = [];
  for (const lib of libraries) {
    if (lib.libraryRemoved) regressions.push(`shared library ${lib.path} was removed`);
    if (lib.removed.length > 0) {
      regressions.push(`${lib.path}: ${lib.removed.length} exported symbol(s) removed: ${lib.removed.join(", ")}`);
    }
  }
  if (droppedPythons.length > 0) {
    regressions.push(
      `Requires-Python ${b?.requiresPython ?? "(none)"} -> ${c?.requiresPython ?? "(none)"} drops Python ${droppedPythons.join(", ")}`,
    );
  }
  return {
    baseline: { path: baseline.path, kind: baseline.kind },
    candidate: { path: candidate.path, kind: candidate.kind },
    filesAdded,
    filesRemoved,
    libraries,
    metadata: {
      ...(version ? { version } : {}),
      ...(requiresPython ? { requiresPython } : {}),
      droppedPythons,
      requiresDistAdded: [...distAfter].filter((d) => !distBefore.has(d)),
      requiresDistRemoved: [...distBefore].filter((d) => !distAfter.has(d)),
    },
    regressions,
  };
}
