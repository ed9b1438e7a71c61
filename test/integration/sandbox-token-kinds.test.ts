/**
 * Token kinds in the sandbox (`kind:` per seed token): a classic token echoes its scopes, a fine-grained token
 * reaches its resource owner's repositories only, an App installation token reaches the repositories it is
 * installed on and is refused GET /user, a workflow token reaches its repository with its job's permissions and
 * opens PRs only where the repository allows it. Each refusal is GitHub's 403 and writes nothing. The client's
 * refusal mapping turns each into one line naming the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { GitHubRefusalError, describeFailure } from "../../src/core/errors.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [
      { token: "ghp_classic", login: "release-bot", write: [] },
      { token: "ghp_narrow", login: "release-bot", write: [], scopes: ["read:org"] },
      { token: "github_pat_fine", login: "release-bot", write: [], kind: "fine-grained" },
      {
        token: "ghs_app",
        login: "feedstock-app[bot]",
        kind: "app-installation",
        repositories: ["release-bot/*"],
      },
      {
        token: "ghs_actions",
        login: "github-actions[bot]",
        kind: "actions",
        repositories: ["acme/widget"],
        permissions: { contents: "write", "pull-requests": "write" },
      },
      {
        token: "ghs_actions_allowed",
        login: "github-actions[bot]",
        kind: "actions",
        repositories: ["acme/gadget"],
        permissions: { contents: "read", "pull-requests": "write" },
      },
    ],
    repos: [
      { name: "conda-forge/widget-feedstock", files: { "recipe/meta.yaml": "package: {}\n" } },
      { name: "release-bot/scratch", files: { "README.md": "scratch\n" } },
      { name: "acme/widget", files: { "README.md": "widget\n" }, branches: ["topic"] },
      {
        name: "acme/gadget",
        files: { "README.md": "gadget\n" },
        branches: ["topic"],
        "actions-can-create-pull-requests": true,
      },
    ],
  },
  process.cwd(),
);

describe("sandbox token kinds", () => {
  let sandbox: Sandbox;
  const client = (token: string): GitHubClient =>
    createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token,
      logger: new RecordingLogger(),
      writeIntervalMs: 0,
      retryBaseMs: 5,
    });
  const refusal = async (p: Promise<unknown>) => {
    const error = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, "the request should have been refused").toBeDefined();
    return error as { status: number; response: { data: { message: string } }; message: string };
  };

  /** A commit on `branch` made in the sandbox's git directly (so a PR from it has something to show). */
  const commitOn = async (repo: string, branch: string) => {
    const head = (await sandbox.git.readRef(repo, `refs/heads/${branch}`))!;
    const parent = await sandbox.git.readCommit(repo, head);
    const tree = await sandbox.git.createTree(repo, parent.tree, [
      { path: "CHANGE.md", mode: "100644", type: "blob", content: `${branch}\n` },
    ]);
    const person = { name: "Tester", email: "tester@sandbox.invalid", date: "2026-01-01T00:00:00Z" };
    const sha = await sandbox.git.commitTree(repo, tree, [head], "change", person, person);
    await sandbox.git.updateRef(repo, `refs/heads/${branch}`, sha, head);
  };

  beforeAll(async () => {
    sandbox = await startSandbox(seed);
    await commitOn("acme/widget", "topic");
    await commitOn("acme/gadget", "topic");
  });
  afterAll(async () => {
    expect(sandbox.violations).toEqual([]);
    await sandbox.stop();
  });

  it("answers a classic token with its scopes in x-oauth-scopes, and the fine-grained kinds without it", async () => {
    const classic = await client("ghp_classic").rest.users.getAuthenticated();
    expect(classic.headers["x-oauth-scopes"]).toBe("repo, workflow");
    expect((await client("ghp_narrow").rest.repos.get({ owner: "acme", repo: "widget" })).headers).toMatchObject({
      "x-oauth-scopes": "read:org",
    });
    // Without repo or public_repo a classic token writes no repository: GitHub's 404.
    const before = sandbox.requests.length;
    await expect(
      client("ghp_narrow").rest.issues.create({ owner: "release-bot", repo: "scratch", title: "x" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(sandbox.appliedWrites(before)).toEqual([]);
    const fine = await client("github_pat_fine").rest.users.getAuthenticated();
    expect(fine.data.login).toBe("release-bot");
    expect(fine.headers["x-oauth-scopes"]).toBeUndefined();
    const read = await client("ghs_app").rest.repos.get({ owner: "conda-forge", repo: "widget-feedstock" });
    expect(read.headers["x-oauth-scopes"]).toBeUndefined();
    expect(read.headers["x-accepted-github-permissions"]).toBe("metadata=read");
  });

  it("refuses GET /user to an App installation token and a workflow token with GitHub's 403", async () => {
    for (const token of ["ghs_app", "ghs_actions"]) {
      const error = await refusal(client(token).rest.users.getAuthenticated());
      expect(error).toMatchObject({
        status: 403,
        response: { data: { message: "Resource not accessible by integration" } },
      });
      expect(error.message).toMatch(/^GitHub refused GET \/user: the token is a GitHub App installation token/);
    }
  });

  it("lets an installation token write where the App is installed, and nowhere else", async () => {
    const app = client("ghs_app");
    const before = sandbox.requests.length;
    const error = await refusal(app.rest.issues.create({ owner: "acme", repo: "widget", title: "x" }));
    expect(error).toMatchObject({
      status: 403,
      response: { data: { message: "Resource not accessible by integration" } },
    });
    expect(error).toBeInstanceOf(GitHubRefusalError);
    expect(describeFailure(error).message).toBe(
      "GitHub refused POST /repos/acme/widget/issues to the App installation token (or the workflow's GITHUB_TOKEN): the App is not installed on acme/widget or lacks the permission (it needs issues=write); install the App on acme/widget with it, add it to the job's permissions: for GITHUB_TOKEN, or pass a user's token",
    );
    expect(sandbox.appliedWrites(before)).toEqual([]);
    const created = await app.rest.issues.create({ owner: "release-bot", repo: "scratch", title: "inside" });
    expect(created.status).toBe(201);
  });

  it("lets a fine-grained token fork into its own account but not open a PR on another owner's repository", async () => {
    const fine = client("github_pat_fine");
    const fork = await fine.rest.repos.createFork({ owner: "conda-forge", repo: "widget-feedstock" });
    expect(fork.data.full_name).toBe("release-bot/widget-feedstock");
    // GitHub copies the fork asynchronously: its first read finds it empty (the sandbox's default, one read).
    await expect(
      fine.rest.git.getRef({ owner: "release-bot", repo: "widget-feedstock", ref: "heads/main" }),
    ).rejects.toMatchObject({ status: 409 });
    const head = (await fine.rest.git.getRef({ owner: "release-bot", repo: "widget-feedstock", ref: "heads/main" }))
      .data.object.sha;
    await fine.rest.git.createRef({
      owner: "release-bot",
      repo: "widget-feedstock",
      ref: "refs/heads/bump",
      sha: head,
    });
    await commitOn("release-bot/widget-feedstock", "bump");
    const before = sandbox.requests.length;
    const error = await refusal(
      fine.rest.pulls.create({
        owner: "conda-forge",
        repo: "widget-feedstock",
        title: "bump",
        head: "release-bot:bump",
        base: "main",
      }),
    );
    expect(error).toMatchObject({
      status: 403,
      response: { data: { message: "Resource not accessible by personal access token" } },
    });
    expect(error.message).toMatch(
      /^GitHub refused POST \/repos\/conda-forge\/widget-feedstock\/pulls to the fine-grained token/,
    );
    expect(sandbox.appliedWrites(before)).toEqual([]);
    // The same PR from the classic token of the same user is accepted.
    const pr = await client("ghp_classic").rest.pulls.create({
      owner: "conda-forge",
      repo: "widget-feedstock",
      title: "bump",
      head: "release-bot:bump",
      base: "main",
    });
    expect(pr.status).toBe(201);
  });

  it("limits a workflow token to its repository, its permissions, and the repository's Actions PR setting", async () => {
    const actions = client("ghs_actions");
    const before = sandbox.requests.length;
    const notPermitted = await refusal(
      actions.rest.pulls.create({ owner: "acme", repo: "widget", title: "t", head: "topic", base: "main" }),
    );
    expect(notPermitted).toMatchObject({
      status: 403,
      response: { data: { message: "GitHub Actions is not permitted to create or approve pull requests." } },
    });
    expect(describeFailure(notPermitted).message).toBe(
      `GitHub refused to let the workflow's GITHUB_TOKEN open a pull request in acme/widget: turn on Settings > Actions > General > Workflow permissions > "Allow GitHub Actions to create and approve pull requests" in acme/widget (and in its organisation's settings when it is off there), or pass a token of a user who may open pull requests`,
    );
    // Another repository, and a permission the job did not grant.
    await expect(actions.rest.issues.create({ owner: "acme", repo: "gadget", title: "x" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(actions.rest.issues.create({ owner: "acme", repo: "widget", title: "x" })).rejects.toMatchObject({
      status: 403,
      response: { headers: { "x-accepted-github-permissions": "issues=write" } },
    });
    await expect(
      actions.rest.repos.createFork({ owner: "conda-forge", repo: "widget-feedstock" }),
    ).rejects.toMatchObject({ status: 403 });
    expect(sandbox.appliedWrites(before)).toEqual([]);
    // contents: write reaches the repository's refs.
    const head = (await actions.rest.git.getRef({ owner: "acme", repo: "widget", ref: "heads/main" })).data.object.sha;
    await actions.rest.git.createRef({ owner: "acme", repo: "widget", ref: "refs/heads/by-actions", sha: head });
    // Where the repository allows it, the workflow token opens the PR; contents: read still writes no ref.
    const allowed = client("ghs_actions_allowed");
    const pr = await allowed.rest.pulls.create({
      owner: "acme",
      repo: "gadget",
      title: "t",
      head: "topic",
      base: "main",
    });
    expect(pr.status).toBe(201);
    await expect(
      allowed.rest.git.createRef({ owner: "acme", repo: "gadget", ref: "refs/heads/no", sha: head }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("tells users from organisations at GET /users/{username}", async () => {
    const gh = client("ghs_app");
    expect((await gh.rest.users.getByUsername({ username: "conda-forge" })).data.type).toBe("Organization");
    expect((await gh.rest.users.getByUsername({ username: "release-bot" })).data.type).toBe("User");
    await expect(gh.rest.users.getByUsername({ username: "nobody-here" })).rejects.toMatchObject({ status: 404 });
  });

  it("rejects token seeds that GitHub could not issue, in one line", () => {
    const bad = (token: Record<string, unknown>) => () => normalizeSeed({ tokens: [token] }, process.cwd());
    expect(bad({ token: "a", login: "b", kind: "robot" })).toThrow(
      "sandbox seed: tokens[0].kind: expected one of: user, fine-grained, app-installation, actions",
    );
    expect(bad({ token: "a", login: "b", kind: "app-installation" })).toThrow(
      /needs the repositories it is installed on/,
    );
    expect(bad({ token: "a", login: "b", kind: "actions", repositories: ["acme/*"] })).toThrow(
      /exactly one repository/,
    );
    expect(bad({ token: "a", login: "b", kind: "user", permissions: { contents: "write" } })).toThrow(
      /only an actions token has permissions/,
    );
    expect(bad({ token: "a", login: "b", kind: "fine-grained", scopes: ["repo"] })).toThrow(/only a classic/);
  });
});
