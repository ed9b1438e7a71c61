/**
 * The sandbox's git store reads refs from files, reads objects through one `cat-file --batch-command` process and
 * writes blobs, trees, commits, new repositories and their first refs itself (for speed). Here git is the oracle:
 * random trees built by the store must have the SHAs git's own index gives for the same steps, random commits the
 * SHAs `git commit-tree` gives, a new repository must be one git opens as `git init` made it, ref names must pass or
 * fail as `git check-ref-format` says, and
 * refs, peeled tags, tree listings and path lookups must read as `for-each-ref`, `rev-parse` and `ls-tree` read them,
 * with loose and packed refs, annotated tags and a symbolic ref.
 */
import { execa } from "execa";
import fc from "fast-check";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitStore, type TreeEntryInput } from "../../src/sandbox/git-store.js";
import { isValidRefName } from "../../src/sandbox/git-ref-reader.js";
import { verbatimCommitFields } from "../../src/sandbox/git-object-writer.js";
import { GitObjectReader } from "../../src/sandbox/git-object-reader.js";

const ENV = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", LC_ALL: "C" };
const REPO = "acme/oracle";

let root: string;
let store: GitStore;
let gitDir: string;

async function git(args: string[], input?: string, env: Record<string, string> = {}): Promise<string> {
  const r = await execa("git", ["--git-dir", gitDir, ...args], { input, env: { ...ENV, ...env } });
  return r.stdout;
}

/** What the store did before: the same steps on a throwaway git index. */
async function treeByGitIndex(baseTree: string | undefined, entries: readonly TreeEntryInput[]): Promise<string> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "rk-oracle-index-"));
  // read-tree --prefix wants a work tree, though it writes none: an empty one is given.
  const env = { GIT_INDEX_FILE: path.join(tmp, "index"), GIT_WORK_TREE: tmp };
  try {
    await git(baseTree ? ["read-tree", baseTree] : ["read-tree", "--empty"], undefined, env);
    const lines: string[] = [];
    for (const entry of entries) {
      if (entry.sha === null) {
        await git(["update-index", "--force-remove", "--", entry.path], undefined, env);
        continue;
      }
      let sha = entry.sha;
      if (entry.content !== undefined) sha = await git(["hash-object", "-w", "--stdin"], entry.content);
      if (entry.type === "tree") {
        await git(["rm", "--cached", "-r", "-q", "--ignore-unmatch", "--", entry.path], undefined, env).catch(() => "");
        await git(["read-tree", `--prefix=${entry.path}/`, sha!], undefined, env);
        continue;
      }
      lines.push(`${entry.mode} ${sha} 0\t${entry.path}`);
    }
    if (lines.length > 0) await git(["update-index", "--add", "--index-info"], lines.join("\n") + "\n", env);
    return await git(["write-tree", "--missing-ok"], undefined, env);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "rk-oracle-"));
  store = new GitStore(root);
  await store.init(REPO, "main");
  gitDir = store.dir(REPO);
});

afterAll(async () => {
  await store.destroy();
});

const segment = fc.constantFrom("a", "b", "a.txt", "a-b", "z", "docs", "x y", "é", "a0");
const filePath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
const content = fc.string({ maxLength: 20 });
const fileMode = fc.constantFrom("100644", "100755", "100664");

describe("the store's trees against git's index", () => {
  it("gives the SHA git gives for random bases and random additions, deletions and replaced subtrees", async () => {
    // Subtrees to graft come from the store's own earlier trees.
    const subtree = await store.createTree(REPO, undefined, [
      { path: "inner/leaf", mode: "100644", type: "blob", content: "leaf\n" },
      { path: "top", mode: "100755", type: "blob", content: "#!/bin/sh\n" },
    ]);
    const op: fc.Arbitrary<TreeEntryInput> = fc.oneof(
      fc.record({ path: filePath, mode: fileMode, type: fc.constant("blob" as const), content }),
      fc.record({
        path: filePath,
        mode: fc.constant("100644"),
        type: fc.constant("blob" as const),
        sha: fc.constant(null),
      }),
      fc.record({
        path: filePath,
        mode: fc.constant("040000"),
        type: fc.constant("tree" as const),
        sha: fc.constant(subtree),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(filePath, content), { selector: ([p]) => p, maxLength: 6 }),
        fc.array(op, { maxLength: 5 }),
        async (baseFiles, ops) => {
          const baseEntries = baseFiles.map(([p, c]) => ({
            path: p,
            mode: "100644",
            type: "blob" as const,
            content: c,
          }));
          const gitBase = await treeByGitIndex(undefined, baseEntries).catch(() => undefined);
          if (gitBase === undefined) {
            await expect(store.createTree(REPO, undefined, baseEntries)).rejects.toThrow();
            return;
          }
          const base = await store.createTree(REPO, undefined, baseEntries);
          expect(base).toBe(gitBase);
          const expected = await treeByGitIndex(base, ops).catch((e: unknown) => e as Error);
          if (expected instanceof Error) {
            await expect(store.createTree(REPO, base, ops)).rejects.toThrow();
            return;
          }
          expect(await store.createTree(REPO, base, ops)).toBe(expected);
          expect(await git(["cat-file", "-t", expected])).toBe("tree");
          expect(await store.listTree(REPO, expected, true)).toEqual(await lsTree(expected, true));
        },
      ),
      { numRuns: 20, seed: 20261202 },
    );
  }, 240_000);
});

describe("seeded root commits against git add", () => {
  it("writes the commit git add, write-tree and commit-tree give for the same files, and creates its refs at once", async () => {
    // The git path is taken for a directory: an empty one adds nothing of its own.
    const empty = await mkdtemp(path.join(os.tmpdir(), "rk-oracle-empty-"));
    // A file and a directory of the same name cannot both be on disk, so neither can be in a seed.
    const files = fc
      .uniqueArray(fc.tuple(filePath, fc.string({ maxLength: 30 })), { selector: ([p]) => p, maxLength: 8 })
      .filter((list) => list.every(([a]) => list.every(([b]) => !b.startsWith(`${a}/`))))
      .map((list) => Object.fromEntries(list));
    try {
      await fc.assert(
        fc.asyncProperty(files, async (seedFiles) => {
          const when = "2026-01-02T03:04:05Z";
          const byStore = await store.seedRootCommit(REPO, seedFiles, undefined, when);
          const byGit = await store.seedRootCommit(REPO, seedFiles, empty, when);
          expect(byStore).toBe(byGit);
          expect(await git(["cat-file", "-t", byStore])).toBe("commit");
        }),
        { numRuns: 15, seed: 20261203 },
      );
      const head = await store.seedRootCommit(REPO, { "README.md": "hi\n" }, undefined, "2026-01-02T03:04:05Z");
      await store.createRefs(REPO, [
        { ref: "refs/heads/seeded", sha: head },
        { ref: "refs/tags/v-seeded", sha: head },
      ]);
      expect(await git(["rev-parse", "refs/heads/seeded", "refs/tags/v-seeded"])).toBe(`${head}\n${head}`);
      // One transaction: a ref that exists already fails it whole, and the other ref is not made.
      await expect(
        store.createRefs(REPO, [
          { ref: "refs/heads/seeded-2", sha: head },
          { ref: "refs/tags/v-seeded", sha: head },
        ]),
      ).rejects.toThrow();
      expect(await git(["for-each-ref", "refs/heads/seeded-2"])).toBe("");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  }, 240_000);
});

/** `ls-tree -l -z` parsed as the store answers. */
async function lsTree(treeish: string, recursive: boolean, filter?: string) {
  const out = await git([
    "ls-tree",
    "-l",
    "-z",
    ...(recursive ? ["-r", "-t"] : []),
    treeish,
    ...(filter ? ["--", filter] : []),
  ]);
  return out
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta = "", p = ""] = line.split("\t");
      const [mode = "", type = "", sha = "", size = "-"] = meta.split(/\s+/);
      return { mode, type, sha, path: p, size: size === "-" ? undefined : Number(size) };
    });
}

describe("commits against git commit-tree", () => {
  it("gives the SHA git commit-tree gives, or fails where it fails, for random people, dates, messages and parents", async () => {
    const tree = await store.createTree(REPO, undefined, [{ path: "f", mode: "100644", type: "blob", content: "f\n" }]);
    const when = "2026-01-02T03:04:05Z";
    const person = { name: "Base", email: "base@example.invalid", date: when };
    const bases = [
      await store.commitTree(REPO, tree, [], "one\n", person, person),
      await store.commitTree(REPO, tree, [], "two\n", person, person),
    ];
    // Names and emails git keeps as they are (the store writes those commits itself), and ones git cleans (crud at
    // the ends, <, > and line breaks inside) or refuses (empty), which the store leaves to git. NUL cannot be in an
    // environment variable, so neither path can be asked for it.
    const kept = fc.oneof(
      fc.constantFrom("Widget Bot", "bot@widget.invalid", "Zoë Ünïcode", "a", "R. Manager", "x-y_z+tag@example.org"),
      fc
        .tuple(fc.constantFrom("a", "Z", "é", "1"), fc.string({ unit: fc.constantFrom("a", " ", ".", ",", "é", "'") }))
        .map(([first, rest]) => `${first}${rest}${first}`),
    );
    const cleaned = fc.oneof(
      fc.constantFrom("Jr.", ".dot", "x,", " pad ", "<a>", "", "a\nb", "tab\t"),
      fc.string({ unit: fc.constantFrom("a", "b", " ", ".", ",", "<", ">", "\n", "'", '"', "\\", "é", "\t") }),
    );
    // Dates git reads as seconds, and the edges: before 1973-03-03 git reads the number as something else, from
    // 2100 on it refuses the date.
    const date = fc
      .oneof(
        { weight: 3, arbitrary: fc.integer({ min: 100_000_000, max: 4_102_444_799 }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(86_400, 99_999_999, 100_000_000, 4_102_444_799, 4_102_444_800, 4_294_967_296),
        },
      )
      .map((seconds) => new Date(seconds * 1000).toISOString());
    const who = fc.oneof(
      { weight: 4, arbitrary: fc.record({ name: kept, email: kept, date }) },
      { weight: 1, arbitrary: fc.record({ name: fc.oneof(kept, cleaned), email: fc.oneof(kept, cleaned), date }) },
    );
    let writtenByStore = 0;
    const message = fc.oneof(
      fc.string(),
      fc.string({ unit: "grapheme" }),
      fc.constantFrom("", "subject\n\nbody\n", "no newline", "nul \0 inside\n", "trailing\n\n\n"),
    );
    // Mostly distinct parents; sometimes one twice, which git drops with a warning.
    const parents = fc.oneof(
      { weight: 3, arbitrary: fc.subarray(bases) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom(...bases), { maxLength: 3 }) },
    );
    await fc.assert(
      fc.asyncProperty(who, who, message, parents, async (author, committer, msg, ps) => {
        const env = {
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_AUTHOR_DATE: `${Math.floor(Date.parse(author.date) / 1000)} +0000`,
          GIT_COMMITTER_NAME: committer.name,
          GIT_COMMITTER_EMAIL: committer.email,
          GIT_COMMITTER_DATE: `${Math.floor(Date.parse(committer.date) / 1000)} +0000`,
        };
        const byGit = await git(["commit-tree", tree, ...ps.flatMap((p) => ["-p", p])], msg, env).catch(
          (e: unknown) => e as Error,
        );
        const fields = { tree, parents: ps, message: msg, author, committer };
        if (verbatimCommitFields(fields)) writtenByStore += 1;
        const byStore = store.commitTree(REPO, tree, ps, msg, author, committer);
        if (byGit instanceof Error) await expect(byStore).rejects.toThrow();
        else expect(await byStore).toBe(byGit);
      }),
      { numRuns: 60, seed: 20261204 },
    );
    // Both paths were compared: most commits were the store's own, the rest git's.
    expect(writtenByStore).toBeGreaterThan(20);
    expect(writtenByStore).toBeLessThan(60);
    // A commit the store wrote itself is one git reads and checks.
    const own = await store.commitTree(REPO, tree, bases, "merge\n", person, person);
    expect(await git(["cat-file", "-p", own])).toContain(`parent ${bases[0]}\nparent ${bases[1]}\n`);
    await git(["fsck", "--strict", "--no-dangling"]);
  }, 240_000);
});

describe("annotated tags against git mktag", () => {
  it("gives the SHA git mktag gives, or fails where it fails, for random names, taggers, messages and objects", async () => {
    const who = { name: "T", email: "t@example.invalid", date: "2026-01-02T03:04:05Z" };
    const blob = await store.writeBlob(REPO, Buffer.from("tagged blob\n"));
    const tree = await store.createTree(REPO, undefined, [{ path: "t", mode: "100644", type: "blob", content: "t\n" }]);
    const commit = await store.commitTree(REPO, tree, [], "tagged\n", who, who);
    const objects = { blob, tree, commit, tag: await store.makeTag(REPO, commit, "commit", "base", who, "base\n") };
    // Mostly what a release makes (the store writes those itself), and what git refuses or must judge: a type that
    // is not the object's, a bad tag name, a tagger git would clean, a date it cannot read.
    const kinds = Object.keys(objects) as (keyof typeof objects)[];
    const target = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...kinds).map((k) => [k, k] as const) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...kinds), fc.constantFrom(...kinds)) },
    );
    const tagName = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom("v1.20.0", "v1.20.0rc1", "rel/1.x", "ok_1") },
      { weight: 1, arbitrary: fc.constantFrom("a..b", "x.lock", "has space", "-dash", "") },
    );
    const person = fc.oneof(
      { weight: 3, arbitrary: fc.constant(who) },
      {
        weight: 1,
        arbitrary: fc.record({
          name: fc.constantFrom("Release Bot", "Zoë", "", " pad", "a<b", "Jr."),
          email: fc.constantFrom("bot@example.invalid", "", "x y@z", "a>b"),
          date: fc.constantFrom(who.date, "1970-01-02T00:00:00Z", "2100-01-01T00:00:00Z"),
        }),
      },
    );
    const message = fc.oneof(fc.string(), fc.constantFrom("", "1.20.0\n", "no newline", "nul \0 here\n"));
    let made = 0;
    await fc.assert(
      fc.asyncProperty(target, tagName, person, message, async ([objectOf, type], name, tagger, msg) => {
        const object = objects[objectOf];
        const body = `object ${object}\ntype ${type}\ntag ${name}\ntagger ${tagger.name} <${tagger.email}> ${Math.floor(Date.parse(tagger.date) / 1000)} +0000\n\n${msg}${msg.endsWith("\n") ? "" : "\n"}`;
        const byGit = await git(["mktag"], body).catch((e: unknown) => e as Error);
        const byStore = store.makeTag(REPO, object, type, name, tagger, msg);
        if (byGit instanceof Error) await expect(byStore, body).rejects.toThrow();
        else {
          expect(await byStore, body).toBe(byGit);
          made += 1;
        }
      }),
      { numRuns: 60, seed: 20261206 },
    );
    expect(made).toBeGreaterThan(18);
    await git(["fsck", "--strict", "--no-dangling"]);
  }, 240_000);
});

describe("ref updates against git update-ref", () => {
  it("moves, creates and refuses refs as git update-ref does, on a copy of the same repository", async () => {
    const A = "acme/refs-by-store";
    await store.init(A, "main");
    const who = { name: "R", email: "r@example.invalid", date: "2026-01-02T03:04:05Z" };
    const tree = await store.createTree(A, undefined, [{ path: "f", mode: "100644", type: "blob", content: "f\n" }]);
    const c1 = await store.commitTree(A, tree, [], "one\n", who, who);
    const c2 = await store.commitTree(A, tree, [c1], "two\n", who, who);
    const blob = await store.writeBlob(A, Buffer.from("blob\n"));
    const tag = await store.makeTag(A, c1, "commit", "t1", who, "t1\n");
    // The same objects in a repository only git writes refs of.
    const byGitDir = path.join(root, "refs-by-git.git");
    await execa("cp", ["-r", store.dir(A), byGitDir]);
    const gitIn = (dir: string, args: string[]) =>
      execa("git", ["--git-dir", dir, ...args], { env: ENV, reject: false });
    for (const dir of [store.dir(A), byGitDir]) await gitIn(dir, ["symbolic-ref", "refs/heads/sym", "refs/heads/c"]);
    const missing = "1".repeat(40);
    const name = fc.constantFrom(
      "refs/heads/a",
      "refs/heads/a/b",
      "refs/heads/c",
      "refs/heads/sym",
      "refs/heads/x/y/z",
      "refs/heads/x",
      "refs/tags/t",
      "refs/pull/1/head",
      "refs/heads/bad..name",
      "refs/heads/ok.lock",
    );
    const op = fc.oneof(
      { weight: 1, arbitrary: fc.constant({ kind: "pack" as const }) },
      {
        weight: 8,
        arbitrary: fc.record({
          kind: fc.constant("update" as const),
          ref: name,
          sha: fc.constantFrom(c1, c2, blob, tag, missing),
          expectOld: fc.constantFrom(undefined, "", c1, c2, missing),
        }),
      },
    );
    // Updates that went through (most by the store itself): the sequences must reach them, not only refusals.
    let byFile = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        for (const o of ops) {
          if (o.kind === "pack") {
            for (const dir of [store.dir(A), byGitDir]) await gitIn(dir, ["pack-refs", "--all"]);
            continue;
          }
          const args = ["update-ref", o.ref, o.sha];
          if (o.expectOld !== undefined) args.push(o.expectOld === "" ? "0".repeat(40) : o.expectOld);
          const expected = (await gitIn(byGitDir, args)).exitCode === 0;
          expect(await store.updateRef(A, o.ref, o.sha, o.expectOld), JSON.stringify(o)).toBe(expected);
          if (expected && o.ref !== "refs/heads/sym") byFile += 1;
        }
        // Each answer matched git's; the refs both repositories end with must match too.
        const refs = async (dir: string) =>
          (await gitIn(dir, ["for-each-ref", "--format=%(refname) %(objectname) %(symref)"])).stdout;
        expect(await refs(store.dir(A)), JSON.stringify(ops)).toBe(await refs(byGitDir));
      }),
      { numRuns: 20, seed: 20261205 },
    );
    expect(byFile).toBeGreaterThan(10);
    // Nothing left behind: no lock file, and the repository checks out.
    expect((await execa("find", [store.dir(A), "-name", "*.lock"])).stdout).toBe("");
    expect((await gitIn(store.dir(A), ["fsck", "--strict", "--no-dangling"])).exitCode).toBe(0);
  }, 240_000);

  it("lets one of two writers of the same ref win and the other see the ref moved", async () => {
    const B = "acme/refs-race";
    await store.init(B, "main");
    const who = { name: "R", email: "r@example.invalid", date: "2026-01-02T03:04:05Z" };
    const tree = await store.createTree(B, undefined, [{ path: "f", mode: "100644", type: "blob", content: "f\n" }]);
    const base = await store.commitTree(B, tree, [], "base\n", who, who);
    await store.createRefs(B, [{ ref: "refs/heads/main", sha: base }]);
    for (let i = 0; i < 20; i++) {
      const current = (await store.readRef(B, "refs/heads/main"))!;
      const next = await Promise.all(
        ["x", "y"].map((m) => store.commitTree(B, tree, [current], `${m}${i}\n`, who, who)),
      );
      const won = await Promise.all(next.map((sha) => store.updateRef(B, "refs/heads/main", sha, current)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await store.readRef(B, "refs/heads/main")).toBe(next[won.indexOf(true)]);
    }
  });
});

describe("new repositories against git init", () => {
  it("makes a bare repository git opens as it opens one git init made, with the first refs git reads", async () => {
    const byGit = path.join(root, "by-git.git");
    await execa("git", ["init", "--quiet", "--bare", "--initial-branch=trunk", byGit], { env: ENV });
    await store.init("acme/fresh", "trunk");
    const fresh = store.dir("acme/fresh");
    const gitIn = (dir: string, args: string[]) => execa("git", ["--git-dir", dir, ...args], { env: ENV });
    for (const args of [
      ["rev-parse", "--is-bare-repository"],
      ["symbolic-ref", "HEAD"],
      ["config", "--list", "--local"],
    ])
      expect((await gitIn(fresh, args)).stdout).toBe(
        `${(await gitIn(byGit, args)).stdout}${args[0] === "config" ? "\nhttp.receivepack=false" : ""}`,
      );
    const head = await store.seedRootCommit(
      "acme/fresh",
      { "README.md": "fresh\n" },
      undefined,
      "2026-01-02T03:04:05Z",
    );
    await store.createRefs("acme/fresh", [
      { ref: "refs/heads/trunk", sha: head },
      { ref: "refs/heads/rel/1.x", sha: head },
      { ref: "refs/tags/v1", sha: head },
    ]);
    expect((await gitIn(fresh, ["for-each-ref", "--format=%(refname) %(objectname)"])).stdout).toBe(
      [`refs/heads/rel/1.x ${head}`, `refs/heads/trunk ${head}`, `refs/tags/v1 ${head}`].join("\n"),
    );
    await gitIn(fresh, ["fsck", "--strict", "--no-dangling"]);
    // Odd first branch names: made or refused as git init makes or refuses them, with the same HEAD.
    for (const [i, branch] of ["HEAD", "-x", "a..b", "rel/1.x", "a.lock"].entries()) {
      const byGitInit = await execa("git", ["init", "--quiet", "--bare", `--initial-branch=${branch}`], {
        env: ENV,
        cwd: await mkdtemp(path.join(root, "odd-")),
        reject: false,
      });
      const made = await store.init(`acme/odd-${i}`, branch).then(
        () => true,
        () => false,
      );
      expect(made, branch).toBe(byGitInit.exitCode === 0);
      if (made)
        expect((await gitIn(store.dir(`acme/odd-${i}`), ["symbolic-ref", "HEAD"])).stdout).toBe(`refs/heads/${branch}`);
    }
    // A repository that is there already is git's to reinitialise: nothing of it is lost.
    await store.init("acme/fresh", "trunk");
    expect((await gitIn(fresh, ["rev-parse", "refs/tags/v1"])).stdout).toBe(head);
    // A name that is also the folder of another, in a new repository, is refused whole, as git refuses it.
    await store.init("acme/fresh-2", "main");
    const second = await store.seedRootCommit("acme/fresh-2", { a: "a\n" }, undefined, "2026-01-02T03:04:05Z");
    await expect(
      store.createRefs("acme/fresh-2", [
        { ref: "refs/heads/a", sha: second },
        { ref: "refs/heads/a/b", sha: second },
      ]),
    ).rejects.toThrow();
    expect((await gitIn(store.dir("acme/fresh-2"), ["for-each-ref"])).stdout).toBe("");
  });
});

describe("ref names against git check-ref-format", () => {
  it("accepts and refuses what git does", async () => {
    const char = fc.constantFrom(..."ab.@{}~^:?*[\\ /-é\u0001\u007f");
    const part = fc.array(char, { maxLength: 6 }).map((chars) => chars.join(""));
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 1, maxLength: 3 }), async (parts) => {
        const name = `refs/${parts.join("/")}`;
        const r = await execa("git", ["check-ref-format", name], { reject: false, env: ENV });
        expect(isValidRefName(name), name).toBe(r.exitCode === 0);
      }),
      { numRuns: 100, seed: 7 },
    );
  }, 120_000);
});

describe("refs and objects read as git reads them", () => {
  let commitA: string;
  let commitB: string;
  let tagObject: string;

  beforeAll(async () => {
    const tree = await store.createTree(REPO, undefined, [
      { path: "VERSION_NUMBER", mode: "100644", type: "blob", content: "1.20.0\n" },
      { path: "src/lib/core.cc", mode: "100644", type: "blob", content: "int x;\n" },
      { path: "tools/run", mode: "100755", type: "blob", content: "#!/bin/sh\n" },
    ]);
    const who = { name: "A", email: "a@example.com", date: "2026-01-01T00:00:00Z" };
    commitA = await store.commitTree(REPO, tree, [], "first\n", who, who);
    commitB = await store.commitTree(REPO, tree, [commitA], "second\n", who, who);
    await store.updateRef(REPO, "refs/heads/main", commitB);
    await store.updateRef(REPO, "refs/heads/rel-1.20", commitA);
    await store.updateRef(REPO, "refs/tags/v1.20.0rc1", commitA);
    tagObject = await store.makeTag(REPO, commitB, "commit", "v1.20.0", who, "1.20.0\n");
    await store.updateRef(REPO, "refs/tags/v1.20.0", tagObject);
    // Some refs packed, one of them then moved loose (the loose one wins), and a symbolic ref.
    await git(["pack-refs", "--all"]);
    await store.updateRef(REPO, "refs/heads/rel-1.20", commitB);
    await git(["symbolic-ref", "refs/heads/alias", "refs/heads/main"]);
    await store.updateRef(REPO, "refs/heads/feature/x", commitA);
  });

  it("lists refs as for-each-ref does", async () => {
    for (const prefix of ["refs/", "refs/heads/", "refs/tags/", "refs/heads/feature", "refs/tags/v1"]) {
      const out = await git(["for-each-ref", "--format=%(refname) %(objectname)", prefix]);
      const expected = out
        .split("\n")
        .filter(Boolean)
        .map((l) => ({ ref: l.split(" ")[0], sha: l.split(" ")[1] }));
      expect(await store.listRefs(REPO, prefix), prefix).toEqual(expected);
    }
  });

  it("reads and resolves names as rev-parse does", async () => {
    const revParse = async (rev: string) => {
      const r = await execa("git", ["--git-dir", gitDir, "rev-parse", "--verify", "--quiet", rev], {
        reject: false,
        env: ENV,
      });
      return r.exitCode === 0 ? r.stdout.trim() : undefined;
    };
    for (const ref of [
      "refs/heads/main",
      "refs/heads/rel-1.20",
      "refs/tags/v1.20.0",
      "refs/heads/alias",
      "refs/heads/none",
      "HEAD",
    ])
      expect(await store.readRef(REPO, ref), ref).toBe((await revParse(`${ref}^{}`)) ? await revParse(ref) : undefined);
    for (const name of [
      "main",
      "rel-1.20",
      "v1.20.0",
      "v1.20.0rc1",
      "alias",
      "feature/x",
      "none",
      "refs/heads/main",
      "tags/v1.20.0",
      commitA,
      tagObject,
      "HEAD",
      "main~1",
    ])
      expect(await store.resolveCommit(REPO, name), name).toBe(await revParse(`${name}^{commit}`));
  });

  it("lists trees and finds paths as ls-tree does", async () => {
    expect(await store.listTree(REPO, (await store.readCommit(REPO, commitB)).tree, false)).toEqual(
      await lsTree(`${commitB}^{tree}`, false),
    );
    for (const [at, p] of [
      [commitB, "src/lib/core.cc"],
      [commitB, "src/lib"],
      [commitB, "tools/run"],
      ["main", "VERSION_NUMBER"],
      ["v1.20.0", "src"],
      [tagObject, "VERSION_NUMBER"],
      [commitB, "src/missing"],
      [commitB, "VERSION_NUMBER/x"],
    ] as const) {
      const [expected] = await lsTree(at, false, p);
      expect(await store.lookupPath(REPO, at, p), `${at}:${p}`).toEqual(expected);
    }
  });

  it("reads commits, tags and blobs as cat-file does, and sees objects written after its first read", async () => {
    const commit = await store.readCommit(REPO, commitB);
    expect(commit.parents).toEqual([commitA]);
    expect(commit.message).toBe((await git(["cat-file", "commit", commitB])).split("\n\n").slice(1).join("\n\n"));
    expect((await store.readTag(REPO, tagObject)).object).toBe(commitB);
    const later = (await git(["hash-object", "-w", "--stdin"], "written by git itself\n")).trim();
    expect((await store.readBlob(REPO, later)).toString()).toBe("written by git itself\n");
    expect(await store.objectType(REPO, later)).toBe("blob");
    expect(await store.objectType(REPO, "0".repeat(40))).toBeUndefined();
  });
});

describe("objects read from their loose files or through git", () => {
  /** Every object of the repository with its type and bytes, as one `git cat-file --batch` gives them. */
  async function allObjects(): Promise<{ sha: string; type: string; data: Buffer }[]> {
    const r = await execa("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch"], {
      env: ENV,
      encoding: "buffer",
      stripFinalNewline: false,
    });
    const out = Buffer.from(r.stdout);
    const objects = [];
    for (let at = 0; at < out.length;) {
      const eol = out.indexOf(10, at);
      const [sha = "", type = "", size = ""] = out.subarray(at, eol).toString("latin1").split(" ");
      const data = out.subarray(eol + 1, eol + 1 + Number(size));
      objects.push({ sha, type, data });
      at = eol + 1 + Number(size) + 1;
    }
    return objects;
  }

  it("reads every object as cat-file does, loose and then packed", async () => {
    for (const state of ["loose", "packed"] as const) {
      if (state === "packed") await git(["repack", "-a", "-d", "-q"]);
      const objects = await allObjects();
      expect(objects.length).toBeGreaterThan(20);
      // A reader that has read nothing yet: every answer comes from the files or from git.
      const reader = new GitObjectReader(gitDir, ENV);
      try {
        for (const o of objects) {
          expect(await reader.info(o.sha), `${state} ${o.sha}`).toEqual({ type: o.type, size: o.data.length });
          const read = await reader.read(o.sha);
          expect(read?.type, `${state} ${o.sha}`).toBe(o.type);
          expect(read?.data.equals(o.data), `${state} ${o.type} ${o.sha}`).toBe(true);
        }
        expect(await reader.read("f".repeat(40))).toBeUndefined();
      } finally {
        reader.close();
      }
    }
  });
});
