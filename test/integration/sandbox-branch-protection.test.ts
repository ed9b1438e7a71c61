/**
 * Protected branches in the sandbox (`protected-branches:` seed key): the branch API's `protected` flag, the
 * protection endpoint, GitHub's 422 on a Git Data API write to a protected branch, a bypassing token, and the
 * pre-flight helper the cut reads protection with.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import {
  isProtectedBranchRefusal,
  listProtectedBranches,
  readBranchProtection,
} from "../../src/adapters/github/branch-protection.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { matchesBranchPattern } from "../../src/sandbox/branch-protection.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [
      { token: "t-release", login: "release-bot", write: ["acme/widget"] },
      { token: "t-admin", login: "admin-bot", write: ["acme/widget"], "bypass-branch-protection": true },
      { token: "t-reader", login: "reader", write: [] },
    ],
    repos: [
      {
        name: "acme/widget",
        files: { VERSION_NUMBER: "1.20.0\n" },
        branches: ["rel-1.19.0", "feature"],
        "protected-branches": ["rel-*", { pattern: "locked-*", "block-creations": true, "required-checks": ["build"] }],
      },
    ],
  },
  process.cwd(),
);

const repo = { owner: "acme", repo: "widget" };

describe("sandbox protected branches", () => {
  let sandbox: Sandbox;
  let gh: GitHubClient;
  let admin: GitHubClient;
  let reader: GitHubClient;
  let head = "";
  let next = "";
  const client = (token: string) =>
    createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token,
      logger: new RecordingLogger(),
      writeIntervalMs: 0,
      retryBaseMs: 5,
    });

  beforeAll(async () => {
    sandbox = await startSandbox(seed);
    gh = client("t-release");
    admin = client("t-admin");
    reader = client("t-reader");
    head = (await gh.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const base = await gh.rest.git.getCommit({ ...repo, commit_sha: head });
    const commit = await gh.rest.git.createCommit({
      ...repo,
      message: "Bump",
      tree: base.data.tree.sha,
      parents: [head],
    });
    next = commit.data.sha;
  });
  afterAll(async () => sandbox?.stop());

  it("matches patterns like GitHub's fnmatch rules: * stops at /, ** crosses it", () => {
    expect(matchesBranchPattern("rel-*", "rel-1.20.0")).toBe(true);
    expect(matchesBranchPattern("rel-*", "rel/1.20")).toBe(false);
    expect(matchesBranchPattern("rel-*", "main")).toBe(false);
    expect(matchesBranchPattern("release/**", "release/1.x/hotfix")).toBe(true);
    expect(matchesBranchPattern("release/*", "release/1.x/hotfix")).toBe(false);
    expect(matchesBranchPattern("v1.?", "v1.2")).toBe(true);
    expect(matchesBranchPattern("[mr]ain", "rain")).toBe(true);
    expect(matchesBranchPattern("main", "main")).toBe(true);
    expect(matchesBranchPattern("1.20.x", "1.20.x")).toBe(true);
    expect(matchesBranchPattern("1.20.x", "1a20.x")).toBe(false);
  });

  it("reports protected: true on GET branch and in the list, and filters the list by ?protected", async () => {
    const rel = await reader.rest.repos.getBranch({ ...repo, branch: "rel-1.19.0" });
    expect(rel.data.protected).toBe(true);
    expect(rel.data.protection.enabled).toBe(true);
    const main = await reader.rest.repos.getBranch({ ...repo, branch: "main" });
    expect(main.data.protected).toBe(false);
    const all = await reader.rest.repos.listBranches({ ...repo });
    expect(all.data.map((b) => [b.name, b.protected])).toEqual([
      ["feature", false],
      ["main", false],
      ["rel-1.19.0", true],
    ]);
    const onlyProtected = await reader.rest.repos.listBranches({ ...repo, protected: true });
    expect(onlyProtected.data.map((b) => b.name)).toEqual(["rel-1.19.0"]);
    await expect(reader.rest.repos.getBranch({ ...repo, branch: "nope" })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "Branch not found" } },
    });
  });

  it("answers GET protection with the rule, and 404 'Branch not protected' for an unprotected branch", async () => {
    const protection = await gh.rest.repos.getBranchProtection({ ...repo, branch: "rel-1.19.0" });
    expect(protection.data.enforce_admins?.enabled).toBe(true);
    expect(protection.data.block_creations?.enabled).toBe(false);
    await expect(gh.rest.repos.getBranchProtection({ ...repo, branch: "main" })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "Branch not protected" } },
    });
    // Admin-only on GitHub: a read-only token does not see the settings.
    await expect(reader.rest.repos.getBranchProtection({ ...repo, branch: "rel-1.19.0" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("refuses a Git Data API update of a protected branch with GitHub's 422 and leaves it unchanged", async () => {
    const before = sandbox.requests.length;
    const refused = gh.rest.git.updateRef({ ...repo, ref: "heads/rel-1.19.0", sha: next });
    await expect(refused).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Changes must be made through a pull request." } },
    });
    expect(isProtectedBranchRefusal(await refused.catch((e: unknown) => e))).toBe(true);
    await expect(
      gh.rest.git.updateRef({ ...repo, ref: "heads/rel-1.19.0", sha: next, force: true }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(gh.rest.git.deleteRef({ ...repo, ref: "heads/rel-1.19.0" })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Cannot delete this protected branch" } },
    });
    expect(sandbox.appliedWrites(before)).toEqual([]);
    expect((await gh.rest.git.getRef({ ...repo, ref: "heads/rel-1.19.0" })).data.object.sha).toBe(head);
    // An unprotected branch still moves.
    await gh.rest.git.updateRef({ ...repo, ref: "heads/feature", sha: next });
  });

  it("lets a new branch matching a rule be created, unless the rule restricts creations", async () => {
    await gh.rest.git.createRef({ ...repo, ref: "refs/heads/rel-1.20.0", sha: head });
    expect((await gh.rest.repos.getBranch({ ...repo, branch: "rel-1.20.0" })).data.protected).toBe(true);
    await expect(gh.rest.git.updateRef({ ...repo, ref: "heads/rel-1.20.0", sha: next })).rejects.toMatchObject({
      status: 422,
    });
    await expect(gh.rest.git.createRef({ ...repo, ref: "refs/heads/locked-1", sha: head })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Reference update failed" } },
    });
  });

  it("lets a token seeded with bypass-branch-protection update a protected branch", async () => {
    await admin.rest.git.updateRef({ ...repo, ref: "heads/rel-1.19.0", sha: next });
    expect((await gh.rest.git.getRef({ ...repo, ref: "heads/rel-1.19.0" })).data.object.sha).toBe(next);
    await admin.rest.git.createRef({ ...repo, ref: "refs/heads/locked-2", sha: head });
  });

  it("gives a pre-flight the protection of a branch in one request, and the protected branches of a repository", async () => {
    const start = gh.requestLog.length;
    expect(await readBranchProtection(gh, "acme", "widget", "rel-1.19.0")).toMatchObject({
      exists: true,
      protected: true,
      sha: next,
    });
    expect(gh.requestLog.length - start).toBe(1);
    expect(await readBranchProtection(gh, "acme", "widget", "rel-9.9.9")).toEqual({
      branch: "rel-9.9.9",
      exists: false,
      protected: false,
    });
    expect(await readBranchProtection(gh, "acme", "widget", "main")).toMatchObject({ exists: true, protected: false });
    expect(await listProtectedBranches(gh, "acme", "widget")).toEqual(["locked-2", "rel-1.19.0", "rel-1.20.0"]);
    expect(sandbox.violations).toEqual([]);
  });

  it("rejects a malformed protected-branches seed entry in one line", () => {
    expect(() =>
      normalizeSeed({ repos: [{ name: "a/b", "protected-branches": [{ pattern: "x", block: true }] }] }, "."),
    ).toThrow(/protected-branches\[0\]: unknown key "block"/);
    expect(() =>
      normalizeSeed({ tokens: [{ token: "t", login: "u", "bypass-branch-protection": "yes" }] }, "."),
    ).toThrow(/bypass-branch-protection: expected true or false/);
  });
});
