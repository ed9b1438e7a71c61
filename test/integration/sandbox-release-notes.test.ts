/**
 * The sandbox's generated release notes as GitHub builds them: merged pull requests between two tags (not bare
 * commits), `.github/release.yml` categories and exclusions (labels, authors), "New Contributors", and the
 * "Full Changelog" compare link. generate-notes stores nothing, so it is not counted as a write.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Octokit } from "octokit";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const repo = { owner: "acme", repo: "notes" };
const seed = normalizeSeed(
  {
    tokens: [
      { token: "t-alice", login: "alice", write: ["acme/notes"] },
      { token: "t-bob", login: "bob", write: ["acme/notes"] },
      { token: "t-bot", login: "deps-bot", write: ["acme/notes"] },
    ],
    repos: [{ name: "acme/notes", files: { "README.md": "notes\n" }, labels: ["bug", "enhancement", "skip-notes"] }],
  },
  process.cwd(),
);

describe("sandbox generated release notes", () => {
  let sandbox: Sandbox;
  const as: Record<string, Octokit> = {};
  let web = "";

  /** Commits one file on a new branch off main's head, as `who`. */
  async function branchWithCommit(who: string, branch: string, file: string, content: string): Promise<void> {
    const gh = as[who]!;
    const head = (await gh.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const parent = await gh.rest.git.getCommit({ ...repo, commit_sha: head });
    const tree = await gh.rest.git.createTree({
      ...repo,
      base_tree: parent.data.tree.sha,
      tree: [{ path: file, mode: "100644", type: "blob", content }],
    });
    const commit = await gh.rest.git.createCommit({
      ...repo,
      message: `${branch}\n`,
      tree: tree.data.sha,
      parents: [head],
    });
    await gh.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  }

  /** Opens a pull request of `branch` as `who`, labels it, and merges it by fast-forwarding main (GitHub then marks it merged). */
  async function mergedPull(who: string, branch: string, title: string, labels: string[] = []): Promise<number> {
    await branchWithCommit(who, branch, `${branch}.txt`, `${title}\n`);
    const gh = as[who]!;
    const pull = await gh.rest.pulls.create({ ...repo, title, head: branch, base: "main" });
    if (labels.length > 0) await gh.rest.issues.update({ ...repo, issue_number: pull.data.number, labels });
    await gh.rest.git.updateRef({ ...repo, ref: "heads/main", sha: pull.data.head.sha });
    return pull.data.number;
  }

  async function tagMain(tag: string): Promise<void> {
    const head = (await as.alice!.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    await as.alice!.rest.git.createRef({ ...repo, ref: `refs/tags/${tag}`, sha: head });
  }

  beforeAll(async () => {
    sandbox = await startSandbox(seed);
    web = `${sandbox.serverUrl}/acme/notes`;
    for (const [login, token] of [
      ["alice", "t-alice"],
      ["bob", "t-bob"],
      ["deps-bot", "t-bot"],
    ] as const)
      as[login] = new Octokit({
        baseUrl: sandbox.apiUrl,
        auth: token,
        retry: { enabled: false },
        throttle: { enabled: false },
      });
    await mergedPull("alice", "first", "First feature");
    await tagMain("v1.0.0");
    await mergedPull("bob", "fix-b", "Fix the parser", ["bug"]);
    await mergedPull("alice", "feat-c", "Add a flag", ["enhancement"]);
    await mergedPull("deps-bot", "deps", "Bump yaml", ["enhancement"]);
    await mergedPull("alice", "docs", "Reword the docs", ["skip-notes"]);
    // An open pull request, never merged: not in the notes.
    await branchWithCommit("bob", "wip", "wip.txt", "wip\n");
    await as.bob!.rest.pulls.create({ ...repo, title: "Work in progress", head: "wip", base: "main" });
  });
  afterAll(async () => {
    const violations = [...(sandbox?.violations ?? [])];
    await sandbox?.stop();
    expect(violations).toEqual([]);
  });

  it("lists the merged pull requests since the previous tag, new contributors and the compare link", async () => {
    const before = sandbox.requests.length;
    const notes = await as.alice!.rest.repos.generateReleaseNotes({
      ...repo,
      tag_name: "v1.1.0",
      target_commitish: "main",
      previous_tag_name: "v1.0.0",
    });
    expect(notes.data.name).toBe("v1.1.0");
    expect(notes.data.body).toBe(
      [
        "## What's Changed",
        `* Fix the parser by @bob in ${web}/pull/2`,
        `* Add a flag by @alice in ${web}/pull/3`,
        `* Bump yaml by @deps-bot in ${web}/pull/4`,
        `* Reword the docs by @alice in ${web}/pull/5`,
        "",
        "## New Contributors",
        `* @bob made their first contribution in ${web}/pull/2`,
        `* @deps-bot made their first contribution in ${web}/pull/4`,
        "",
        `**Full Changelog**: ${web}/compare/v1.0.0...v1.1.0`,
      ].join("\n"),
    );
    // generate-notes stores nothing: the sandbox does not count it as a write.
    expect(sandbox.requests.slice(before).filter((r) => r.write)).toEqual([]);
  });

  it("follows .github/release.yml: categories in order, excluded labels and authors, the config comment", async () => {
    const config = [
      "changelog:",
      "  exclude:",
      "    labels: [skip-notes]",
      "    authors: [deps-bot]",
      "  categories:",
      "    - title: Features",
      "      labels: [enhancement]",
      "    - title: Bug Fixes",
      "      labels: [bug]",
      "",
    ].join("\n");
    await branchWithCommit("alice", "config", ".github/release.yml", config);
    await as.alice!.rest.git.updateRef({
      ...repo,
      ref: "heads/main",
      sha: (await as.alice!.rest.git.getRef({ ...repo, ref: "heads/config" })).data.object.sha,
    });
    const notes = await as.alice!.rest.repos.generateReleaseNotes({
      ...repo,
      tag_name: "v1.1.0",
      target_commitish: "main",
      previous_tag_name: "v1.0.0",
    });
    expect(notes.data.body).toBe(
      [
        "<!-- Release notes generated using configuration in .github/release.yml at main -->",
        "",
        "## What's Changed",
        "### Features",
        `* Add a flag by @alice in ${web}/pull/3`,
        "### Bug Fixes",
        `* Fix the parser by @bob in ${web}/pull/2`,
        "",
        "## New Contributors",
        `* @bob made their first contribution in ${web}/pull/2`,
        "",
        `**Full Changelog**: ${web}/compare/v1.0.0...v1.1.0`,
      ].join("\n"),
    );
  });

  it("writes the same notes into a release created with generate_release_notes, after the given body", async () => {
    const created = await as.alice!.rest.repos.createRelease({
      ...repo,
      tag_name: "v1.1.0",
      target_commitish: "main",
      body: "Highlights.",
      generate_release_notes: true,
    });
    // No previous tag given and no earlier release: GitHub links the tag's commit list.
    expect(created.data.body).toMatch(/^Highlights\.\n\n<!-- Release notes generated using configuration/);
    expect(created.data.body).toContain(`* Add a flag by @alice in ${web}/pull/3`);
    expect(created.data.body).toContain("* @alice made their first contribution");
    expect(created.data.body).toMatch(new RegExp(`\\*\\*Full Changelog\\*\\*: ${web}/commits/v1\\.1\\.0$`));
  });
});
