/**
 * Real histories in the sandbox: a repository seeded `from:` a git directory or a bundle keeps the source's branches
 * and tags that `refs:` names (same SHAs, annotated tags as tag objects), read through the REST API; `git push` over
 * smart HTTP lands at once in what the API answers, with the API's token rules (401 bad token, 403 read-only) and
 * branch protection (GH006), and the pre-receive check moves no ref when it refuses.
 */
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Octokit } from "octokit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { buildHistory, git, gitOk, type BuiltHistory } from "../helpers/built-history.js";

const repo = { owner: "acme", repo: "widget" };
const TOKENS = [
  { token: "t-write", login: "release-bot", write: ["acme/widget"] },
  { token: "t-read", login: "reader", write: [] },
  { token: "t-admin", login: "admin-bot", write: ["acme/widget"], "bypass-branch-protection": true },
  { token: "t-noscope", login: "scopeless", write: ["acme/widget"], scopes: ["read:org"] },
];

let history: BuiltHistory;
beforeAll(async () => {
  history = await buildHistory();
}, 60_000);

function seedFrom(from: string, extra: Record<string, unknown> = {}) {
  return normalizeSeed(
    {
      tokens: TOKENS,
      repos: [{ name: "acme/widget", from, refs: ["main", "rel-*", "v*"], ...extra }],
    },
    process.cwd(),
  );
}

const client = (sandbox: Sandbox, token = "t-read") =>
  new Octokit({ baseUrl: sandbox.apiUrl, auth: token, retry: { enabled: false }, throttle: { enabled: false } });

/** The push URL with a token as GitHub takes it (`x-access-token:TOKEN`). */
const pushUrl = (sandbox: Sandbox, token: string) =>
  `${sandbox.serverUrl.replace("http://", `http://x-access-token:${token}@`)}/acme/widget.git`;

describe.each([
  ["a git directory", () => history.dir],
  ["a bundle file", () => history.bundle],
])("a repository seeded from %s", (_kind, source) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(seedFrom(source()));
  }, 60_000);
  afterAll(() => sandbox.stop());

  it("keeps the branches and tags refs: names, with the source's SHAs, and leaves the rest out", async () => {
    const gh = client(sandbox);
    const branches = (await gh.rest.repos.listBranches(repo)).data.map((b) => `${b.name} ${b.commit.sha}`);
    expect(branches.sort()).toEqual([`main ${history.mainCommits[3]}`, `rel-1.0 ${history.relHead}`]);
    const tags = (await gh.rest.repos.listTags(repo)).data.map((t) => `${t.name} ${t.commit.sha}`);
    expect(tags.sort()).toEqual([`v0.9.0 ${history.lightweightTarget}`, `v1.0.0 ${history.annotatedTarget}`]);
    expect((await gh.rest.repos.get(repo)).data.default_branch).toBe("main");
    expect(sandbox.violations).toEqual([]);
  });

  it("keeps the annotated tag as a tag object and the lightweight one as a commit ref", async () => {
    const gh = client(sandbox);
    const annotated = (await gh.rest.git.getRef({ ...repo, ref: "tags/v1.0.0" })).data.object;
    expect(annotated).toMatchObject({ type: "tag", sha: history.annotatedTag });
    const tag = (await gh.rest.git.getTag({ ...repo, tag_sha: history.annotatedTag })).data;
    expect(tag).toMatchObject({ tag: "v1.0.0", message: "widget 1.0.0", object: { sha: history.annotatedTarget } });
    const light = (await gh.rest.git.getRef({ ...repo, ref: "tags/v0.9.0" })).data.object;
    expect(light).toMatchObject({ type: "commit", sha: history.lightweightTarget });
  });

  it("answers commits and compare over the imported history", async () => {
    const gh = client(sandbox);
    const head = (await gh.rest.repos.getCommit({ ...repo, ref: "main" })).data;
    expect(head.sha).toBe(history.mainCommits[3]);
    expect(head.parents.map((p) => p.sha)).toEqual([history.mainCommits[2]]);
    expect(head.commit.message).toBe("Start 1.1.0");
    expect(head.commit.author?.date).toBe("2026-01-08T10:00:00Z");
    const compare = (await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: "v1.0.0...main" })).data;
    expect(compare).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0 });
    expect(compare.commits.map((c) => c.sha)).toEqual(history.mainCommits.slice(2));
    const diverged = (await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...rel-1.0" })).data;
    expect(diverged).toMatchObject({ status: "diverged", ahead_by: 1, behind_by: 2 });
    const content = (await gh.rest.repos.getContent({ ...repo, path: "VERSION_NUMBER", ref: "rel-1.0" })).data as {
      content: string;
    };
    expect(Buffer.from(content.content, "base64").toString()).toBe("1.0.0\n");
  });
});

describe("a seed that imports nothing it can use", () => {
  it("names the patterns when no ref matches, and the default branch when it was left out", async () => {
    await expect(startSandbox(seedFrom(history.dir, { refs: ["nothing-*"] }))).rejects.toThrow(
      /repos\[0\]\.refs: no branch or tag of .* matches \["nothing-\*"\]/,
    );
    await expect(startSandbox(seedFrom(history.dir, { refs: ["rel-*"] }))).rejects.toThrow(
      "repos[0].default_branch: main is not among the imported branches (rel-1.0); set default_branch or add it to refs",
    );
    expect(() => seedFrom(path.join(history.dir, "missing"))).toThrow(/repos\[0\]\.from: .*missing does not exist/);
    expect(() => seedFrom(history.dir, { files: { A: "a" } })).toThrow("from: imports a whole history; give no files");
  });

  it("is one line and exit 2 (an input error) from release-kit sandbox serve, which serves nothing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rk-badseed-"));
    const seedFile = path.join(dir, "seed.yml");
    await writeFile(
      seedFile,
      `repos:\n  - { name: acme/widget, from: ${JSON.stringify(history.dir)}, refs: [nope] }\n`,
    );
    let stdout = "";
    let stderr = "";
    const code = await runCli(["sandbox", "serve", "--seed", seedFile, "--state", path.join(dir, "state")], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { PATH: process.env.PATH },
      cwd: dir,
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("repos[0].refs: no branch or tag of");
    expect(stderr).toContain('fix the seed file (format: README, "Sandbox seed file")');
    expect(existsSync(path.join(dir, "state", "state.json"))).toBe(false);
  });
});

describe("git push over smart HTTP", () => {
  let sandbox: Sandbox;
  let work: string;
  beforeAll(async () => {
    sandbox = await startSandbox(seedFrom(history.bundle, { "protected-branches": ["rel-*"] }));
    work = path.join(await mkdtemp(path.join(os.tmpdir(), "rk-push-")), "widget");
    await gitOk(os.tmpdir(), ["clone", "--quiet", `${sandbox.serverUrl}/acme/widget.git`, work]);
    await gitOk(work, ["commit", "--quiet", "--allow-empty", "-m", "Work on a feature"]);
  }, 60_000);
  afterAll(() => sandbox.stop());

  it("pushes a new branch and an annotated tag with a token that may write; the API sees them at once", async () => {
    const head = await gitOk(work, ["rev-parse", "HEAD"]);
    await gitOk(work, ["tag", "-a", "v1.1.0rc1", "-m", "candidate"]);
    const pushed = await git(work, ["push", pushUrl(sandbox, "t-write"), "HEAD:refs/heads/feature", "v1.1.0rc1"]);
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    const gh = client(sandbox);
    expect((await gh.rest.repos.getBranch({ ...repo, branch: "feature" })).data.commit.sha).toBe(head);
    const tag = (await gh.rest.git.getRef({ ...repo, ref: "tags/v1.1.0rc1" })).data.object;
    expect(tag.type).toBe("tag");
    expect((await gh.rest.git.getTag({ ...repo, tag_sha: tag.sha })).data.object.sha).toBe(head);
    expect((await gh.rest.repos.get(repo)).data.pushed_at).toBe(sandbox.state.repo("acme/widget")?.pushedAt);
  });

  it("refuses a read-only token with GitHub's 403 and moves nothing", async () => {
    const pushed = await git(work, ["push", pushUrl(sandbox, "t-read"), "HEAD:refs/heads/reader-branch"]);
    expect(pushed.exitCode).not.toBe(0);
    expect(pushed.stderr).toContain("remote: Permission to acme/widget.git denied to reader.");
    expect(pushed.stderr).toContain("The requested URL returned error: 403");
    const scopeless = await git(work, ["push", pushUrl(sandbox, "t-noscope"), "HEAD:refs/heads/reader-branch"]);
    expect(scopeless.stderr).toContain("remote: Permission to acme/widget.git denied to scopeless.");
    expect(await sandbox.git.readRef("acme/widget", "refs/heads/reader-branch")).toBeUndefined();
  });

  it("refuses an unknown token with GitHub's 401, and a push with no credentials", async () => {
    const pushed = await git(work, ["push", pushUrl(sandbox, "t-unknown"), "HEAD:refs/heads/bad-branch"]);
    expect(pushed.exitCode).not.toBe(0);
    expect(pushed.stderr).toContain(
      "remote: Invalid username or token. Password authentication is not supported for Git operations.",
    );
    expect(pushed.stderr).toContain("Authentication failed");
    const anonymous = await git(work, ["push", `${sandbox.serverUrl}/acme/widget.git`, "HEAD:refs/heads/bad-branch"]);
    expect(anonymous.exitCode).not.toBe(0);
    expect(anonymous.stderr).toMatch(/could not read Username|Authentication failed/);
    expect(await sandbox.git.readRef("acme/widget", "refs/heads/bad-branch")).toBeUndefined();
  });

  it("refuses updates, force-pushes and deletions of a protected branch with GH006, all refs unmoved", async () => {
    const relBefore = await sandbox.git.readRef("acme/widget", "refs/heads/rel-1.0");
    await gitOk(work, ["fetch", "--quiet", "origin", "rel-1.0"]);
    await gitOk(work, ["checkout", "--quiet", "-b", "rel-fix", "FETCH_HEAD"]);
    await gitOk(work, ["commit", "--quiet", "--allow-empty", "-m", "Fix straight on the release branch"]);
    const update = await git(work, [
      "push",
      pushUrl(sandbox, "t-write"),
      "HEAD:refs/heads/rel-1.0",
      "HEAD:refs/heads/side",
    ]);
    expect(update.exitCode).not.toBe(0);
    expect(update.stderr).toContain("remote: error: GH006: Protected branch update failed for refs/heads/rel-1.0.");
    expect(update.stderr).toContain("remote: error: Changes must be made through a pull request.");
    expect(update.stderr).toMatch(/! \[remote rejected\] HEAD -> rel-1\.0 \(protected branch hook declined\)/);
    // The hook refuses the push as a whole, as git's pre-receive does: the unprotected ref did not move either.
    expect(await sandbox.git.readRef("acme/widget", "refs/heads/side")).toBeUndefined();
    const force = await git(work, ["push", "--force", pushUrl(sandbox, "t-write"), "main:refs/heads/rel-1.0"]);
    expect(force.stderr).toContain("remote: error: Cannot force-push to this protected branch");
    const deletion = await git(work, ["push", pushUrl(sandbox, "t-write"), ":refs/heads/rel-1.0"]);
    expect(deletion.stderr).toContain("remote: error: Cannot delete this protected branch");
    expect(await sandbox.git.readRef("acme/widget", "refs/heads/rel-1.0")).toBe(relBefore);
  });

  it("allows what protection allows: a new matching branch, a bypassing token, force-pushes elsewhere", async () => {
    const created = await git(work, ["push", pushUrl(sandbox, "t-write"), "HEAD:refs/heads/rel-2.0"]);
    expect(created.exitCode, created.stderr).toBe(0);
    const head = await gitOk(work, ["rev-parse", "HEAD"]);
    const admin = await git(work, ["push", pushUrl(sandbox, "t-admin"), "HEAD:refs/heads/rel-1.0"]);
    expect(admin.exitCode, admin.stderr).toBe(0);
    expect((await client(sandbox).rest.repos.getBranch({ ...repo, branch: "rel-1.0" })).data.commit.sha).toBe(head);
    const force = await git(work, ["push", "--force", pushUrl(sandbox, "t-write"), "HEAD:refs/heads/feature"]);
    expect(force.exitCode, force.stderr).toBe(0);
    const deleted = await git(work, ["push", pushUrl(sandbox, "t-write"), ":refs/heads/feature"]);
    expect(deleted.exitCode, deleted.stderr).toBe(0);
    expect(await sandbox.git.readRef("acme/widget", "refs/heads/feature")).toBeUndefined();
  });

  it("keeps no answer git gave before a push brought the objects (ancestry, merge base)", async () => {
    const main = (await sandbox.git.readRef("acme/widget", "refs/heads/main"))!;
    await gitOk(work, ["checkout", "--quiet", "-b", "later", main]);
    await gitOk(work, ["commit", "--quiet", "--allow-empty", "-m", "Not pushed yet"]);
    const later = await gitOk(work, ["rev-parse", "HEAD"]);
    expect(await sandbox.git.isAncestor("acme/widget", main, later)).toBe(false);
    expect(await sandbox.git.mergeBase("acme/widget", main, later)).toBeUndefined();
    const pushed = await git(work, ["push", pushUrl(sandbox, "t-write"), "HEAD:refs/heads/later"]);
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    expect(await sandbox.git.isAncestor("acme/widget", main, later)).toBe(true);
    expect(await sandbox.git.mergeBase("acme/widget", main, later)).toBe(main);
    const compare = await client(sandbox).rest.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...later" });
    expect(compare.data).toMatchObject({ status: "ahead", ahead_by: 1 });
  });

  it("still clones anonymously, and refuses a clone that sends a bad token", async () => {
    const target = path.join(await mkdtemp(path.join(os.tmpdir(), "rk-clone-")), "widget");
    const url = `${sandbox.serverUrl}/acme/widget.git`;
    // Sent up front, as actions/checkout's extraheader does (credentials in the URL go only when challenged).
    const header = (token: string) =>
      `http.extraheader=AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
    const bad = await git(os.tmpdir(), ["-c", header("t-unknown"), "clone", "--quiet", url, target]);
    expect(bad.exitCode).not.toBe(0);
    // 401 with GitHub's Basic challenge: git asks for other credentials, and no prompt may answer here.
    expect(bad.stderr).toMatch(/could not read Username|Authentication failed/);
    const good = await git(os.tmpdir(), ["-c", header("t-read"), "clone", "--quiet", url, target]);
    expect(good.exitCode, good.stderr).toBe(0);
    expect(await gitOk(target, ["rev-parse", "origin/rel-1.0"])).toBe(
      await sandbox.git.readRef("acme/widget", "refs/heads/rel-1.0"),
    );
    expect(sandbox.violations).toEqual([]);
  });
});
