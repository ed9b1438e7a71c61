/**
 * Forks as GitHub makes them: 202 at once and the git data later (the fork reads as an empty repository for
 * `fork-ready-after-polls` reads), `<name>-1` when the owner has another repository of that name, the owner's
 * existing fork answered whatever it is called now, and the list of a repository's forks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Octokit } from "octokit";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    "fork-ready-after-polls": 3,
    tokens: [
      { token: "t-release", login: "release-bot", write: ["release-bot/*"] },
      { token: "t-other", login: "other-bot", write: ["other-bot/*"] },
    ],
    repos: [
      { name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n" }, tags: ["v1.19.0"], branches: ["rc"] },
      { name: "acme/gadget", files: { "README.md": "gadget\n" } },
      { name: "release-bot/gadget", files: { "README.md": "not a fork\n" } },
      { name: "release-bot/gadget-1", files: { "README.md": "not a fork either\n" } },
      // A fork its owner renamed: GitHub still answers it for a new fork of acme/widget.
      { name: "release-bot/widget-renamed", "fork-of": "acme/widget" },
    ],
  },
  process.cwd(),
);

describe("sandbox forks", () => {
  let sandbox: Sandbox;
  let gh: Octokit;
  let other: Octokit;
  const client = (auth: string) =>
    new Octokit({ baseUrl: sandbox.apiUrl, auth, retry: { enabled: false }, throttle: { enabled: false } });

  beforeAll(async () => {
    sandbox = await startSandbox(seed, { now: () => new Date("2025-03-01T10:00:00Z") });
    gh = client("t-release");
    other = client("t-other");
  });
  afterEach(() => expect(sandbox.violations).toEqual([]));
  afterAll(async () => sandbox?.stop());

  it("answers 202 at once and reads as an empty repository until the copy is done after 3 reads", async () => {
    const fork = { owner: "other-bot", repo: "widget" };
    const created = await other.rest.repos.createFork({ owner: "acme", repo: "widget" });
    expect(created.status).toBe(202);
    expect(created.data).toMatchObject({
      full_name: "other-bot/widget",
      fork: true,
      parent: { full_name: "acme/widget" },
    });
    // The repository itself is there at once; its git data is not.
    expect((await other.rest.repos.get(fork)).data.full_name).toBe("other-bot/widget");
    await expect(other.rest.git.getRef({ ...fork, ref: "heads/main" })).rejects.toMatchObject({
      status: 409,
      response: { data: { message: "Git Repository is empty." } },
    });
    await expect(other.rest.repos.getContent({ ...fork, path: "VERSION_NUMBER" })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "This repository is empty." } },
    });
    expect((await other.rest.repos.listBranches(fork)).data).toEqual([]);
    // The fourth read sees the copy, with every branch and tag of the upstream.
    const refs = await other.rest.git.listMatchingRefs({ ...fork, ref: "heads/" });
    expect(refs.data.map((r) => r.ref).sort()).toEqual(["refs/heads/main", "refs/heads/rc"]);
    const polls = sandbox.requests.filter((r) => r.path.startsWith("/repos/other-bot/widget/"));
    expect(polls.map((r) => r.status)).toEqual([409, 404, 200, 200]);
  });

  it("names the fork <name>-N when the owner already has other repositories of that name", async () => {
    const created = await gh.rest.repos.createFork({ owner: "acme", repo: "gadget" });
    expect(created.data).toMatchObject({
      full_name: "release-bot/gadget-2",
      name: "gadget-2",
      fork: true,
      parent: { full_name: "acme/gadget" },
    });
    // The clashing repositories are untouched.
    expect((await gh.rest.repos.get({ owner: "release-bot", repo: "gadget" })).data.fork).toBe(false);
    expect((await gh.rest.repos.get({ owner: "release-bot", repo: "gadget-1" })).data.fork).toBe(false);
  });

  it("answers the owner's existing fork however it was renamed, and lists it among the forks", async () => {
    const existing = await gh.rest.repos.get({ owner: "release-bot", repo: "widget-renamed" });
    const again = await gh.rest.repos.createFork({ owner: "acme", repo: "widget" });
    expect(again.status).toBe(202);
    expect(again.data).toMatchObject({ id: existing.data.id, full_name: "release-bot/widget-renamed" });
    // A seeded fork is ready: its refs answer at once.
    const ref = await gh.rest.git.getRef({ owner: "release-bot", repo: "widget-renamed", ref: "heads/rc" });
    expect(ref.data.object.sha).toHaveLength(40);

    const newest = await gh.rest.repos.listForks({ owner: "acme", repo: "widget" });
    expect(newest.data.map((r) => r.full_name)).toEqual(["other-bot/widget", "release-bot/widget-renamed"]);
    const oldest = await gh.rest.repos.listForks({ owner: "acme", repo: "widget", sort: "oldest" });
    expect(oldest.data.map((r) => r.full_name)).toEqual(["release-bot/widget-renamed", "other-bot/widget"]);
    expect((await gh.rest.repos.listForks({ owner: "acme", repo: "gadget" })).data.map((r) => r.full_name)).toEqual([
      "release-bot/gadget-2",
    ]);
  });
});

describe("sandbox seed: forks", () => {
  it.each([
    {
      name: "a fork-of naming a repository seeded after it",
      seed: { repos: [{ name: "bot/widget", "fork-of": "acme/widget" }, { name: "acme/widget" }] },
      message: /repos\[0\]\.fork-of: acme\/widget must be seeded before its fork bot\/widget/,
    },
    {
      name: "a fork-of with files of its own",
      seed: { repos: [{ name: "acme/widget" }, { name: "bot/widget", "fork-of": "acme/widget", files: { a: "b" } }] },
      message: /repos\[1\]: a fork-of repository copies its upstream; give no files or dir/,
    },
    {
      name: "a negative fork-ready-after-polls",
      seed: { "fork-ready-after-polls": -1 },
      message: /fork-ready-after-polls: expected a whole number of reads, 0 or more/,
    },
  ])("refuses $name", ({ seed: raw, message }) => {
    expect(() => normalizeSeed(raw, process.cwd())).toThrow(message);
  });
});

describe("sandbox merge-upstream", () => {
  let sandbox: Sandbox;
  let gh: Octokit;
  const fork = { owner: "release-bot", repo: "widget" };

  /** Commits files on a branch directly in the sandbox's git (a maintainer's push). */
  async function commit(repo: string, branch: string, files: Record<string, string>): Promise<string> {
    const git = sandbox.git;
    const head = (await git.readRef(repo, `refs/heads/${branch}`))!;
    const tree = await git.createTree(
      repo,
      (await git.readCommit(repo, head)).tree,
      Object.entries(files).map(([path, content]) => ({ path, mode: "100644", type: "blob" as const, content })),
    );
    const person = { name: "Maintainer", email: "m@sandbox.invalid", date: "2025-03-01T10:00:00Z" };
    const sha = await git.commitTree(repo, tree, [head], `Change ${Object.keys(files).join(", ")}`, person, person);
    await git.updateRef(repo, `refs/heads/${branch}`, sha, head);
    return sha;
  }
  const head = async (repo: string, branch = "main") => (await sandbox.git.readRef(repo, `refs/heads/${branch}`))!;
  const sync = (branch = "main") => gh.rest.repos.mergeUpstream({ ...fork, branch });

  beforeAll(async () => {
    sandbox = await startSandbox(
      normalizeSeed(
        {
          tokens: [{ token: "t-release", login: "release-bot", write: ["release-bot/*"] }],
          repos: [
            { name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n", "NOTES.md": "notes\n" }, branches: ["rc"] },
            { name: "release-bot/widget", "fork-of": "acme/widget" },
          ],
        },
        process.cwd(),
      ),
      { now: () => new Date("2025-03-01T10:00:00Z") },
    );
    gh = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: "t-release",
      retry: { enabled: false },
      throttle: { enabled: false },
    });
  });
  afterEach(() => expect(sandbox.violations).toEqual([]));
  afterAll(async () => sandbox?.stop());

  it("says none when the fork's branch already holds the upstream's head", async () => {
    const before = await head("release-bot/widget");
    const r = await sync();
    expect(r.status).toBe(200);
    expect(r.data).toEqual({
      message: "This branch is not behind the upstream",
      merge_type: "none",
      base_branch: "acme:main",
    });
    expect(await head("release-bot/widget")).toBe(before);
  });

  it("fast-forwards a fork that is only behind", async () => {
    const upstreamHead = await commit("acme/widget", "main", { VERSION_NUMBER: "1.20.1\n" });
    const r = await sync();
    expect(r.data).toMatchObject({ merge_type: "fast-forward", base_branch: "acme:main" });
    expect(await head("release-bot/widget")).toBe(upstreamHead);
  });

  it("merges the upstream into a fork with commits of its own when they merge cleanly, then says none", async () => {
    const forkHead = await commit("release-bot/widget", "main", { "FORK.md": "the fork's own file\n" });
    const upstreamHead = await commit("acme/widget", "main", { "NOTES.md": "notes of 1.20.2\n" });
    const r = await sync();
    expect(r.status).toBe(200);
    expect(r.data).toEqual({
      message: "Successfully fetched and merged from upstream acme:main.",
      merge_type: "merge",
      base_branch: "acme:main",
    });
    const merged = await head("release-bot/widget");
    const mergeCommit = await sandbox.git.readCommit("release-bot/widget", merged);
    expect(mergeCommit.parents).toEqual([forkHead, upstreamHead]);
    expect(mergeCommit.committer.name).toBe("GitHub");
    const file = async (p: string) =>
      (
        await sandbox.git.readBlob(
          "release-bot/widget",
          (await sandbox.git.lookupPath("release-bot/widget", merged, p))!.sha,
        )
      ).toString();
    expect(await file("FORK.md")).toBe("the fork's own file\n");
    expect(await file("NOTES.md")).toBe("notes of 1.20.2\n");
    // Ahead of the upstream now: nothing to take.
    expect((await sync()).data.merge_type).toBe("none");
    expect(await head("release-bot/widget")).toBe(merged);
  });

  it("answers 409 only for a real conflict, and leaves the fork's branch as it was", async () => {
    await sync("rc");
    const forkHead = await commit("release-bot/widget", "rc", { VERSION_NUMBER: "1.21.0.fork\n" });
    await commit("acme/widget", "rc", { VERSION_NUMBER: "1.21.0\n" });
    await expect(sync("rc")).rejects.toMatchObject({
      status: 409,
      response: { data: { message: "There are merge conflicts" } },
    });
    expect(await head("release-bot/widget", "rc")).toBe(forkHead);
    await expect(sync("no-such-branch")).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "Branch not found" } },
    });
  });
});
