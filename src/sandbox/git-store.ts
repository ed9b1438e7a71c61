/**
 * Real bare git repositories behind the sandbox. Every object the Git Data API creates is a real git object, so
 * SHAs are the ones GitHub would compute for the same content. The common cases (blobs, trees, plain commits and
 * tags, a new repository and its first refs, a plain ref update) are written by the store itself the way git writes
 * them, because starting git costs a test worker 10-30 ms each time; everything else goes through git plumbing. The
 * oracle tests (sandbox-git-store-oracle) hold each fast path to git's own answer.
 */
import { appendFile, mkdir, mkdtemp, rm, cp, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import os from "node:os";
import path from "node:path";
import { runProcess, runProcessOrThrow } from "../adapters/processes.js";
import { GitObjectReader } from "./git-object-reader.js";
import { GitRefReader, isPlainRefName, isPlainShortName, isValidRefName } from "./git-ref-reader.js";
import {
  canonicalFileMode,
  encodeCommit,
  encodeTree,
  isVerbatimPerson,
  verbatimCommitFields,
  writeLooseObject,
  type TreeObjectEntry,
} from "./git-object-writer.js";

/** A person line of a commit or tag. */
export interface GitPerson {
  readonly name: string;
  readonly email: string;
  /** ISO 8601 date. */
  readonly date: string;
}

/** A tree entry as the Git Data API takes it. */
export interface TreeEntryInput {
  readonly path: string;
  readonly mode: string;
  readonly type: "blob" | "tree" | "commit";
  /** null deletes the path. */
  readonly sha?: string | null;
  readonly content?: string;
}

/** A parsed commit object. */
export interface GitCommitObject {
  readonly sha: string;
  readonly tree: string;
  readonly parents: string[];
  readonly author: GitPerson;
  readonly committer: GitPerson;
  readonly message: string;
}

/** A parsed annotated tag object. */
export interface GitTagObject {
  readonly sha: string;
  readonly object: string;
  readonly type: string;
  readonly tag: string;
  readonly tagger: GitPerson;
  readonly message: string;
}

/** A tree listing entry. */
export interface GitTreeEntry {
  readonly mode: string;
  readonly type: "blob" | "tree" | "commit";
  readonly sha: string;
  readonly path: string;
  readonly size?: number;
}

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  LC_ALL: "C",
};

function toGitDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return `${Math.floor(Date.now() / 1000)} +0000`;
  return `${Math.floor(ms / 1000)} +0000`;
}

/** The config `git init --bare` writes on Linux. */
const INIT_CONFIG = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n";

/** Makes the directory; false when it was already there. */
async function createdAnew(dir: string): Promise<boolean> {
  try {
    await mkdir(dir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Creates a lock file holding `content`, as git takes a ref's lock: exclusively, retrying for up to 100 ms while
 * another writer holds it (git's core.filesRefLockTimeout); false when it stays taken.
 */
async function takeLock(lock: string, content: string): Promise<boolean> {
  for (let waited = 0; ; waited += 5) {
    try {
      await writeFile(lock, content, { flag: "wx" });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || waited >= 100) return false;
      await sleep(5);
    }
  }
}

/** Whether a bare repository has no ref at all: no packed-refs, nothing but empty heads/ and tags/ under refs/. */
async function hasNoRefs(dir: string): Promise<boolean> {
  const exists = await stat(path.join(dir, "packed-refs")).then(
    () => true,
    () => false,
  );
  if (exists) return false;
  const top = await readdir(path.join(dir, "refs")).catch(() => undefined);
  if (!top || top.some((name) => name !== "heads" && name !== "tags")) return false;
  for (const sub of top) if ((await readdir(path.join(dir, "refs", sub))).length > 0) return false;
  return true;
}

/** What a fast path returns when only git's own rules can answer. */
const ASK_GIT = Symbol("ask git");

/** A path git's index takes (`verify_path`): relative, no empty, `.`, `..` or `.git` component. */
function isIndexPath(filePath: string): boolean {
  return !filePath.split("/").some((p) => p === "" || p === "." || p === ".." || p.toLowerCase() === ".git");
}

function assertIndexPath(filePath: string): void {
  if (!isIndexPath(filePath)) throw new Error(`git update-index: invalid path '${filePath}'`);
}

function parsePerson(line: string): GitPerson {
  // "Name <email> 1700000000 +0000"
  const m = /^(.*) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line, email: "", date: new Date(0).toISOString() };
  return {
    name: m[1] ?? "",
    email: m[2] ?? "",
    date: new Date(Number(m[3]) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/**
 * git could not answer for now (an object is missing): `once` keeps no such answer, since a push can bring the
 * object later; the caller turns it into "no".
 */
class UnsettledAnswer extends Error {}

/** Bare repositories stored under one root directory, `<root>/<owner>/<name>.git`. */
export class GitStore {
  /**
   * Object types already looked up, per repository and SHA. Objects never change or go away (the sandbox deletes no
   * repository and never prunes), so a type once seen holds; a miss is not kept, the object may be written later.
   */
  private readonly knownTypes = new Map<string, "blob" | "tree" | "commit" | "tag">();
  /** One object-reading git process per repository, started at its first read (see git-object-reader.ts). */
  private readonly readers = new Map<string, GitObjectReader>();
  private readonly refReaders = new Map<string, GitRefReader>();
  /** Answers computed from full SHAs only (diffs, ancestry): they cannot change, so each is computed once. */
  private readonly settled = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {}

  private objects(fullName: string): GitObjectReader {
    let reader = this.readers.get(fullName);
    if (!reader) {
      reader = new GitObjectReader(this.dir(fullName), GIT_ENV);
      this.readers.set(fullName, reader);
    }
    return reader;
  }

  private refs(fullName: string): GitRefReader {
    let reader = this.refReaders.get(fullName);
    if (!reader) {
      reader = new GitRefReader(this.dir(fullName));
      this.refReaders.set(fullName, reader);
    }
    return reader;
  }

  /** `compute()` once per key when every SHA in `shas` is a full one; otherwise every time. */
  private once<T>(key: string, shas: readonly (string | undefined)[], compute: () => Promise<T>): Promise<T> {
    if (!shas.every((sha) => sha === undefined || /^[0-9a-f]{40}$/.test(sha))) return compute();
    const known = this.settled.get(key) as Promise<T> | undefined;
    if (known) return known;
    if (this.settled.size >= 10_000) this.settled.clear();
    const computed = compute();
    this.settled.set(key, computed);
    // A failure (a SHA that is not there yet) is not an answer to keep.
    computed.catch(() => this.settled.delete(key));
    return computed;
  }

  /**
   * The files changed from `from` to `to` (from the root when `from` is undefined): the raw diff line of each, and
   * its added and deleted line counts (binary files count 0, as GitHub reports them). One git process for both.
   */
  async diffEntries(
    fullName: string,
    from: string | undefined,
    to: string,
  ): Promise<{ newSha: string; letter: string; path: string; additions: number; deletions: number }[]> {
    return this.once(`diff\0${fullName}\0${from ?? ""}\0${to}`, [from, to], async () => {
      const range = from ? [from, to] : ["--root", to];
      const out = await this.gitText(fullName, [
        "diff-tree",
        "-r",
        "--no-renames",
        "--no-commit-id",
        "--raw",
        "--numstat",
        ...range,
      ]);
      const counts = new Map<string, { additions: number; deletions: number }>();
      const raw: { newSha: string; letter: string; path: string }[] = [];
      for (const line of out.split("\n").filter(Boolean)) {
        if (line.startsWith(":")) {
          const [meta = "", file = ""] = line.split("\t");
          const [, , , newSha = "", letter = "M"] = meta.split(" ");
          raw.push({ newSha, letter, path: file });
        } else {
          const [added = "0", deleted = "0", file = ""] = line.split("\t");
          counts.set(file, { additions: Number(added) || 0, deletions: Number(deleted) || 0 });
        }
      }
      return raw.map((r) => ({ ...r, ...(counts.get(r.path) ?? { additions: 0, deletions: 0 }) }));
    });
  }

  /** Ends the object-reading processes (a later read starts them again). */
  close(): void {
    for (const reader of this.readers.values()) reader.close();
    this.readers.clear();
  }

  /** Follows annotated tags from `sha` to the commit they name; undefined when it names no commit. */
  private async peelToCommit(fullName: string, sha: string): Promise<string | undefined> {
    let current = sha;
    for (let depth = 0; depth < 10; depth++) {
      const object = await this.objects(fullName).read(current);
      if (!object) return undefined;
      if (object.type === "commit") return current;
      if (object.type !== "tag") return undefined;
      const target = /^object ([0-9a-f]{40})$/m.exec(object.data.toString("utf8"));
      if (!target) return undefined;
      current = target[1]!;
    }
    return undefined;
  }

  /** The bare repository directory of `owner/name`. */
  dir(fullName: string): string {
    return path.join(this.root, `${fullName}.git`);
  }

  private async gitText(
    fullName: string,
    args: string[],
    input?: string,
    env: Record<string, string> = {},
  ): Promise<string> {
    const result = await runProcessOrThrow("git", ["--git-dir", this.dir(fullName), ...args], {
      input,
      env: { ...GIT_ENV, ...env },
    });
    return result.stdout;
  }

  /**
   * Creates an empty bare repository. A new directory gets the files `git init --bare` writes that git needs to
   * open it (HEAD, config, objects/, refs/), without the sample hooks and description it copies from its templates;
   * a directory already there, or a branch name git's rules must judge, goes through `git init` itself.
   */
  async init(fullName: string, defaultBranch: string): Promise<void> {
    const dir = this.dir(fullName);
    await mkdir(path.dirname(dir), { recursive: true });
    // Allow `git clone` over smart HTTP without a per-repo marker file.
    const httpConfig = "[http]\n\treceivepack = false\n";
    if (isValidRefName(`refs/heads/${defaultBranch}`) && (await createdAnew(dir))) {
      for (const sub of ["objects/info", "objects/pack", "refs/heads", "refs/tags"])
        await mkdir(path.join(dir, sub), { recursive: true });
      await writeFile(path.join(dir, "config"), `${INIT_CONFIG}${httpConfig}`);
      await writeFile(path.join(dir, "HEAD"), `ref: refs/heads/${defaultBranch}\n`);
      return;
    }
    await runProcessOrThrow("git", ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, dir], {
      env: GIT_ENV,
    });
    await appendFile(path.join(dir, "config"), httpConfig);
  }

  /**
   * The branches and tags of another repository (a git directory or a bundle file), with what they point to (an
   * annotated tag's own SHA), as `git ls-remote` lists them.
   */
  async listSourceRefs(source: string): Promise<{ ref: string; sha: string }[]> {
    const result = await runProcess("git", ["ls-remote", "--refs", "--", source], { env: GIT_ENV });
    if (result.exitCode !== 0)
      throw new Error(`${source} is not a git repository or bundle: ${result.stderr.trim().split("\n")[0] ?? ""}`);
    return result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [sha = "", ref = ""] = line.split("\t");
        return { ref, sha };
      })
      .filter((r) => r.ref.startsWith("refs/heads/") || r.ref.startsWith("refs/tags/"));
  }

  /**
   * Copies refs (and every object they reach, annotated tag objects included) from a git directory or bundle file
   * into `fullName` under the same names. The refspecs go on stdin: a real history has thousands of tags.
   */
  async fetchRefs(fullName: string, source: string, refs: readonly string[]): Promise<void> {
    await this.gitText(
      fullName,
      // No background maintenance after a large fetch: it would still be writing when a sandbox is removed.
      ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-maintenance", "--stdin", "--", source],
      refs.map((ref) => `+${ref}:${ref}\n`).join(""),
    );
  }

  /** Copies a whole repository (a fork is a real copy). */
  async copy(from: string, to: string): Promise<void> {
    await mkdir(path.dirname(this.dir(to)), { recursive: true });
    await cp(this.dir(from), this.dir(to), { recursive: true });
  }

  /**
   * Makes a root commit from files and/or a directory and returns its SHA; no ref points to it yet (`createRefs`).
   * Files alone are written as git would add them (blobs and trees by git-object-writer.ts, regular files 100644); a
   * directory, or files whose .gitignore or .gitattributes could change what `git add` takes, go through git itself.
   */
  async seedRootCommit(
    fullName: string,
    files: Record<string, string>,
    dir: string | undefined,
    when: string,
  ): Promise<string> {
    const person: GitPerson = { name: "Sandbox Seed", email: "seed@sandbox.invalid", date: when };
    const paths = Object.keys(files);
    // A path git add would normalise, or a file that changes what git add takes, is left to git add.
    const plainFiles = paths.every(
      (p) => isIndexPath(p) && !p.includes("\\") && !/(^|\/)\.git(ignore|attributes)$/.test(p),
    );
    if (dir === undefined && plainFiles) {
      const tree = await this.createTree(
        fullName,
        undefined,
        paths.map((p) => ({ path: p, mode: "100644", type: "blob" as const, content: files[p] })),
      );
      return this.commitTree(fullName, tree, [], "Initial commit", person, person);
    }
    const work = await mkdtemp(path.join(os.tmpdir(), "rk-seed-"));
    try {
      if (dir) await cp(dir, work, { recursive: true });
      for (const [p, content] of Object.entries(files)) {
        const target = path.join(work, p);
        await mkdir(path.dirname(target), { recursive: true });
        const { writeFile } = await import("node:fs/promises");
        await writeFile(target, content);
      }
      const index = path.join(work, "..", `${path.basename(work)}.index`);
      const env = { GIT_INDEX_FILE: index, GIT_WORK_TREE: work };
      const entries = await readdir(work);
      if (entries.length > 0) await this.gitText(fullName, ["--work-tree", work, "add", "-A", "."], undefined, env);
      const tree =
        entries.length > 0
          ? await this.gitText(fullName, ["write-tree"], undefined, env)
          : await this.emptyTree(fullName);
      await rm(index, { force: true });
      return await this.commitTree(fullName, tree, [], "Initial commit", person, person);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private async emptyTree(fullName: string): Promise<string> {
    return this.gitText(fullName, ["mktree"], "");
  }

  /** Writes a blob; returns its SHA. */
  async writeBlob(fullName: string, content: Buffer): Promise<string> {
    return this.written(fullName, "blob", await writeLooseObject(this.dir(fullName), "blob", content));
  }

  /** Notes the type of an object just written (later checks need no git process) and returns its SHA. */
  private written(fullName: string, type: "blob" | "tree" | "commit" | "tag", sha: string): string {
    this.knownTypes.set(`${fullName}\0${sha}`, type);
    return sha;
  }

  /** Reads a blob's bytes. */
  async readBlob(fullName: string, sha: string): Promise<Buffer> {
    const object = await this.objects(fullName).read(sha);
    if (object?.type === "blob") return object.data;
    const result = await runProcessOrThrow("git", ["--git-dir", this.dir(fullName), "cat-file", "blob", sha], {
      binary: true,
      env: GIT_ENV,
    });
    return Buffer.from(result.stdout);
  }

  /** The type of an object, or undefined when it does not exist. */
  async objectType(fullName: string, sha: string): Promise<"blob" | "tree" | "commit" | "tag" | undefined> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
    const key = `${fullName}\0${sha}`;
    const known = this.knownTypes.get(key);
    if (known) return known;
    const info = await this.objects(fullName).info(sha);
    if (!info) return undefined;
    this.knownTypes.set(key, info.type);
    return info.type;
  }

  /**
   * Resolves several revision expressions in one git process (`cat-file --batch-check` resolves each line as
   * `rev-parse --verify` does): per name, its SHA and type, or undefined when it names nothing. A name holding a line
   * break cannot go through the line-based batch: undefined for it means "ask rev-parse".
   */
  private async resolveMany(
    fullName: string,
    names: readonly string[],
  ): Promise<({ sha: string; type: string } | undefined)[] | undefined> {
    if (names.some((n) => /[\r\n]/.test(n))) return undefined;
    const result = await runProcess("git", ["--git-dir", this.dir(fullName), "cat-file", "--batch-check"], {
      input: names.map((n) => `${n}\n`).join(""),
      env: GIT_ENV,
    });
    if (result.exitCode !== 0) return undefined;
    const lines = result.stdout.split("\n");
    if (lines.length !== names.length) return undefined;
    return lines.map((line) => {
      const m = /^([0-9a-f]{40}) (\w+) \d+$/.exec(line);
      return m ? { sha: m[1]!, type: m[2]! } : undefined;
    });
  }

  /** Object size in bytes. */
  async objectSize(fullName: string, sha: string): Promise<number> {
    const info = await this.objects(fullName).info(sha);
    if (info) return info.size;
    return Number(await this.gitText(fullName, ["cat-file", "-s", sha]));
  }

  /**
   * Builds a tree the way POST /git/trees does: start from `baseTree` (or empty), then delete, replace or add the
   * given paths (nested paths create subtrees). The steps are those of a throwaway git index, `read-tree`,
   * `update-index --force-remove`, `rm --cached -r` + `read-tree --prefix` and one `update-index --index-info` of every
   * added file last, then `write-tree`: done on a map of paths instead, with the objects written as git writes them
   * (git-object-writer.ts). A test compares the SHAs with git's own index doing the same.
   */
  async createTree(
    fullName: string,
    baseTree: string | undefined,
    entries: readonly TreeEntryInput[],
  ): Promise<string> {
    const files = new Map<string, { mode: string; sha: string }>();
    if (baseTree) await this.flattenTree(fullName, baseTree, "", files);
    const added: [string, { mode: string; sha: string }][] = [];
    for (const entry of entries) {
      assertIndexPath(entry.path);
      if (entry.sha === null) {
        files.delete(entry.path);
        continue;
      }
      let sha = entry.sha;
      if (entry.content !== undefined) sha = await this.writeBlob(fullName, Buffer.from(entry.content, "utf8"));
      if (entry.type === "tree") {
        // A subtree given by SHA replaces the directory: what was below it goes, the tree's files come in.
        const parts = entry.path.split("/");
        for (let i = 1; i < parts.length; i++) files.delete(parts.slice(0, i).join("/"));
        for (const key of [...files.keys()])
          if (key === entry.path || key.startsWith(`${entry.path}/`)) files.delete(key);
        await this.flattenTree(fullName, sha!, `${entry.path}/`, files);
        continue;
      }
      added.push([entry.path, { mode: canonicalFileMode(entry.mode), sha: sha! }]);
    }
    for (const [filePath, file] of added) {
      // `--index-info` replaces: a file where a directory was drops the directory's files, and the other way round.
      const parts = filePath.split("/");
      for (let i = 1; i < parts.length; i++) files.delete(parts.slice(0, i).join("/"));
      for (const key of [...files.keys()]) if (key.startsWith(`${filePath}/`)) files.delete(key);
      files.set(filePath, file);
    }
    return this.writeTrees(fullName, files);
  }

  /** Adds every file of a tree-ish to `files`, under `prefix`, as `read-tree --prefix` reads it into an index. */
  private async flattenTree(
    fullName: string,
    treeish: string,
    prefix: string,
    files: Map<string, { mode: string; sha: string }>,
  ): Promise<void> {
    let object = await this.objects(fullName).read(treeish);
    if (object?.type === "commit") {
      const tree = /^tree ([0-9a-f]{40})$/m.exec(object.data.toString("utf8"));
      object = tree ? await this.objects(fullName).read(tree[1]!) : undefined;
    }
    if (object?.type !== "tree") throw new Error(`git read-tree: failed to unpack tree object ${treeish}`);
    for (const entry of await this.treeEntries(fullName, object.data, "", false)) {
      if (entry.type === "tree") await this.flattenTree(fullName, entry.sha, `${prefix}${entry.path}/`, files);
      else files.set(`${prefix}${entry.path}`, { mode: entry.mode, sha: entry.sha });
    }
  }

  /** Writes the trees holding `files` (directories with no file vanish, as in write-tree) and returns the root's SHA. */
  private async writeTrees(
    fullName: string,
    files: ReadonlyMap<string, { mode: string; sha: string }>,
  ): Promise<string> {
    interface Dir {
      readonly dirs: Map<string, Dir>;
      readonly files: TreeObjectEntry[];
    }
    const root: Dir = { dirs: new Map(), files: [] };
    for (const [filePath, file] of files) {
      const parts = filePath.split("/");
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.dirs.get(part);
        if (!next) {
          next = { dirs: new Map(), files: [] };
          dir.dirs.set(part, next);
        }
        dir = next;
      }
      dir.files.push({ name: parts[parts.length - 1]!, mode: file.mode, sha: file.sha });
    }
    const gitDir = this.dir(fullName);
    const write = async (dir: Dir): Promise<string> => {
      const entries: TreeObjectEntry[] = [...dir.files];
      for (const [name, sub] of dir.dirs) entries.push({ name, mode: "40000", sha: await write(sub) });
      return this.written(fullName, "tree", await writeLooseObject(gitDir, "tree", encodeTree(entries)));
    };
    return write(root);
  }

  /** Lists a tree (recursively when asked). */
  async listTree(fullName: string, treeSha: string, recursive: boolean): Promise<GitTreeEntry[]> {
    const tree = await this.objects(fullName).read(treeSha);
    if (tree?.type === "tree") return this.treeEntries(fullName, tree.data, "", recursive);
    const args = ["ls-tree", "-l", "-z"];
    if (recursive) args.push("-r", "-t");
    args.push(treeSha);
    const out = await this.gitText(fullName, args);
    return out
      .split("\0")
      .filter(Boolean)
      .map((line) => {
        const [meta = "", p = ""] = line.split("\t");
        const [mode = "", type = "", sha = "", size = "-"] = meta.split(/\s+/);
        return {
          mode,
          type: type as GitTreeEntry["type"],
          sha,
          path: p,
          size: size === "-" ? undefined : Number(size),
        };
      });
  }

  /**
   * The entries of a tree object as `ls-tree -l` prints them (`-r -t` when recursive: each subtree, then what it
   * holds), read from the object's bytes: `<mode> <name>\0<20-byte SHA>` per entry, in the tree's own order.
   */
  private async treeEntries(
    fullName: string,
    data: Buffer,
    prefix: string,
    recursive: boolean,
  ): Promise<GitTreeEntry[]> {
    const out: GitTreeEntry[] = [];
    let at = 0;
    while (at < data.length) {
      const space = data.indexOf(32, at);
      const nul = data.indexOf(0, space);
      const rawMode = data.subarray(at, space).toString("latin1");
      const name = data.subarray(space + 1, nul).toString("utf8");
      const sha = data.subarray(nul + 1, nul + 21).toString("hex");
      at = nul + 21;
      const mode = rawMode.padStart(6, "0");
      const type: GitTreeEntry["type"] = mode === "040000" ? "tree" : mode === "160000" ? "commit" : "blob";
      const entryPath = `${prefix}${name}`;
      const size = type === "blob" ? (await this.objects(fullName).info(sha))?.size : undefined;
      out.push({ mode, type, sha, path: entryPath, size });
      if (recursive && type === "tree") {
        const sub = await this.objects(fullName).read(sha);
        if (sub?.type === "tree") out.push(...(await this.treeEntries(fullName, sub.data, `${entryPath}/`, true)));
      }
    }
    return out;
  }

  /** Finds a path in a commit-ish; undefined when absent. */
  async lookupPath(fullName: string, commitish: string, filePath: string): Promise<GitTreeEntry | undefined> {
    const found = await this.lookupPathByObjects(fullName, commitish, filePath);
    if (found !== ASK_GIT) return found;
    const result = await runProcess(
      "git",
      ["--git-dir", this.dir(fullName), "ls-tree", "-l", "-z", commitish, "--", filePath],
      {
        env: GIT_ENV,
      },
    );
    if (result.exitCode !== 0) return undefined;
    const line = result.stdout.split("\0").find(Boolean);
    if (!line) return undefined;
    const [meta = "", p = ""] = line.split("\t");
    const [mode = "", type = "", sha = "", size = "-"] = meta.split(/\s+/);
    return { mode, type: type as GitTreeEntry["type"], sha, path: p, size: size === "-" ? undefined : Number(size) };
  }

  /**
   * `lookupPath` walked through the tree objects; ASK_GIT for what only git's own rules answer (a revision
   * expression, a path with `.` or `..` parts or a trailing slash).
   */
  private async lookupPathByObjects(
    fullName: string,
    commitish: string,
    filePath: string,
  ): Promise<GitTreeEntry | undefined | typeof ASK_GIT> {
    const parts = filePath.split("/");
    if (filePath === "" || parts.some((p) => p === "" || p === "." || p === "..")) return ASK_GIT;
    let start: string | undefined;
    if (/^[0-9a-f]{40}$/.test(commitish)) start = commitish;
    else if (isPlainRefName(commitish) && commitish !== "HEAD") start = await this.refs(fullName).read(commitish);
    else {
      const commit = await this.resolveCommitByRefFiles(fullName, commitish);
      if (commit === ASK_GIT) return ASK_GIT;
      start = commit;
    }
    if (!start) return undefined;
    let object = await this.objects(fullName).read(start);
    // A tag names its object; a commit, its tree.
    for (let depth = 0; object && object.type === "tag" && depth < 10; depth++) {
      const target = /^object ([0-9a-f]{40})$/m.exec(object.data.toString("utf8"));
      object = target ? await this.objects(fullName).read(target[1]!) : undefined;
    }
    if (object?.type === "commit") {
      const tree = /^tree ([0-9a-f]{40})$/m.exec(object.data.toString("utf8"));
      object = tree ? await this.objects(fullName).read(tree[1]!) : undefined;
    }
    if (object?.type !== "tree") return object ? ASK_GIT : undefined;
    let entries = await this.treeEntries(fullName, object.data, "", false);
    for (let i = 0; i < parts.length; i++) {
      const entry = entries.find((e) => e.path === parts[i]);
      if (!entry) return undefined;
      if (i === parts.length - 1) return { ...entry, path: filePath };
      if (entry.type !== "tree") return undefined;
      const sub = await this.objects(fullName).read(entry.sha);
      if (sub?.type !== "tree") return undefined;
      entries = await this.treeEntries(fullName, sub.data, "", false);
    }
    return undefined;
  }

  /**
   * Creates a commit object. Written here when git would take the fields as they are (see `verbatimCommitFields`)
   * and the tree and parents are a tree and commits; otherwise `git commit-tree` cleans or refuses them.
   */
  async commitTree(
    fullName: string,
    tree: string,
    parents: readonly string[],
    message: string,
    author: GitPerson,
    committer: GitPerson,
  ): Promise<string> {
    const fields = { tree, parents, message, author, committer };
    if (
      verbatimCommitFields(fields) &&
      (await this.objectType(fullName, tree)) === "tree" &&
      (await Promise.all(parents.map((p) => this.objectType(fullName, p)))).every((t) => t === "commit")
    )
      return this.written(
        fullName,
        "commit",
        await writeLooseObject(this.dir(fullName), "commit", encodeCommit(fields)),
      );
    const args = ["commit-tree", tree];
    for (const p of parents) args.push("-p", p);
    return this.gitText(fullName, args, message, {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: toGitDate(author.date),
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: toGitDate(committer.date),
    });
  }

  /** Reads a commit object. */
  async readCommit(fullName: string, sha: string): Promise<GitCommitObject> {
    const object = await this.objects(fullName).read(sha);
    // `cat-file commit` also peels a tag to its commit: that rare case stays git's.
    const raw =
      object?.type === "commit"
        ? object.data.toString("utf8").replace(/\n$/, "")
        : await this.gitText(fullName, ["cat-file", "commit", sha]);
    const [head = "", ...rest] = raw.split("\n\n");
    const parents: string[] = [];
    let tree = "";
    let author: GitPerson | undefined;
    let committer: GitPerson | undefined;
    for (const line of head.split("\n")) {
      if (line.startsWith("tree ")) tree = line.slice(5);
      else if (line.startsWith("parent ")) parents.push(line.slice(7));
      else if (line.startsWith("author ")) author = parsePerson(line.slice(7));
      else if (line.startsWith("committer ")) committer = parsePerson(line.slice(10));
    }
    return { sha, tree, parents, author: author!, committer: committer!, message: rest.join("\n\n") };
  }

  /** Creates an annotated tag object. */
  async makeTag(
    fullName: string,
    object: string,
    type: string,
    tag: string,
    tagger: GitPerson,
    message: string,
  ): Promise<string> {
    const body = `object ${object}\ntype ${type}\ntag ${tag}\ntagger ${tagger.name} <${tagger.email}> ${toGitDate(tagger.date)}\n\n${message}${message.endsWith("\n") ? "" : "\n"}`;
    // What `git mktag` checks (the object is there with that type, a well-formed tagger and name) is known here
    // for a plain tag; anything else is git's to check or refuse.
    if (
      isVerbatimPerson(tagger) &&
      isValidRefName(`refs/tags/${tag}`) &&
      !message.includes("\0") &&
      (await this.objectType(fullName, object)) === type
    )
      return this.written(
        fullName,
        "tag",
        await writeLooseObject(this.dir(fullName), "tag", Buffer.from(body, "utf8")),
      );
    return this.gitText(fullName, ["mktag"], body);
  }

  /** Reads an annotated tag object. */
  async readTag(fullName: string, sha: string): Promise<GitTagObject> {
    const object = await this.objects(fullName).read(sha);
    const raw =
      object?.type === "tag"
        ? object.data.toString("utf8").replace(/\n$/, "")
        : await this.gitText(fullName, ["cat-file", "tag", sha]);
    const [head = "", ...rest] = raw.split("\n\n");
    const fields: Record<string, string> = {};
    for (const line of head.split("\n")) {
      const i = line.indexOf(" ");
      fields[line.slice(0, i)] = line.slice(i + 1);
    }
    return {
      sha,
      object: fields.object ?? "",
      type: fields.type ?? "commit",
      tag: fields.tag ?? "",
      tagger: parsePerson(fields.tagger ?? ""),
      message: rest.join("\n\n"),
    };
  }

  /** All refs with the SHA they point to. */
  async listRefs(fullName: string, prefix = "refs/"): Promise<{ ref: string; sha: string }[]> {
    if (isPlainRefName(prefix.replace(/\/+$/, "")) || prefix === "refs/") return this.refs(fullName).list(prefix);
    const out = await this.gitText(fullName, ["for-each-ref", "--format=%(refname) %(objectname)", prefix]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [ref = "", sha = ""] = line.split(" ");
        return { ref, sha };
      });
  }

  /** The SHA a ref points to, or undefined. */
  async readRef(fullName: string, ref: string): Promise<string | undefined> {
    if (isPlainRefName(ref)) {
      // The ref's own SHA is the answer, if it names an object that is there (`ref^{}` resolves).
      const sha = await this.refs(fullName).read(ref);
      return sha && (await this.objects(fullName).info(sha)) ? sha : undefined;
    }
    // One process: the ref must peel to an object (`ref^{}`), and its own SHA is the answer.
    const both = await this.resolveMany(fullName, [`${ref}^{}`, ref]);
    if (both) return both[0] && both[1] ? both[1].sha : undefined;
    const result = await runProcess(
      "git",
      ["--git-dir", this.dir(fullName), "rev-parse", "--verify", "--quiet", `${ref}^{}`],
      {
        env: GIT_ENV,
      },
    );
    if (result.exitCode !== 0) return undefined;
    const direct = await runProcess("git", ["--git-dir", this.dir(fullName), "rev-parse", "--verify", "--quiet", ref], {
      env: GIT_ENV,
    });
    return direct.exitCode === 0 ? direct.stdout.trim() : undefined;
  }

  /**
   * Sets a ref atomically. `expectOld` = "" means the ref must not exist yet; a SHA means it must still
   * point there (compare-and-swap), which is how concurrent writers are kept from overwriting each other.
   */
  async updateRef(fullName: string, ref: string, sha: string, expectOld?: string): Promise<boolean> {
    const byFile = await this.updateRefFile(fullName, ref, sha, expectOld);
    if (byFile !== ASK_GIT) return byFile;
    const args = ["update-ref", ref, sha];
    if (expectOld !== undefined) args.push(expectOld === "" ? "0".repeat(40) : expectOld);
    const result = await runProcess("git", ["--git-dir", this.dir(fullName), ...args], { env: GIT_ENV });
    return result.exitCode === 0;
  }

  /**
   * `updateRef` the way `git update-ref` does it for a plain loose ref: take `<ref>.lock` (created exclusively,
   * waiting up to 100 ms for another writer as git does), compare the old value under the lock (the loose file, else
   * packed-refs), then rename the lock holding the new SHA over the ref. Git processes take the same lock, so neither
   * can overwrite the other. ASK_GIT for what git's own rules decide: a name that is not a plain `refs/` name, an
   * object not known to be there (or not a commit, for a branch), a symbolic ref, and a name that is also the folder
   * of another ref, loose or packed.
   */
  private async updateRefFile(
    fullName: string,
    ref: string,
    sha: string,
    expectOld: string | undefined,
  ): Promise<boolean | typeof ASK_GIT> {
    if (!ref.startsWith("refs/") || !isValidRefName(ref) || !/^[0-9a-f]{40}$/.test(sha)) return ASK_GIT;
    if (expectOld !== undefined && expectOld !== "" && !/^[0-9a-f]{40}$/.test(expectOld)) return ASK_GIT;
    const type = await this.objectType(fullName, sha);
    if (type === undefined || (ref.startsWith("refs/heads/") && type !== "commit")) return ASK_GIT;
    const packed = await this.refs(fullName).readPacked();
    for (const name of packed.keys()) if (name.startsWith(`${ref}/`) || ref.startsWith(`${name}/`)) return ASK_GIT;
    const file = path.join(this.dir(fullName), ref);
    try {
      await mkdir(path.dirname(file), { recursive: true });
    } catch {
      return ASK_GIT; // a loose ref where a folder of this name would go
    }
    const lock = `${file}.lock`;
    if (!(await takeLock(lock, `${sha}\n`))) return false;
    let locked = true;
    try {
      let current: string | undefined;
      try {
        current = (await readFile(file, "utf8")).trim();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOENT") return ASK_GIT; // a folder of refs under this name
      }
      if (current !== undefined && !/^[0-9a-f]{40}$/.test(current)) return ASK_GIT; // a symbolic ref
      const old = current ?? packed.get(ref);
      if (expectOld === "" ? old !== undefined : expectOld !== undefined && old !== expectOld) return false;
      await rename(lock, file);
      locked = false;
      return true;
    } finally {
      if (locked) await rm(lock, { force: true });
    }
  }

  /**
   * Creates refs that do not exist yet: either all are created or, if one already exists, none. In a repository
   * with no ref yet (a new one being seeded) the ref files are written here, through git's lock files so that a git
   * process at work meanwhile would see the locks; otherwise one `git update-ref --stdin` transaction does it.
   */
  async createRefs(fullName: string, refs: readonly { readonly ref: string; readonly sha: string }[]): Promise<void> {
    if (refs.length === 0) return;
    if (await this.writeFirstRefs(fullName, refs)) return;
    await this.gitText(
      fullName,
      ["update-ref", "--stdin", "-z"],
      refs.map((r) => `create ${r.ref}\0${r.sha}\0`).join(""),
    );
  }

  /**
   * Writes the refs of a repository that has none, as loose ref files; false (nothing written) when git must judge:
   * the repository has refs or packed refs, a name is not a plain ref name or is also the folder of another, an
   * object's type is not known to be right for the ref (a branch names a commit), or a lock is taken.
   */
  private async writeFirstRefs(
    fullName: string,
    refs: readonly { readonly ref: string; readonly sha: string }[],
  ): Promise<boolean> {
    const dir = this.dir(fullName);
    const names = new Set(refs.map((r) => r.ref));
    // The same name twice is git's to judge (it refuses two updates of one ref in a transaction).
    if (names.size !== refs.length) return false;
    const plain = [...names].every(
      (name) => isValidRefName(name) && name.startsWith("refs/") && ![...names].some((o) => o.startsWith(`${name}/`)),
    );
    if (!plain || !(await hasNoRefs(dir))) return false;
    for (const r of refs) {
      const type = this.knownTypes.get(`${fullName}\0${r.sha}`);
      if (type === undefined || (r.ref.startsWith("refs/heads/") && type !== "commit")) return false;
    }
    const locked: string[] = [];
    try {
      for (const name of names) {
        const file = path.join(dir, name);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(`${file}.lock`, `${refs.find((r) => r.ref === name)!.sha}\n`, { flag: "wx" });
        locked.push(file);
      }
    } catch {
      for (const file of locked) await rm(`${file}.lock`, { force: true });
      return false;
    }
    for (const file of locked) await rename(`${file}.lock`, file);
    return true;
  }

  /** Deletes a ref. */
  async deleteRef(fullName: string, ref: string): Promise<void> {
    await this.gitText(fullName, ["update-ref", "-d", ref]);
  }

  /** Whether `ancestor` is an ancestor of (or equal to) `descendant`. */
  async isAncestor(fullName: string, ancestor: string, descendant: string): Promise<boolean> {
    return this.once(`ancestor\0${fullName}\0${ancestor}\0${descendant}`, [ancestor, descendant], () =>
      this.isAncestorByGit(fullName, ancestor, descendant),
    ).catch((error: unknown) => {
      if (error instanceof UnsettledAnswer) return false;
      throw error;
    });
  }

  private async isAncestorByGit(fullName: string, ancestor: string, descendant: string): Promise<boolean> {
    const result = await runProcess(
      "git",
      ["--git-dir", this.dir(fullName), "merge-base", "--is-ancestor", ancestor, descendant],
      {
        env: GIT_ENV,
      },
    );
    // Exit 1 is "not an ancestor", an answer for good; anything else (an object not there yet, which a push may
    // bring later) is no answer to keep.
    if (result.exitCode !== 0 && result.exitCode !== 1) throw new UnsettledAnswer(result.stderr);
    return result.exitCode === 0;
  }

  /** Resolves a branch, tag or SHA to a commit SHA (peeling tags), or undefined. */
  async resolveCommit(fullName: string, refish: string): Promise<string | undefined> {
    if (refish.startsWith("-")) return undefined;
    if (/^[0-9a-f]{40}$/.test(refish)) return this.peelToCommit(fullName, refish);
    const byFiles = await this.resolveCommitByRefFiles(fullName, refish);
    if (byFiles !== ASK_GIT) return byFiles;
    const candidates = [`refs/heads/${refish}`, `refs/tags/${refish}`, refish];
    // One process for every candidate, the first that names a commit winning, instead of one process each.
    const resolved = await this.resolveMany(
      fullName,
      candidates.map((c) => `${c}^{commit}`),
    );
    if (resolved) return resolved.find((r) => r?.type === "commit")?.sha;
    for (const c of candidates) {
      const result = await runProcess(
        "git",
        ["--git-dir", this.dir(fullName), "rev-parse", "--verify", "--quiet", `${c}^{commit}`],
        {
          env: GIT_ENV,
        },
      );
      if (result.exitCode === 0) return result.stdout.trim();
    }
    return undefined;
  }

  /**
   * `resolveCommit` for a plain name, from the ref files: `refs/heads/X`, then `refs/tags/X`, then X as git's rules
   * for a short name read it (`refs/X`, tags, heads, remotes). ASK_GIT for anything else.
   */
  private async resolveCommitByRefFiles(
    fullName: string,
    refish: string,
  ): Promise<string | undefined | typeof ASK_GIT> {
    const refs = this.refs(fullName);
    const tryRef = async (ref: string) => {
      const sha = await refs.read(ref);
      return sha ? { sha, commit: await this.peelToCommit(fullName, sha) } : undefined;
    };
    if (isPlainRefName(refish) && refish !== "HEAD") {
      for (const ref of [`refs/heads/${refish}`, `refs/tags/${refish}`]) {
        const found = await tryRef(ref);
        if (found?.commit) return found.commit;
      }
      return (await tryRef(refish))?.commit;
    }
    if (!isPlainShortName(refish) || /^[A-Z_]+$/.test(refish)) return ASK_GIT;
    for (const ref of [`refs/heads/${refish}`, `refs/tags/${refish}`]) {
      const found = await tryRef(ref);
      if (found?.commit) return found.commit;
    }
    // git's rules for a short name: the first ref that exists is meant, and must peel to a commit.
    for (const ref of [
      `refs/${refish}`,
      `refs/tags/${refish}`,
      `refs/heads/${refish}`,
      `refs/remotes/${refish}`,
      `refs/remotes/${refish}/HEAD`,
    ]) {
      const found = await tryRef(ref);
      if (found) return found.commit;
    }
    return undefined;
  }

  /** Commits reachable from `head` but not from `base`, newest first. */
  async commitsBetween(fullName: string, base: string | undefined, head: string, limit = 250): Promise<string[]> {
    return this.once(`between\0${fullName}\0${base ?? ""}\0${head}\0${limit}`, [base, head], () =>
      this.commitsBetweenByGit(fullName, base, head, limit),
    );
  }

  private async commitsBetweenByGit(
    fullName: string,
    base: string | undefined,
    head: string,
    limit: number,
  ): Promise<string[]> {
    const args = ["rev-list", `--max-count=${limit}`, head];
    if (base) args.push(`^${base}`);
    const out = await this.gitText(fullName, args);
    return out.split("\n").filter(Boolean);
  }

  /**
   * The tree of a three-way merge of `ours` and `theirs` (git merge-tree --write-tree, no work tree), or undefined
   * when they conflict.
   */
  async mergeTree(fullName: string, ours: string, theirs: string): Promise<string | undefined> {
    const result = await runProcess(
      "git",
      ["--git-dir", this.dir(fullName), "merge-tree", "--write-tree", ours, theirs],
      {
        env: GIT_ENV,
      },
    );
    if (result.exitCode !== 0) return undefined;
    return result.stdout.split("\n")[0]?.trim() || undefined;
  }

  /** The merge base of two commits, or undefined. */
  async mergeBase(fullName: string, a: string, b: string): Promise<string | undefined> {
    return this.once(`base\0${fullName}\0${a}\0${b}`, [a, b], () => this.mergeBaseByGit(fullName, a, b)).catch(
      (error: unknown) => {
        if (error instanceof UnsettledAnswer) return undefined;
        throw error;
      },
    );
  }

  private async mergeBaseByGit(fullName: string, a: string, b: string): Promise<string | undefined> {
    const result = await runProcess("git", ["--git-dir", this.dir(fullName), "merge-base", a, b], {
      env: GIT_ENV,
    });
    // Exit 1 is "no common ancestor", for good; anything else (objects not there yet) is not kept.
    if (result.exitCode !== 0 && result.exitCode !== 1) throw new UnsettledAnswer(result.stderr);
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  /** Files changed between two commits (name-status). */
  async diffNames(fullName: string, a: string, b: string): Promise<{ status: string; path: string }[]> {
    const out = await this.gitText(fullName, ["diff-tree", "-r", "--name-status", "--no-renames", a, b]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const [status = "", p = ""] = l.split("\t");
        return { status, path: p };
      });
  }

  /** Lines added and deleted per file between two commits (binary files count 0), for pull requests' totals. */
  async diffStat(
    fullName: string,
    a: string,
    b: string,
  ): Promise<{ path: string; additions: number; deletions: number }[]> {
    const out = await this.gitText(fullName, ["diff-tree", "-r", "--numstat", "--no-renames", a, b]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const [added = "-", deleted = "-", p = ""] = l.split("\t");
        return { path: p, additions: Number(added) || 0, deletions: Number(deleted) || 0 };
      });
  }

  /** A gzip'd tarball of a tree-ish with a prefix directory, as GitHub's archive links serve. */
  async archive(fullName: string, treeish: string, prefix: string): Promise<Buffer> {
    const result = await runProcessOrThrow(
      "git",
      ["--git-dir", this.dir(fullName), "archive", "--format=tar.gz", `--prefix=${prefix}/`, treeish],
      {
        binary: true,
        env: { ...GIT_ENV, TZ: "UTC" },
      },
    );
    return Buffer.from(result.stdout);
  }

  /**
   * Merges two commits' trees as `git merge` would (ort, no working tree: `git merge-tree --write-tree`, git 2.38+).
   * Returns the merged tree, or null when the merge has conflicts.
   */
  async mergeTrees(fullName: string, ours: string, theirs: string): Promise<string | null> {
    const result = await runProcess(
      "git",
      ["--git-dir", this.dir(fullName), "merge-tree", "--write-tree", "--no-messages", ours, theirs],
      { env: GIT_ENV },
    );
    // Exit 1 is a conflicted merge (its first line is then a tree with conflict markers); anything else is a failure.
    if (result.exitCode === 1) return null;
    if (result.exitCode !== 0) throw new Error(`git merge-tree failed: ${result.stderr}`);
    return result.stdout.split("\n")[0]!.trim();
  }

  /** Copies the objects of `from`'s branch into `to` (fork sync). */
  async fetchFrom(to: string, from: string, branch: string): Promise<void> {
    await this.gitText(to, ["fetch", "--quiet", "--no-tags", this.dir(from), `refs/heads/${branch}`]);
  }

  /** Removes everything. */
  async destroy(): Promise<void> {
    this.close();
    await rm(this.root, { recursive: true, force: true });
  }
}
