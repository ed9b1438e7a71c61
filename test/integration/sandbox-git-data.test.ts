/**
 * The sandbox's git data API (blobs, trees, commits, refs) and forks answer as GitHub does, with no OpenAPI violation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Octokit } from "octokit";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [
      { token: "t-release", login: "release-bot", write: ["acme/widget", "release-bot/*"] },
      { token: "t-reader", login: "reader", write: [] },
    ],
    repos: [
      {
        name: "acme/widget",
        files: { VERSION_NUMBER: "1.20.0\n", "src/a.txt": "a\n" },
        tags: ["v1.19.0"],
        branches: ["rc"],
      },
    ],
  },
  process.cwd(),
);

describe("sandbox git data API", () => {
  let sandbox: Sandbox;
  let gh: Octokit;
  let reader: Octokit;
  beforeAll(async () => {
    sandbox = await startSandbox(seed);
    gh = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: "t-release",
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    reader = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: "t-reader",
      retry: { enabled: false },
      throttle: { enabled: false },
    });
  });
  afterAll(async () => sandbox?.stop());

  it("creates a blob, tree and commit and fast-forwards the branch; refuses a non-fast-forward unless forced", async () => {
    const repo = { owner: "acme", repo: "widget" };
    const head = await gh.rest.git.getRef({ ...repo, ref: "heads/main" });
    const base = await gh.rest.git.getCommit({ ...repo, commit_sha: head.data.object.sha });
    const blob = await gh.rest.git.createBlob({ ...repo, content: "1.20.0rc1\n", encoding: "utf-8" });
    const tree = await gh.rest.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [{ path: "VERSION_NUMBER", mode: "100644", type: "blob", sha: blob.data.sha }],
    });
    const commit = await gh.rest.git.createCommit({
      ...repo,
      message: "Bump",
      tree: tree.data.sha,
      parents: [head.data.object.sha],
    });
    expect(commit.data.parents[0]?.sha).toBe(head.data.object.sha);
    await gh.rest.git.updateRef({ ...repo, ref: "heads/main", sha: commit.data.sha });
    const file = await gh.rest.repos.getContent({ ...repo, path: "VERSION_NUMBER" });
    expect(Buffer.from((file.data as { content: string }).content, "base64").toString()).toBe("1.20.0rc1\n");
    // rc still points at the old head: moving main back is not a fast-forward
    await expect(
      gh.rest.git.updateRef({ ...repo, ref: "heads/main", sha: head.data.object.sha }),
    ).rejects.toMatchObject({ status: 422 });
    await gh.rest.git.updateRef({ ...repo, ref: "heads/main", sha: head.data.object.sha, force: true });
    const tag = await gh.rest.git.createTag({
      ...repo,
      tag: "v1.20.0rc1",
      message: "RC1",
      object: commit.data.sha,
      type: "commit",
    });
    await gh.rest.git.createRef({ ...repo, ref: "refs/tags/v1.20.0rc1", sha: tag.data.sha });
    await expect(
      gh.rest.git.createRef({ ...repo, ref: "refs/tags/v1.20.0rc1", sha: tag.data.sha }),
    ).rejects.toMatchObject({ status: 422 });
    const tags = await gh.rest.git.listMatchingRefs({ ...repo, ref: "tags/v1" });
    expect(tags.data.map((r) => r.ref)).toEqual(["refs/tags/v1.19.0", "refs/tags/v1.20.0rc1"]);
  });

  it("answers 403 to a read-only token's write and 401 to an anonymous write", async () => {
    await expect(reader.rest.git.createBlob({ owner: "acme", repo: "widget", content: "x" })).rejects.toMatchObject({
      status: 403,
    });
    const anon = new Octokit({ baseUrl: sandbox.apiUrl, retry: { enabled: false }, throttle: { enabled: false } });
    await expect(anon.rest.git.createBlob({ owner: "acme", repo: "widget", content: "x" })).rejects.toMatchObject({
      status: 401,
    });
    expect(sandbox.appliedWrites().every((w) => w.status < 400)).toBe(true);
  });

  it("forks into the caller's namespace as a real copy and clones over HTTP", async () => {
    const fork = await gh.rest.repos.createFork({ owner: "acme", repo: "widget" });
    expect(fork.data.full_name).toBe("release-bot/widget");
    const again = await gh.rest.repos.createFork({ owner: "acme", repo: "widget" });
    expect(again.data.id).toBe(fork.data.id);
    // Ready after one read, which finds the copy still empty (the default of fork-ready-after-polls).
    await expect(gh.rest.git.getRef({ owner: "release-bot", repo: "widget", ref: "heads/main" })).rejects.toMatchObject(
      { status: 409, response: { data: { message: "Git Repository is empty." } } },
    );
    const { execa } = await import("execa");
    const { mkdtemp, readFile } = await import("node:fs/promises");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = await mkdtemp(path.join(os.tmpdir(), "rk-clone-"));
    await execa("git", ["clone", "--quiet", `${sandbox.serverUrl}/release-bot/widget.git`, dir]);
    expect(await readFile(path.join(dir, "src/a.txt"), "utf8")).toBe("a\n");
  });
});

describe("sandbox strictness", () => {
  it("reports no OpenAPI violations for the git data calls above", async () => {
    const sandbox = await startSandbox(seed);
    try {
      const gh = new Octokit({
        baseUrl: sandbox.apiUrl,
        auth: "t-release",
        retry: { enabled: false },
        throttle: { enabled: false },
      });
      await gh.rest.repos.get({ owner: "acme", repo: "widget" });
      await gh.rest.users.getAuthenticated();
      const ref = await gh.rest.git.getRef({ owner: "acme", repo: "widget", ref: "heads/main" });
      const commit = await gh.rest.git.getCommit({ owner: "acme", repo: "widget", commit_sha: ref.data.object.sha });
      await gh.rest.git.getTree({ owner: "acme", repo: "widget", tree_sha: commit.data.tree.sha, recursive: "1" });
      await gh.rest.repos.getContent({ owner: "acme", repo: "widget", path: "src" });
      await gh.rest.repos.getContent({ owner: "acme", repo: "widget", path: "VERSION_NUMBER" });
      await gh.rest.repos.listTags({ owner: "acme", repo: "widget" });
      await gh.rest.repos.createFork({ owner: "acme", repo: "widget" });
      await gh.rest.repos.listForks({ owner: "acme", repo: "widget" });
      // The fork's first read finds GitHub's copy still empty: a 404 whose body is checked like any other.
      await expect(
        gh.rest.repos.getContent({ owner: "release-bot", repo: "widget", path: "src" }),
      ).rejects.toMatchObject({
        status: 404,
        response: { data: { message: "This repository is empty." } },
      });
      await gh.rest.repos.mergeUpstream({ owner: "release-bot", repo: "widget", branch: "main" });
      await expect(
        gh.rest.git.createRef({ owner: "acme", repo: "widget", ref: "refs/heads/x" } as never),
      ).rejects.toMatchObject({ status: 422 });
      expect(sandbox.violations).toEqual([]);
    } finally {
      await sandbox.stop();
    }
  });
});
