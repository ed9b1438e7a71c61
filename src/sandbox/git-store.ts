/**
 * Real bare git repositories behind the sandbox. Every object the Git Data API creates is a real git object
 * made with git plumbing, so SHAs are the ones GitHub would compute for the same content.
 */
import { execa } from "execa";
import { mkdir, mkdtemp, rm, cp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

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

/** Bare repositories stored under one root directory, `<root>/<owner>/<name>.git`. */
export class GitStore {
  /**
   * Object types already looked up, per repository and SHA. Objects never change or go away (the sandbox deletes no
   * repository and never prunes), so a type once seen holds; a miss is not kept, the object may be written later.
   */
  private readonly knownTypes = new Map<string, "blob" | "tree" | "commit" | "tag">();

  constructor(readonly root: string) {}

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
    const result = await execa("git", ["--git-dir", this.dir(fullName), ...args], {
      input,
      env: { ...GIT_ENV, ...env },
    });
    return result.stdout;
  }

  /** Creates an empty bare repository. */
  async init(fullName: string, defaultBranch: string): Promise<void> {
    await mkdir(path.dirname(this.dir(fullName)), { recursive: true });
    await execa("git", ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, this.dir(fullName)], {
      env: GIT_ENV,
    });
    // Allow `git clone` over smart HTTP without a per-repo marker file.
    await this.gitText(fullName, ["config", "http.receivepack", "false"]);
  }

  /**
   * The branches and tags of another repository (a git directory or a bundle file), with what they point to (an
   * annotated tag's own SHA), as `git ls-remote` lists them.
   */
  async listSourceRefs(source: string): Promise<{ ref: string; sha: string }[]> {
    const result = await execa("git", ["ls-remote", "--refs", "--", source], { env: GIT_ENV, reject: false });
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
      ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--stdin", "--", source],
      refs.map((ref) => `+${ref}:${ref}\n`).join(""),
    );
  }

  /** Copies a whole repository (a fork is a real copy). */
  async copy(from: string, to: string): Promise<void> {
    await mkdir(path.dirname(this.dir(to)), { recursive: true });
    await cp(this.dir(from), this.dir(to), { recursive: true });
  }

  /** Makes a root commit on `branch` from files and/or a directory. Returns the commit SHA. */
  async seedCommit(
    fullName: string,
    branch: string,
    files: Record<string, string>,
    dir: string | undefined,
    when: string,
  ): Promise<string> {
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
      const person: GitPerson = { name: "Sandbox Seed", email: "seed@sandbox.invalid", date: when };
      const sha = await this.commitTree(fullName, tree, [], "Initial commit", person, person);
      await this.gitText(fullName, ["update-ref", `refs/heads/${branch}`, sha]);
      return sha;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private async emptyTree(fullName: string): Promise<string> {
    return this.gitText(fullName, ["mktree"], "");
  }

  /** Writes a blob; returns its SHA. */
  async writeBlob(fullName: string, content: Buffer): Promise<string> {
    const result = await execa("git", ["--git-dir", this.dir(fullName), "hash-object", "-w", "--stdin"], {
      input: content,
      env: GIT_ENV,
    });
    return result.stdout.trim();
  }

  /** Reads a blob's bytes. */
  async readBlob(fullName: string, sha: string): Promise<Buffer> {
    const result = await execa("git", ["--git-dir", this.dir(fullName), "cat-file", "blob", sha], {
      encoding: "buffer",
      stripFinalNewline: false,
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
    const result = await execa("git", ["--git-dir", this.dir(fullName), "cat-file", "-t", sha], {
      env: GIT_ENV,
      reject: false,
    });
    if (result.exitCode !== 0) return undefined;
    const type = result.stdout.trim() as "blob" | "tree" | "commit" | "tag";
    this.knownTypes.set(key, type);
    return type;
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
    const result = await execa("git", ["--git-dir", this.dir(fullName), "cat-file", "--batch-check"], {
      input: names.map((n) => `${n}\n`).join(""),
      env: GIT_ENV,
      reject: false,
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
    return Number(await this.gitText(fullName, ["cat-file", "-s", sha]));
  }

  /**
   * Builds a tree the way POST /git/trees does: start from `baseTree` (or empty), then add, replace or delete
   * the given paths (nested paths create subtrees). Uses a throwaway index, so it is real git all the way.
   */
  async createTree(
    fullName: string,
    baseTree: string | undefined,
    entries: readonly TreeEntryInput[],
  ): Promise<string> {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "rk-index-"));
    const env = { GIT_INDEX_FILE: path.join(tmp, "index") };
    try {
      if (baseTree) await this.gitText(fullName, ["read-tree", baseTree], undefined, env);
      else await this.gitText(fullName, ["read-tree", "--empty"], undefined, env);
      const lines: string[] = [];
      for (const entry of entries) {
        if (entry.sha === null) {
          await this.gitText(fullName, ["update-index", "--force-remove", "--", entry.path], undefined, env);
          continue;
        }
        let sha = entry.sha;
        if (entry.content !== undefined) sha = await this.writeBlob(fullName, Buffer.from(entry.content, "utf8"));
        if (entry.type === "tree") {
          // A subtree given by SHA replaces the directory: remove what the index has below it, then read it in.
          await this.gitText(
            fullName,
            ["rm", "--cached", "-r", "-q", "--ignore-unmatch", "--", entry.path],
            undefined,
            env,
          ).catch(() => "");
          await this.gitText(fullName, ["read-tree", `--prefix=${entry.path}/`, sha!], undefined, env);
          continue;
        }
        lines.push(`${entry.mode} ${sha} 0\t${entry.path}`);
      }
      if (lines.length > 0)
        await this.gitText(fullName, ["update-index", "--add", "--index-info"], lines.join("\n") + "\n", env);
      return await this.gitText(fullName, ["write-tree", "--missing-ok"], undefined, env);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** Lists a tree (recursively when asked). */
  async listTree(fullName: string, treeSha: string, recursive: boolean): Promise<GitTreeEntry[]> {
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

  /** Finds a path in a commit-ish; undefined when absent. */
  async lookupPath(fullName: string, commitish: string, filePath: string): Promise<GitTreeEntry | undefined> {
    const result = await execa(
      "git",
      ["--git-dir", this.dir(fullName), "ls-tree", "-l", "-z", commitish, "--", filePath],
      {
        env: GIT_ENV,
        reject: false,
      },
    );
    if (result.exitCode !== 0) return undefined;
    const line = result.stdout.split("\0").find(Boolean);
    if (!line) return undefined;
    const [meta = "", p = ""] = line.split("\t");
    const [mode = "", type = "", sha = "", size = "-"] = meta.split(/\s+/);
    return { mode, type: type as GitTreeEntry["type"], sha, path: p, size: size === "-" ? undefined : Number(size) };
  }

  /** Creates a commit object. */
  async commitTree(
    fullName: string,
    tree: string,
    parents: readonly string[],
    message: string,
    author: GitPerson,
    committer: GitPerson,
  ): Promise<string> {
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
    const raw = await this.gitText(fullName, ["cat-file", "commit", sha]);
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
    return this.gitText(fullName, ["mktag"], body);
  }

  /** Reads an annotated tag object. */
  async readTag(fullName: string, sha: string): Promise<GitTagObject> {
    const raw = await this.gitText(fullName, ["cat-file", "tag", sha]);
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
    // One process: the ref must peel to an object (`ref^{}`), and its own SHA is the answer.
    const both = await this.resolveMany(fullName, [`${ref}^{}`, ref]);
    if (both) return both[0] && both[1] ? both[1].sha : undefined;
    const result = await execa(
      "git",
      ["--git-dir", this.dir(fullName), "rev-parse", "--verify", "--quiet", `${ref}^{}`],
      {
        env: GIT_ENV,
        reject: false,
      },
    );
    if (result.exitCode !== 0) return undefined;
    const direct = await execa("git", ["--git-dir", this.dir(fullName), "rev-parse", "--verify", "--quiet", ref], {
      env: GIT_ENV,
      reject: false,
    });
    return direct.exitCode === 0 ? direct.stdout.trim() : undefined;
  }

  /**
   * Sets a ref atomically. `expectOld` = "" means the ref must not exist yet; a SHA means it must still
   * point there (compare-and-swap), which is how concurrent writers are kept from overwriting each other.
   */
  async updateRef(fullName: string, ref: string, sha: string, expectOld?: string): Promise<boolean> {
    const args = ["update-ref", ref, sha];
    if (expectOld !== undefined) args.push(expectOld === "" ? "0".repeat(40) : expectOld);
    const result = await execa("git", ["--git-dir", this.dir(fullName), ...args], { env: GIT_ENV, reject: false });
    return result.exitCode === 0;
  }

  /** Deletes a ref. */
  async deleteRef(fullName: string, ref: string): Promise<void> {
    await this.gitText(fullName, ["update-ref", "-d", ref]);
  }

  /** Whether `ancestor` is an ancestor of (or equal to) `descendant`. */
  async isAncestor(fullName: string, ancestor: string, descendant: string): Promise<boolean> {
    const result = await execa(
      "git",
      ["--git-dir", this.dir(fullName), "merge-base", "--is-ancestor", ancestor, descendant],
      {
        env: GIT_ENV,
        reject: false,
      },
    );
    return result.exitCode === 0;
  }

  /** Resolves a branch, tag or SHA to a commit SHA (peeling tags), or undefined. */
  async resolveCommit(fullName: string, refish: string): Promise<string | undefined> {
    if (refish.startsWith("-")) return undefined;
    const candidates = /^[0-9a-f]{40}$/.test(refish)
      ? [refish]
      : [`refs/heads/${refish}`, `refs/tags/${refish}`, refish];
    // One process for every candidate, the first that names a commit winning, instead of one process each.
    const resolved = await this.resolveMany(
      fullName,
      candidates.map((c) => `${c}^{commit}`),
    );
    if (resolved) return resolved.find((r) => r?.type === "commit")?.sha;
    for (const c of candidates) {
      const result = await execa(
        "git",
        ["--git-dir", this.dir(fullName), "rev-parse", "--verify", "--quiet", `${c}^{commit}`],
        {
          env: GIT_ENV,
          reject: false,
        },
      );
      if (result.exitCode === 0) return result.stdout.trim();
    }
    return undefined;
  }

  /** Commits reachable from `head` but not from `base`, newest first. */
  async commitsBetween(fullName: string, base: string | undefined, head: string, limit = 250): Promise<string[]> {
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
    const result = await execa("git", ["--git-dir", this.dir(fullName), "merge-tree", "--write-tree", ours, theirs], {
      env: GIT_ENV,
      reject: false,
    });
    if (result.exitCode !== 0) return undefined;
    return result.stdout.split("\n")[0]?.trim() || undefined;
  }

  /** The merge base of two commits, or undefined. */
  async mergeBase(fullName: string, a: string, b: string): Promise<string | undefined> {
    const result = await execa("git", ["--git-dir", this.dir(fullName), "merge-base", a, b], {
      env: GIT_ENV,
      reject: false,
    });
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
    const result = await execa(
      "git",
      ["--git-dir", this.dir(fullName), "archive", "--format=tar.gz", `--prefix=${prefix}/`, treeish],
      {
        encoding: "buffer",
        stripFinalNewline: false,
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
    const result = await execa(
      "git",
      ["--git-dir", this.dir(fullName), "merge-tree", "--write-tree", "--no-messages", ours, theirs],
      { env: GIT_ENV, reject: false },
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
    await rm(this.root, { recursive: true, force: true });
  }
}
