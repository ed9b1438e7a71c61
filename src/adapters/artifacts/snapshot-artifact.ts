/**
 * Takes the snapshot the artifact contract diff compares: the file listing, the exported symbols of each shared library
 * and the Python metadata of a wheel, an sdist or a directory (archives are unpacked to a temporary folder).
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  isSharedLibrary,
  normalizeArtifactPath,
  type ArtifactKind,
  type ArtifactSnapshot,
} from "../../core/artifacts/diff-artifacts.js";
import { parsePythonMetadata, type PythonMetadata } from "../../core/artifacts/parse-python-metadata.js";
import { InputError } from "../../core/errors.js";
import { runProcess, runProcessOrThrow } from "../processes.js";
import { readDynamicSymbols } from "./read-dynamic-symbols.js";
import { extractZipEntry, readZipEntries } from "./read-zip-archive.js";

/** Which kind an artifact path is: a directory, a wheel (`.whl`, `.zip`) or an sdist (`.tar.gz`, `.tgz`). */
export async function detectArtifactKind(path: string): Promise<ArtifactKind> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(`${path}: no such file or directory: pass a wheel, an sdist or a directory`);
  }
  if (info.isDirectory()) return "directory";
  if (/\.(whl|zip)$/i.test(path)) return "wheel";
  if (/\.(tar\.gz|tgz)$/i.test(path)) return "sdist";
  throw new InputError(`${path}: unknown artifact type: pass a .whl, a .tar.gz or a directory`);
}

/** Reads the listing, shared-library symbols and Python metadata of a wheel, sdist or directory. */
export async function snapshotArtifact(path: string): Promise<ArtifactSnapshot> {
  const kind = await detectArtifactKind(path);
  if (kind === "wheel") return snapshotWheel(path);
  if (kind === "sdist") return snapshotSdist(path);
  return snapshotDirectory(path);
}

async function snapshotWheel(path: string): Promise<ArtifactSnapshot> {
  const zip = await readFile(path);
  const entries = readZipEntries(zip, path);
  const metaEntry = entries.find((e) => /^[^/]+\.dist-info\/METADATA$/.test(e.name));
  const metadata = metaEntry ? parsePythonMetadata(extractZipEntry(zip, metaEntry, path).toString("utf8")) : undefined;
  const symbols: Record<string, readonly string[]> = {};
  const libraries = entries.filter((e) => isSharedLibrary(e.name));
  if (libraries.length > 0) {
    // nm reads files, so each library is written out to a scratch folder first.
    const scratch = await mkdtemp(join(tmpdir(), "release-kit-wheel-"));
    try {
      for (const [i, entry] of libraries.entries()) {
        const file = join(scratch, `${i}.so`);
        await writeFile(file, extractZipEntry(zip, entry, path));
        symbols[normalizeArtifactPath(entry.name, "wheel")] = await readDynamicSymbols(file);
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return build(
    path,
    "wheel",
    entries.map((e) => e.name),
    symbols,
    metadata,
  );
}

async function snapshotSdist(path: string): Promise<ArtifactSnapshot> {
  const listing = await runProcess("tar", ["-tzf", path]);
  if (listing.startError) throw listing.startError;
  if (!listing.ok) throw new InputError(`${path}: tar cannot read it (${listing.failure}): pass a .tar.gz sdist`);
  const names = listing.stdout.split("\n").filter((n) => n !== "" && !n.endsWith("/"));
  const pkgInfo = names.find((n) => /^[^/]+\/PKG-INFO$/.test(n));
  let metadata: PythonMetadata | undefined;
  if (pkgInfo) {
    const text = await runProcess("tar", ["-xzOf", path, pkgInfo]);
    if (text.ok) metadata = parsePythonMetadata(text.stdout);
  }
  const symbols: Record<string, readonly string[]> = {};
  const libraries = names.filter(isSharedLibrary);
  if (libraries.length > 0) {
    const scratch = await mkdtemp(join(tmpdir(), "release-kit-sdist-"));
    try {
      await runProcessOrThrow("tar", ["-xzf", path, "-C", scratch, "--", ...libraries]);
      for (const name of libraries) {
        symbols[normalizeArtifactPath(name, "sdist")] = await readDynamicSymbols(join(scratch, name));
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return build(path, "sdist", names, symbols, metadata);
}

async function snapshotDirectory(path: string): Promise<ArtifactSnapshot> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile())
    .map((e) => relative(path, join(e.parentPath, e.name)).split("\\").join("/"));
  const metaName = names.find((n) => /^[^/]+\.dist-info\/METADATA$/.test(n)) ?? names.find((n) => n === "PKG-INFO");
  const metadata = metaName ? parsePythonMetadata(await readFile(join(path, metaName), "utf8")) : undefined;
  const symbols: Record<string, readonly string[]> = {};
  for (const name of names.filter(isSharedLibrary)) {
    symbols[normalizeArtifactPath(name, "directory")] = await readDynamicSymbols(join(path, name));
  }
  return build(path, "directory", names, symbols, metadata);
}

function build(
  path: string,
  kind: ArtifactKind,
  names: readonly string[],
  symbols: Record<string, readonly string[]>,
  metadata: PythonMetadata | undefined,
): ArtifactSnapshot {
  const files = [...new Set(names.map((n) => normalizeArtifactPath(n, kind)))].sort();
  return { path, kind, files, symbols, ...(metadata ? { metadata } : {}) };
}
