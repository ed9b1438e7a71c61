/**
 * The sandbox merges pull requests as GitHub's merge API does: a merge commit (or a squash commit) on the base,
 * the pull request marked merged and closed, 409 when the head moved, 405 when it cannot merge (closed, merged,
 * a protected base without an approving review from another writer), and reviews that refuse self-approval.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [
      { token: "t-author", login: "author", write: ["acme/widget"] },
      { token: "t-maintainer", login: "maintainer", write: ["acme/widget"] },
      { token: "t-reader", login: "reader", write: [] },
    ],
    repos: [
      {
        name: "acme/widget",
        files: { VERSION_NUMBER: "1.20.0\n" },
        branches: ["rel-1.20.0"],
        "protected-branches": ["rel-*"],
      },
    ],
  },
  process.cwd(),
);
const repo = { owner: "acme", repo: "widget" };

describe("sandbox pull request merges and reviews", () => {
  let sandbox: Sandbox;
  let author: GitHubClient;
  let maintainer: GitHubClient;
  let reader: GitHubClient;
  const client = (token: string) =>
    createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token,
      logger: new RecordingLogger(),
      writeIntervalMs: 0,
      retryBaseMs: 5,
    });

  /** A branch `name` off `base` with one commit changing VERSION_NUMBER, and a pull request of it into `base`. */
  async function openPull(name: string, base: string, version: string): Promise<{ number: number; head: string }> {
    const baseHead = (await author.rest.repos.getCommit({ ...repo, ref: `heads/${base}` })).data;
    const tree = await author.rest.git.createTree({
      ...repo,
      base_tree: baseHead.commit.tree.sha,
      tree: [{ path: "VERSION_NUMBER", mode: "100644", type: "blob", content: `${version}\n` }],
    });
    const commit = await author.rest.git.createCommit({
      ...repo,
      message: `Bump to ${version}\n\nSigned-off-by: Author <author@example.invalid>\n`,
      tree: tree.data.sha,
      parents: [baseHead.sha],
    });
    await author.rest.git.createRef({ ...repo, ref: `refs/heads/${name}`, sha: commit.data.sha });
    const pull = await author.rest.pulls.create({ ...repo, head: name, base, title: `Bump to ${version}` });
    return { number: pull.data.number, head: commit.data.sha };
  }

  beforeAll(async () => {
    sandbox = await startSandbox(seed);
    author = client("t-author");
    maintainer = client("t-maintainer");
    reader = client("t-reader");
  });
  afterAll(async () => sandbox?.stop());

  it("merges into an unprotected base with a merge commit GitHub's way, and marks the pull request merged", async () => {
    const { number, head } = await openPull("bump-main", "main", "1.21.0.dev0");
    const base = await sandbox.git.resolveCommit("acme/widget", "main");
    await expect(maintainer.rest.pulls.checkIfMerged({ ...repo, pull_number: number })).rejects.toMatchObject({
      status: 404,
    });
    await expect(maintainer.rest.pulls.merge({ ...repo, pull_number: number, sha: base! })).rejects.toMatchObject({
      status: 409,
      response: { data: { message: "Head branch was modified. Review and try the merge again." } },
    });
    const merged = await maintainer.rest.pulls.merge({ ...repo, pull_number: number, sha: head });
    expect(merged.data).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    const commit = await sandbox.git.readCommit("acme/widget", merged.data.sha);
    expect(commit.parents).toEqual([base, head]);
    expect(commit.message).toBe(`Merge pull request #${number} from acme/bump-main\n\nBump to 1.21.0.dev0`);
    expect(commit.committer.name).toBe("GitHub");
    expect(await sandbox.git.resolveCommit("acme/widget", "main")).toBe(merged.data.sha);
    const pull = (await reader.rest.pulls.get({ ...repo, pull_number: number })).data;
    expect(pull).toMatchObject({
      state: "closed",
      merged: true,
      merge_commit_sha: merged.data.sha,
      merged_by: { login: "maintainer" },
    });
    expect((await reader.rest.pulls.checkIfMerged({ ...repo, pull_number: number })).status).toBe(204);
    await expect(maintainer.rest.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: "Pull Request is not mergeable" } },
    });
    expect(sandbox.violations).toEqual([]);
  });

  it("needs an approving review by another writer to merge into a protected base; squash keeps the commit's trailers", async () => {
    const { number } = await openPull("bump-rel", "rel-1.20.0", "1.20.0rc1");
    await expect(maintainer.rest.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: "At least 1 approving review is required by reviewers with write access." } },
    });
    await expect(
      author.rest.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: ["Review Can not approve your own pull request"] } },
    });
    // A reader's approval does not count: it has no write access.
    await reader.rest.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" });
    await expect(maintainer.rest.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({ status: 405 });
    const review = await maintainer.rest.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" });
    expect(review.data).toMatchObject({ state: "APPROVED", user: { login: "maintainer" } });
    const merged = await maintainer.rest.pulls.merge({ ...repo, pull_number: number, merge_method: "squash" });
    const commit = await sandbox.git.readCommit("acme/widget", merged.data.sha);
    expect(commit.parents).toHaveLength(1);
    expect(commit.message).toBe(`Bump to 1.20.0rc1 (#${number})\n\nSigned-off-by: Author <author@example.invalid>`);
    expect(sandbox.violations).toEqual([]);
  });
});
