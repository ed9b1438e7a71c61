/**
 * The sandbox's issues, comments and labels follow GitHub's rules: who may create, edit and label, and the 4xx answers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Octokit } from "octokit";
import { startSandbox, tokensServedByThisProcess, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [
      { token: "t-release", login: "release-bot", write: ["acme/widget", "release-bot/*"] },
      { token: "t-reader", login: "reader", write: [] },
      { token: "t-other", login: "other", write: [] },
    ],
    repos: [{ name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n" }, labels: ["release"] }],
  },
  process.cwd(),
);

const repo = { owner: "acme", repo: "widget" };
const T0 = Date.parse("2025-03-01T10:00:00Z");

describe("sandbox issues, comments and labels", () => {
  let sandbox: Sandbox;
  let clock = T0;
  let gh: Octokit;
  let reader: Octokit;
  let other: Octokit;
  const client = (auth?: string) =>
    new Octokit({ baseUrl: sandbox.apiUrl, auth, retry: { enabled: false }, throttle: { enabled: false } });
  const tick = (minutes = 1) => {
    clock += minutes * 60_000;
  };

  beforeAll(async () => {
    sandbox = await startSandbox(seed, { now: () => new Date(clock) });
    gh = client("t-release");
    reader = client("t-reader");
    other = client("t-other");
  });
  afterEach(() => expect(sandbox.violations).toEqual([]));
  afterAll(async () => sandbox?.stop());

  it("registers its tokens for the token-hygiene check that runs after every test file", () => {
    expect(tokensServedByThisProcess()).toEqual(expect.arrayContaining(["t-release", "t-reader", "t-other"]));
  });

  it("creates an issue with labels, creating a missing label, then edits, closes and reopens it", async () => {
    const created = await gh.rest.issues.create({
      ...repo,
      title: "Release 1.20.0",
      body: "checklist",
      labels: ["release", "tracking"],
      assignees: ["release-bot"],
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ number: 1, state: "open", title: "Release 1.20.0", body: "checklist" });
    expect(created.data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["release", "tracking"]);
    expect(created.data.assignees?.map((a) => a.login)).toEqual(["release-bot"]);
    expect(created.data.author_association).toBe("COLLABORATOR");
    const labels = await gh.rest.issues.listLabelsForRepo(repo);
    expect(labels.data.map((l) => l.name)).toEqual(["release", "tracking"]);

    tick();
    const edited = await gh.rest.issues.update({ ...repo, issue_number: 1, title: "Release 1.20.0 (RC)" });
    expect(edited.data.title).toBe("Release 1.20.0 (RC)");
    expect(edited.data.updated_at).toBe("2025-03-01T10:01:00Z");

    tick();
    const closed = await gh.rest.issues.update({ ...repo, issue_number: 1, state: "closed" });
    expect(closed.data).toMatchObject({
      state: "closed",
      state_reason: "completed",
      closed_at: "2025-03-01T10:02:00Z",
    });
    const reopened = await gh.rest.issues.update({ ...repo, issue_number: 1, state: "open" });
    expect(reopened.data).toMatchObject({ state: "open", state_reason: "reopened", closed_at: null });
    const got = await gh.rest.issues.get({ ...repo, issue_number: 1 });
    expect(got.data.title).toBe("Release 1.20.0 (RC)");
  });

  it("lets anyone signed in open an issue but drops the labels of a user without push access", async () => {
    const opened = await reader.rest.issues.create({ ...repo, title: "Bug report", labels: ["release"] });
    expect(opened.data.labels).toEqual([]);
    expect(opened.data.author_association).toBe("NONE");
    const anon = client();
    await expect(anon.rest.issues.create({ ...repo, title: "anonymous" })).rejects.toMatchObject({ status: 401 });
  });

  it("lets the author edit their own issue and answers 403 to a read-only token editing someone else's", async () => {
    const own = await reader.rest.issues.create({ ...repo, title: "Typo" });
    const edited = await reader.rest.issues.update({ ...repo, issue_number: own.data.number, body: "in README" });
    expect(edited.data.body).toBe("in README");
    await expect(reader.rest.issues.update({ ...repo, issue_number: 1, title: "hijack" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      other.rest.issues.update({ ...repo, issue_number: own.data.number, title: "x" }),
    ).rejects.toMatchObject({ status: 403 });
    expect((await gh.rest.issues.get({ ...repo, issue_number: 1 })).data.title).toBe("Release 1.20.0 (RC)");
  });

  it("answers 422 to an issue without a title and 404 to an unknown issue", async () => {
    const before = sandbox.state.data.issues.length;
    await expect(
      gh.request("POST /repos/{owner}/{repo}/issues", { ...repo, body: "no title" } as never),
    ).rejects.toMatchObject({ status: 422 });
    await expect(gh.rest.issues.create({ ...repo, title: "" })).rejects.toMatchObject({
      status: 422,
      response: {
        data: { message: "Validation Failed", errors: [{ resource: "Issue", field: "title", code: "missing_field" }] },
      },
    });
    expect(sandbox.state.data.issues.length).toBe(before);
    await expect(gh.rest.issues.get({ ...repo, issue_number: 999 })).rejects.toMatchObject({ status: 404 });
    await expect(gh.rest.issues.get({ owner: "acme", repo: "nope", issue_number: 1 })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("creates, lists and edits comments with GitHub's permission rules", async () => {
    tick();
    const first = await gh.rest.issues.createComment({ ...repo, issue_number: 1, body: "RC1 is out" });
    expect(first.status).toBe(201);
    expect(first.data.author_association).toBe("COLLABORATOR");
    tick(10);
    const second = await reader.rest.issues.createComment({ ...repo, issue_number: 1, body: "Tested, works" });
    expect(second.data.author_association).toBe("NONE");

    const all = await gh.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(all.data.map((c) => c.body)).toEqual(["RC1 is out", "Tested, works"]);
    const recent = await gh.rest.issues.listComments({ ...repo, issue_number: 1, since: "2025-03-01T10:05:00Z" });
    expect(recent.data.map((c) => c.body)).toEqual(["Tested, works"]);
    expect((await gh.rest.issues.get({ ...repo, issue_number: 1 })).data.comments).toBe(2);

    tick();
    const edited = await reader.rest.issues.updateComment({
      ...repo,
      comment_id: second.data.id,
      body: "Tested on Linux",
    });
    expect(edited.data.body).toBe("Tested on Linux");
    expect(edited.data.updated_at).not.toBe(edited.data.created_at);
    await expect(
      other.rest.issues.updateComment({ ...repo, comment_id: second.data.id, body: "not mine" }),
    ).rejects.toMatchObject({ status: 403 });
    const byWriter = await gh.rest.issues.updateComment({ ...repo, comment_id: second.data.id, body: "moderated" });
    expect(byWriter.data.body).toBe("moderated");
    await expect(gh.rest.issues.updateComment({ ...repo, comment_id: 424242, body: "x" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("creates labels, refuses a duplicate name case-insensitively and adds labels to an issue", async () => {
    const created = await gh.rest.issues.createLabel({
      ...repo,
      name: "rc",
      color: "00ff00",
      description: "candidate",
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: "rc", color: "00ff00", description: "candidate", default: false });
    await expect(gh.rest.issues.createLabel({ ...repo, name: "RC" })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: "Label", field: "name", code: "already_exists" }] } },
    });
    await expect(reader.rest.issues.createLabel({ ...repo, name: "mine" })).rejects.toMatchObject({ status: 403 });

    const added = await gh.rest.issues.addLabels({ ...repo, issue_number: 2, labels: ["RC", "needs-triage"] });
    expect(added.data.map((l) => l.name)).toEqual(["needs-triage", "rc"]);
    const again = await gh.rest.issues.addLabels({ ...repo, issue_number: 2, labels: ["release"] });
    expect(again.data.map((l) => l.name)).toEqual(["needs-triage", "rc", "release"]);
  });

  it("filters the issue list by state, labels, creator and since, and sorts it", async () => {
    await gh.rest.issues.update({ ...repo, issue_number: 3, state: "closed", state_reason: "not_planned" });
    const numbers = async (params: Record<string, string>) =>
      (await gh.rest.issues.listForRepo({ ...repo, ...params })).data.map((i) => i.number);
    expect(await numbers({})).toEqual([2, 1]);
    expect(await numbers({ state: "closed" })).toEqual([3]);
    expect(await numbers({ state: "all", direction: "asc" })).toEqual([1, 2, 3]);
    expect(await numbers({ labels: "release,RC" })).toEqual([2]);
    expect(await numbers({ labels: "release" })).toEqual([2, 1]);
    expect(await numbers({ creator: "reader", state: "all" })).toEqual([3, 2]);
    expect(await numbers({ sort: "comments" })).toEqual([1, 2]);
    expect(await numbers({ sort: "updated", direction: "asc" })).toEqual([1, 2]);
    expect(await numbers({ since: "2025-03-01T10:14:00Z", state: "all" })).toEqual([3, 2]);
  });

  it("paginates the issue list with GitHub's Link header", async () => {
    for (let i = 0; i < 5; i += 1) await gh.rest.issues.create({ ...repo, title: `Partner ${i}` });
    const first = await gh.rest.issues.listForRepo({ ...repo, state: "all", per_page: 3 });
    expect(first.data.map((i) => i.number)).toEqual([8, 7, 6]);
    expect(first.headers.link).toMatch(/[?&]page=2[&>].*; rel="next", .*[?&]page=3[&>].*; rel="last"$/);
    const all = await gh.paginate(gh.rest.issues.listForRepo, { ...repo, state: "all", per_page: 3 });
    expect(all.map((i) => i.number)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    const last = await gh.rest.issues.listForRepo({ ...repo, state: "all", per_page: 3, page: 3 });
    expect(last.data.map((i) => i.number)).toEqual([2, 1]);
    // The last page links back (prev, first) and no further, as GitHub's does.
    expect(last.headers.link).toMatch(/[?&]page=2[&>].*; rel="prev", .*[?&]page=1[&>].*; rel="first"$/);
    expect(last.headers.link).not.toContain('rel="next"');
  });

  it("answers 304 to a conditional GET with the ETag of an unchanged issue, and 200 once it changes", async () => {
    const first = await gh.rest.issues.get({ ...repo, issue_number: 1 });
    const etag = first.headers.etag ?? "";
    expect(etag).not.toBe("");
    await expect(
      gh.rest.issues.get({ ...repo, issue_number: 1, headers: { "if-none-match": etag } }),
    ).rejects.toMatchObject({ status: 304 });
    const list = await gh.rest.issues.listComments({ ...repo, issue_number: 1 });
    await expect(
      gh.rest.issues.listComments({ ...repo, issue_number: 1, headers: { "if-none-match": list.headers.etag } }),
    ).rejects.toMatchObject({ status: 304 });
    tick();
    await gh.rest.issues.update({ ...repo, issue_number: 1, body: "updated" });
    const changed = await gh.rest.issues.get({ ...repo, issue_number: 1, headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });
});
