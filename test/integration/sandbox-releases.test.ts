/**
 * The sandbox's releases and commits answer as GitHub does: tags made on release, already_exists, permissions, the
 * latest release, drafts and edits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Octokit } from "octokit";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [
      { token: "t-release", login: "release-bot", write: ["acme/widget", "acme/empty"] },
      { token: "t-reader", login: "reader", write: [] },
    ],
    repos: [
      { name: "acme/widget", files: { VERSION_NUMBER: "1.19.0\n" }, tags: ["v1.19.0"] },
      { name: "acme/empty", files: { README: "empty\n" } },
    ],
  },
  process.cwd(),
);

const widget = { owner: "acme", repo: "widget" };

function client(sandbox: Sandbox, token: string): Octokit {
  return new Octokit({ baseUrl: sandbox.apiUrl, auth: token, retry: { enabled: false }, throttle: { enabled: false } });
}

describe("sandbox releases and commits", () => {
  let sandbox: Sandbox;
  let gh: Octokit;
  let reader: Octokit;

  /** Commits `VERSION_NUMBER = content` on main through the Git Data API; returns the new SHA. */
  async function commitOnMain(message: string, content: string): Promise<string> {
    const head = await gh.rest.git.getRef({ ...widget, ref: "heads/main" });
    const parent = await gh.rest.git.getCommit({ ...widget, commit_sha: head.data.object.sha });
    const tree = await gh.rest.git.createTree({
      ...widget,
      base_tree: parent.data.tree.sha,
      tree: [{ path: "VERSION_NUMBER", mode: "100644", type: "blob", content }],
    });
    const commit = await gh.rest.git.createCommit({
      ...widget,
      message,
      tree: tree.data.sha,
      parents: [parent.data.sha],
    });
    await gh.rest.git.updateRef({ ...widget, ref: "heads/main", sha: commit.data.sha });
    return commit.data.sha;
  }

  beforeAll(async () => {
    sandbox = await startSandbox(seed);
    gh = client(sandbox, "t-release");
    reader = client(sandbox, "t-reader");
  });
  afterAll(async () => {
    const violations = [...(sandbox?.violations ?? [])];
    await sandbox?.stop();
    expect(violations).toEqual([]);
  });

  it("creates a release and its missing lightweight tag at the default branch head, then finds it by tag and id", async () => {
    const head = await gh.rest.git.getRef({ ...widget, ref: "heads/main" });
    const created = await gh.rest.repos.createRelease({
      ...widget,
      tag_name: "v1.19.1",
      name: "1.19.1",
      body: "Fixes",
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ tag_name: "v1.19.1", name: "1.19.1", draft: false, prerelease: false });
    expect(created.data.author.login).toBe("release-bot");
    const tag = await gh.rest.git.getRef({ ...widget, ref: "tags/v1.19.1" });
    expect(tag.data.object).toMatchObject({ type: "commit", sha: head.data.object.sha });
    const byTag = await reader.rest.repos.getReleaseByTag({ ...widget, tag: "v1.19.1" });
    expect(byTag.data.id).toBe(created.data.id);
    const byId = await reader.rest.repos.getRelease({ ...widget, release_id: created.data.id });
    expect(byId.data.body).toBe("Fixes");
  });

  it("refuses a second release of the same tag with 422 already_exists", async () => {
    await expect(gh.rest.repos.createRelease({ ...widget, tag_name: "v1.19.1" })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Validation Failed", errors: [{ code: "already_exists", field: "tag_name" }] } },
    });
  });

  it("refuses a release from a read-only token (403) and an unknown target_commitish (422), writing nothing", async () => {
    const before = sandbox.appliedWrites().length;
    await expect(reader.rest.repos.createRelease({ ...widget, tag_name: "v9.9.9" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      gh.rest.repos.createRelease({ ...widget, tag_name: "v9.9.9", target_commitish: "no-such-branch" }),
    ).rejects.toMatchObject({ status: 422 });
    expect(sandbox.appliedWrites().length).toBe(before);
    await expect(gh.rest.git.getRef({ ...widget, ref: "tags/v9.9.9" })).rejects.toMatchObject({ status: 404 });
  });

  it("reports the newest final release as latest, never a pre-release, and 404 when there is none", async () => {
    await gh.rest.repos.createRelease({ ...widget, tag_name: "v1.20.0rc1", prerelease: true });
    const latest = await reader.rest.repos.getLatestRelease(widget);
    expect(latest.data.tag_name).toBe("v1.19.1");
    await expect(reader.rest.repos.getLatestRelease({ owner: "acme", repo: "empty" })).rejects.toMatchObject({
      status: 404,
    });
    await gh.rest.repos.createRelease({ owner: "acme", repo: "empty", tag_name: "v0.1.0rc1", prerelease: true });
    await expect(reader.rest.repos.getLatestRelease({ owner: "acme", repo: "empty" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("keeps the previous latest release when a new one is made with make_latest false", async () => {
    await gh.rest.repos.createRelease({ ...widget, tag_name: "v1.18.5", make_latest: "false" });
    expect((await reader.rest.repos.getLatestRelease(widget)).data.tag_name).toBe("v1.19.1");
  });

  it("hides a draft from readers and from releases/tags/{tag}, lists it to writers, and tags it when published", async () => {
    const draft = await gh.rest.repos.createRelease({
      ...widget,
      tag_name: "v1.20.0rc2",
      draft: true,
      prerelease: true,
    });
    expect(draft.data.published_at).toBeNull();
    await expect(gh.rest.git.getRef({ ...widget, ref: "tags/v1.20.0rc2" })).rejects.toMatchObject({ status: 404 });
    await expect(reader.rest.repos.getReleaseByTag({ ...widget, tag: "v1.20.0rc2" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(reader.rest.repos.getRelease({ ...widget, release_id: draft.data.id })).rejects.toMatchObject({
      status: 404,
    });
    const readerTags = (await reader.rest.repos.listReleases(widget)).data.map((r) => r.tag_name);
    expect(readerTags).not.toContain("v1.20.0rc2");
    // GitHub's releases/tags/{tag} returns published releases only, even to a writer; the list shows the draft.
    await expect(gh.rest.repos.getReleaseByTag({ ...widget, tag: "v1.20.0rc2" })).rejects.toMatchObject({
      status: 404,
    });
    const writerList = (await gh.rest.repos.listReleases(widget)).data;
    expect(writerList.find((r) => r.tag_name === "v1.20.0rc2")).toMatchObject({ id: draft.data.id, draft: true });
    expect((await gh.rest.repos.getRelease({ ...widget, release_id: draft.data.id })).data.draft).toBe(true);
    expect((await gh.rest.repos.getLatestRelease(widget)).data.id).not.toBe(draft.data.id);

    const published = await gh.rest.repos.updateRelease({ ...widget, release_id: draft.data.id, draft: false });
    expect(published.data.draft).toBe(false);
    expect(published.data.published_at).not.toBeNull();
    await gh.rest.git.getRef({ ...widget, ref: "tags/v1.20.0rc2" });
    expect((await reader.rest.repos.getReleaseByTag({ ...widget, tag: "v1.20.0rc2" })).data.id).toBe(draft.data.id);
  });

  it("edits a release and refuses to move it onto a tag another release has", async () => {
    const r = await gh.rest.repos.getReleaseByTag({ ...widget, tag: "v1.20.0rc1" });
    const edited = await gh.rest.repos.updateRelease({ ...widget, release_id: r.data.id, body: "RC notes" });
    expect(edited.data).toMatchObject({ body: "RC notes", tag_name: "v1.20.0rc1", prerelease: true });
    await expect(
      gh.rest.repos.updateRelease({ ...widget, release_id: r.data.id, tag_name: "v1.19.1" }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(gh.rest.repos.updateRelease({ ...widget, release_id: 424242, body: "x" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("lists releases newest first, page by page", async () => {
    const all = await reader.paginate(reader.rest.repos.listReleases, { ...widget, per_page: 2 });
    expect(all.map((r) => r.tag_name)).toEqual(["v1.20.0rc2", "v1.18.5", "v1.20.0rc1", "v1.19.1"]);
    const first = await reader.rest.repos.listReleases({ ...widget, per_page: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toContain('rel="next"');
  });

  it("generates notes of merged pull requests only: commits pushed without one give just the compare link", async () => {
    await commitOnMain("Bump version to 1.20.0", "1.20.0\n");
    await commitOnMain("Fix the parser\n\nLong description.", "1.20.0\n\n");
    const notes = await gh.rest.repos.generateReleaseNotes({
      ...widget,
      tag_name: "v1.20.0",
      target_commitish: "main",
      previous_tag_name: "v1.19.0",
    });
    expect(notes.data.name).toBe("v1.20.0");
    // GitHub lists pull requests, never bare commits (sandbox-release-notes.test.ts covers the lists).
    expect(notes.data.body).toBe(`**Full Changelog**: ${sandbox.serverUrl}/acme/widget/compare/v1.19.0...v1.20.0`);
    await expect(
      gh.rest.repos.generateReleaseNotes({ ...widget, tag_name: "v1.20.0", previous_tag_name: "v0.0.0" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("starts generated notes at the latest final release when no previous tag is given", async () => {
    const created = await gh.rest.repos.createRelease({
      ...widget,
      tag_name: "v1.20.0",
      generate_release_notes: true,
      body: "Highlights first.",
    });
    expect(created.data.name).toBe("v1.20.0");
    // v1.19.1 is the latest release: v1.18.5 is newer but was made with make_latest false.
    expect(created.data.body).toBe(
      `Highlights first.\n\n**Full Changelog**: ${sandbox.serverUrl}/acme/widget/compare/v1.19.1...v1.20.0`,
    );
  });

  it("shows a commit with its files and stats, compares two refs and reads a branch", async () => {
    const head = await gh.rest.repos.getCommit({ ...widget, ref: "main" });
    expect(head.data.commit.message).toBe("Fix the parser\n\nLong description.");
    expect(head.data.author?.login).toBe("release-bot");
    expect(head.data.files).toEqual([
      expect.objectContaining({ filename: "VERSION_NUMBER", status: "modified", additions: 1, deletions: 0 }),
    ]);
    expect(head.data.stats).toEqual({ total: 1, additions: 1, deletions: 0 });
    const seeded = await gh.rest.repos.getCommit({ ...widget, ref: "v1.19.0" });
    expect(seeded.data.parents).toEqual([]);
    expect(seeded.data.author).toBeNull();
    await expect(gh.rest.repos.getCommit({ ...widget, ref: "no-such-ref" })).rejects.toMatchObject({ status: 422 });

    const ahead = await gh.rest.repos.compareCommitsWithBasehead({ ...widget, basehead: "v1.19.0...main" });
    expect(ahead.data).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(ahead.data.commits.map((c) => c.commit.message.split("\n")[0])).toEqual([
      "Bump version to 1.20.0",
      "Fix the parser",
    ]);
    expect(ahead.data.merge_base_commit.sha).toBe(seeded.data.sha);
    const behind = await gh.rest.repos.compareCommitsWithBasehead({ ...widget, basehead: "main...v1.19.0" });
    expect(behind.data).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 2 });
    const same = await gh.rest.repos.compareCommitsWithBasehead({ ...widget, basehead: "v1.19.0...v1.19.1" });
    expect(same.data.status).toBe("identical");
    await expect(
      gh.rest.repos.compareCommitsWithBasehead({ ...widget, basehead: "v1.19.0...nope" }),
    ).rejects.toMatchObject({ status: 404 });

    const branch = await reader.rest.repos.getBranch({ ...widget, branch: "main" });
    expect(branch.data).toMatchObject({ name: "main", protected: false });
    expect(branch.data.commit.sha).toBe(head.data.sha);
    await expect(reader.rest.repos.getBranch({ ...widget, branch: "nope" })).rejects.toMatchObject({ status: 404 });
  });
});
