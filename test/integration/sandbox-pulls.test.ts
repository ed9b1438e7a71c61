/**
 * The sandbox's pull requests answer as GitHub does: from a fork or a branch, live SHAs and diff totals from git, the
 * 422s for duplicates and empty ones, state changes and conditional GETs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Octokit } from "octokit";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [
      { token: "t-release", login: "release-bot", write: ["acme/widget", "release-bot/*"] },
      { token: "t-reader", login: "reader", write: [] },
    ],
    repos: [{ name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n", "README.md": "widget\nv1\n" } }],
  },
  process.cwd(),
);

const upstream = { owner: "acme", repo: "widget" };
const fork = { owner: "release-bot", repo: "widget" };

describe("sandbox pull requests", () => {
  let sandbox: Sandbox;
  let gh: Octokit;
  let reader: Octokit;
  let mainSha = "";
  let bumpSha = "";
  const client = (auth?: string) =>
    new Octokit({ baseUrl: sandbox.apiUrl, auth, retry: { enabled: false }, throttle: { enabled: false } });

  /** Commits one file change on top of `parent` through the Git Data API and points `branch` at it. */
  async function pushCommit(
    where: { owner: string; repo: string },
    branch: string,
    parent: string,
    files: Record<string, string>,
  ): Promise<string> {
    const base = await gh.rest.git.getCommit({ ...where, commit_sha: parent });
    const tree = await gh.rest.git.createTree({
      ...where,
      base_tree: base.data.tree.sha,
      tree: Object.entries(files).map(([path, content]) => ({
        path,
        mode: "100644" as const,
        type: "blob" as const,
        content,
      })),
    });
    const commit = await gh.rest.git.createCommit({
      ...where,
      message: `Change ${Object.keys(files).join(", ")}`,
      tree: tree.data.sha,
      parents: [parent],
    });
    const ref = `heads/${branch}`;
    const exists = await gh.rest.git.getRef({ ...where, ref }).then(
      () => true,
      () => false,
    );
    if (exists) await gh.rest.git.updateRef({ ...where, ref, sha: commit.data.sha });
    else await gh.rest.git.createRef({ ...where, ref: `refs/${ref}`, sha: commit.data.sha });
    return commit.data.sha;
  }

  beforeAll(async () => {
    sandbox = await startSandbox(seed, { now: () => new Date("2025-03-01T10:00:00Z") });
    gh = client("t-release");
    reader = client("t-reader");
    mainSha = (await gh.rest.git.getRef({ ...upstream, ref: "heads/main" })).data.object.sha;
  });
  afterEach(() => expect(sandbox.violations).toEqual([]));
  afterAll(async () => sandbox?.stop());

  it("opens a pull request from a fork, with live SHAs and diff totals computed by git", async () => {
    await gh.rest.issues.create({ ...upstream, title: "Tracking issue" });
    const forked = await gh.rest.repos.createFork(upstream);
    expect(forked.data.full_name).toBe("release-bot/widget");
    // GitHub copies a fork asynchronously: the first read of its refs finds it empty (fork-readiness.ts).
    await expect(gh.rest.git.getRef({ ...fork, ref: "heads/main" })).rejects.toMatchObject({ status: 409 });
    bumpSha = await pushCommit(fork, "bump", mainSha, { VERSION_NUMBER: "1.20.0rc1\n", "NOTES.md": "rc1\n" });

    const pr = await gh.rest.pulls.create({
      ...upstream,
      title: "Bump to 1.20.0rc1",
      head: "release-bot:bump",
      base: "main",
      body: "Automated",
    });
    expect(pr.status).toBe(201);
    // Issues and pull requests share one number sequence.
    expect(pr.data.number).toBe(2);
    expect(pr.data.head).toMatchObject({ label: "release-bot:bump", ref: "bump", sha: bumpSha });
    expect(pr.data.head.repo?.full_name).toBe("release-bot/widget");
    expect(pr.data.base).toMatchObject({ label: "acme:main", ref: "main", sha: mainSha });
    expect(pr.data).toMatchObject({
      state: "open",
      merged: false,
      mergeable: null,
      draft: false,
      maintainer_can_modify: true,
      commits: 1,
      additions: 2,
      deletions: 1,
      changed_files: 2,
      user: { login: "release-bot" },
    });
    // GitHub keeps the head's commits in the base repository as refs/pull/N/head.
    expect(await sandbox.git.readRef("acme/widget", "refs/pull/2/head")).toBe(bumpSha);

    const asIssue = await gh.rest.issues.get({ ...upstream, issue_number: 2 });
    expect(asIssue.data.pull_request?.url).toBe(`${sandbox.apiUrl}/repos/acme/widget/pulls/2`);
    const issues = await gh.rest.issues.listForRepo(upstream);
    expect(issues.data.map((i) => [i.number, i.pull_request !== undefined])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it("refuses a duplicate pull request, an empty one and unknown branches with GitHub's 422s", async () => {
    await expect(
      gh.rest.pulls.create({ ...upstream, title: "again", head: "release-bot:bump", base: "main" }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: "Validation Failed",
          errors: [
            { resource: "PullRequest", code: "custom", message: "A pull request already exists for release-bot:bump." },
          ],
        },
      },
    });
    await gh.rest.git.createRef({ ...fork, ref: "refs/heads/empty", sha: mainSha });
    await expect(
      gh.rest.pulls.create({ ...upstream, title: "empty", head: "release-bot:empty", base: "main" }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ code: "custom", message: "No commits between main and release-bot:empty" }] } },
    });
    await expect(
      gh.rest.pulls.create({ ...upstream, title: "x", head: "release-bot:missing", base: "main" }),
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: [{ field: "head", code: "invalid" }] } } });
    await expect(
      gh.rest.pulls.create({ ...upstream, title: "x", head: "release-bot:bump", base: "nope" }),
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: [{ field: "base", code: "invalid" }] } } });
    await expect(
      client().rest.pulls.create({ ...upstream, title: "x", head: "release-bot:bump", base: "main" }),
    ).rejects.toMatchObject({ status: 401 });
    expect((await gh.rest.pulls.list({ ...upstream, state: "all" })).data).toHaveLength(1);
  });

  it("opens a pull request from a branch of the same repository and lists by head, base and state", async () => {
    const rcSha = await pushCommit(upstream, "rc", mainSha, { "README.md": "widget\nv2\n" });
    const same = await gh.rest.pulls.create({ ...upstream, title: "RC", head: "rc", base: "main", draft: true });
    expect(same.data).toMatchObject({ number: 3, draft: true, maintainer_can_modify: false });
    expect(same.data.head).toMatchObject({ label: "acme:rc", sha: rcSha });

    const list = async (params: Record<string, string>) =>
      (await gh.rest.pulls.list({ ...upstream, ...params })).data.map((p) => p.number);
    expect(await list({})).toEqual([3, 2]);
    expect(await list({ head: "release-bot:bump" })).toEqual([2]);
    expect(await list({ head: "acme:rc" })).toEqual([3]);
    expect(await list({ head: "release-bot:rc" })).toEqual([]);
    // Like GitHub, a head without its owner is ignored rather than matched.
    expect(await list({ head: "bump" })).toEqual([3, 2]);
    expect(await list({ base: "main", direction: "asc" })).toEqual([2, 3]);
    expect(await list({ base: "rc" })).toEqual([]);
    const page = await gh.rest.pulls.list({ ...upstream, per_page: 1 });
    expect(page.data.map((p) => p.number)).toEqual([3]);
    expect(page.headers.link).toContain('rel="next"');
  });

  it("follows new commits pushed to the fork's branch", async () => {
    const next = await pushCommit(fork, "bump", bumpSha, { VERSION_NUMBER: "1.20.0rc2\n" });
    const pr = await gh.rest.pulls.get({ ...upstream, pull_number: 2 });
    expect(pr.data.head.sha).toBe(next);
    expect(pr.data).toMatchObject({ commits: 2, changed_files: 2 });
    expect(await sandbox.git.readRef("acme/widget", "refs/pull/2/head")).toBe(next);
  });

  it("closes and reopens a pull request through PATCH, and answers 403 to a read-only stranger", async () => {
    await expect(reader.rest.pulls.update({ ...upstream, pull_number: 2, state: "closed" })).rejects.toMatchObject({
      status: 403,
    });
    const closed = await gh.rest.pulls.update({
      ...upstream,
      pull_number: 2,
      state: "closed",
      title: "Bump (superseded)",
    });
    expect(closed.data).toMatchObject({
      state: "closed",
      title: "Bump (superseded)",
      closed_at: "2025-03-01T10:00:00Z",
    });
    expect((await gh.rest.pulls.list({ ...upstream, state: "closed" })).data.map((p) => p.number)).toEqual([2]);
    expect((await gh.rest.pulls.list({ ...upstream, head: "release-bot:bump" })).data).toEqual([]);
    const reopened = await gh.rest.pulls.update({ ...upstream, pull_number: 2, state: "open" });
    expect(reopened.data).toMatchObject({ state: "open", closed_at: null });
    await expect(gh.rest.pulls.update({ ...upstream, pull_number: 2, base: "nope" })).rejects.toMatchObject({
      status: 422,
    });
    await expect(gh.rest.pulls.get({ ...upstream, pull_number: 1 })).rejects.toMatchObject({ status: 404 });
    await expect(gh.rest.pulls.get({ ...upstream, pull_number: 99 })).rejects.toMatchObject({ status: 404 });
  });

  it("answers 304 to a conditional GET of an unchanged pull request", async () => {
    const first = await gh.rest.pulls.get({ ...upstream, pull_number: 3 });
    await expect(
      gh.rest.pulls.get({ ...upstream, pull_number: 3, headers: { "if-none-match": first.headers.etag } }),
    ).rejects.toMatchObject({ status: 304 });
    const list = await gh.rest.pulls.list(upstream);
    await expect(
      gh.rest.pulls.list({ ...upstream, headers: { "if-none-match": list.headers.etag } }),
    ).rejects.toMatchObject({ status: 304 });
  });
});
