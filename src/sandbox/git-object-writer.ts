/**
 * Writes blobs, trees and commits into a bare repository as loose objects, the way `git hash-object -w`,
 * `git write-tree` and `git commit-tree` store them: the object is `<type> <size>\0<content>`, named by the SHA-1 of
 * those bytes and stored zlib-deflated at `objects/<first 2 hex>/<other 38>`. Doing it here instead of starting git
 * for each object (a `POST /git/trees` started five processes; starting a process from a test worker costs 10-20 ms
 * of its CPU) keeps the sandbox's answers fast; the objects are the same bytes, so git reads them and computes the
 * same SHAs (the tests compare with git's own). A commit whose author, date or message git would clean or refuse
 * is not encoded here (see `verbatimCommitFields`): the caller leaves it to `git commit-tree`, as it leaves a tag
 * with such a tagger or an unusual name to `git mktag`.
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

/** An author or committer as the sandbox keeps it: the date is an ISO 8601 instant. */
export interface CommitPerson {
  readonly name: string;
  readonly email: string;
  readonly date: string;
}

/** The fields of a commit object. */
export interface CommitFields {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: CommitPerson;
  readonly committer: CommitPerson;
  readonly message: string;
}

/** Bytes git strips from both ends of a name or email (`crud` in git's ident.c; "." too, as older gits did). */
const CRUD = String.raw`\x00-\x20.,:;<>"\\'`;
/**
 * A name or email git writes unchanged: no crud at either end, and none of the characters git drops anywhere (`<`,
 * `>`, line breaks) or that an environment variable cannot carry; control characters are left to git too.
 */
const VERBATIM_IDENT = new RegExp(`^[^${CRUD}](?:[^\\x00-\\x1f<>]*[^${CRUD}])?$`);

/**
 * Seconds since 1970 for an ISO date, when git reads `<seconds> +0000` as exactly that: git's date parser takes a
 * number as seconds since 1970 only from nine digits on (a smaller one is read as a day or a year), and refuses a
 * date from the year 2100 on (its calendar arithmetic stops at 2099).
 */
function epochSeconds(iso: string): number | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const seconds = Math.floor(ms / 1000);
  return seconds >= 100_000_000 && seconds < YEAR_2100 ? seconds : undefined;
}

/** 2100-01-01T00:00:00Z in seconds since 1970. */
const YEAR_2100 = 4_102_444_800;

/** Whether git writes this person into a commit or tag as given: name and email unchanged, the date as seconds. */
export function isVerbatimPerson(p: CommitPerson): boolean {
  return VERBATIM_IDENT.test(p.name) && VERBATIM_IDENT.test(p.email) && epochSeconds(p.date) !== undefined;
}

/**
 * Whether `git commit-tree` would write these fields as given: names and emails git leaves alone, dates it reads as
 * seconds, a message without a NUL byte (git refuses it), and no parent twice (git drops the second). The types of
 * the tree and the parents are the caller's to check: git peels a commit given as the tree, or a tag as a parent.
 */
export function verbatimCommitFields(fields: CommitFields): boolean {
  return (
    isVerbatimPerson(fields.author) &&
    isVerbatimPerson(fields.committer) &&
    !fields.message.includes("\0") &&
    new Set(fields.parents).size === fields.parents.length
  );
}

/**
 * The bytes of a commit object as `git commit-tree` writes them with the identities and dates in its environment
 * and the message on its standard input (taken as is); only for fields `verbatimCommitFields` accepts.
 */
export function encodeCommit(fields: CommitFields): Buffer {
  const person = (p: CommitPerson) => `${p.name} <${p.email}> ${epochSeconds(p.date)} +0000`;
  const head = [
    `tree ${fields.tree}`,
    ...fields.parents.map((p) => `parent ${p}`),
    `author ${person(fields.author)}`,
    `committer ${person(fields.committer)}`,
  ];
  return Buffer.from(`${head.join("\n")}\n\n${fields.message}`, "utf8");
}
