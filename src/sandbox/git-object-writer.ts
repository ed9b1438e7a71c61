/**
 * Writes blobs and trees into a bare repository as loose objects, the way `git hash-object -w` and `git write-tree`
 * store them: the object is `<type> <size>\0<content>`, named by the SHA-1 of those bytes and stored zlib-deflated at
 * `objects/<first 2 hex>/<other 38>`. Doing it here instead of starting git for each blob and each tree (a
 * `POST /git/trees` started five processes) keeps the sandbox's answers fast; the objects are the same bytes, so
 * git reads them and computes the same SHAs (the tests compare with git's own). Commits and tags still go through
 * git (`commit-tree`, `mktag`), which cleans and checks what GitHub's would.
 */
import { createHash, randomBytes } from "node:crypto";
import { link, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deflateSync } from "node:zlib";

/** One entry of a tree object. */
export interface TreeObjectEntry {
  readonly name: string;
  /** As git writes it in a tree: `100644`, `100755`, `120000`, `160000`, or `40000` for a subtree. */
  readonly mode: string;
  readonly sha: string;
}

/** The SHA-1 git gives an object of `type` with `content`. */
export function objectSha(type: string, content: Buffer): string {
  return createHash("sha1").update(`${type} ${content.length}\0`).update(content).digest("hex");
}

/** Stores an object (unless it is already there) and returns its SHA. */
export async function writeLooseObject(gitDir: string, type: string, content: Buffer): Promise<string> {
  const header = Buffer.from(`${type} ${content.length}\0`, "latin1");
  const sha = objectSha(type, content);
  const dir = path.join(gitDir, "objects", sha.slice(0, 2));
  const target = path.join(dir, sha.slice(2));
  await mkdir(dir, { recursive: true });
  // Written whole under a temporary name, then linked into place: a reader never sees half an object, and two
  // writers of the same object both succeed (the second link finds it there).
  const temp = path.join(dir, `tmp_obj_${randomBytes(6).toString("hex")}`);
  await writeFile(temp, deflateSync(Buffer.concat([header, content])), { mode: 0o444 });
  try {
    await link(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await rm(temp, { force: true });
  }
  return sha;
}

/**
 * The bytes of a tree object. git orders entries by name, a subtree's name compared as if it ended with "/"
 * (so `a.txt` sorts before the directory `a` only when "." < "/", which it is).
 */
export function encodeTree(entries: readonly TreeObjectEntry[]): Buffer {
  const key = (e: TreeObjectEntry) => Buffer.from(e.mode === "40000" ? `${e.name}/` : e.name, "utf8");
  const sorted = [...entries].sort((a, b) => Buffer.compare(key(a), key(b)));
  return Buffer.concat(
    sorted.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`, "utf8"), Buffer.from(e.sha, "hex")]),
  );
}

/** The mode git's index keeps for a file entry given with `mode` (`update-index --index-info` canonicalises it). */
export function canonicalFileMode(mode: string): string {
  if (mode === "120000" || mode === "160000") return mode;
  return (Number.parseInt(mode, 8) & 0o111) !== 0 ? "100755" : "100644";
}
