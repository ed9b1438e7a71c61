/**
 * Lessons learned against the sandbox: /lesson comments collected into one PR, carried into the next release's
 * checklist until retired.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startChecklistWorld, type ChecklistWorld } from "./checklist-world.js";

let world: ChecklistWorld | undefined;
afterEach(async () => {
  if (world) expect(world.sandbox.violations).toEqual([]);
  await world?.stop();
  world = undefined;
});

const earlier = `# Lessons from release 1.19.0

### 1.19.0-1

Build scripts changed without a downstream build broke ONNX Runtime

- retired: no

### 1.19.0-2

Tell the partners a week before the candidate

- retired: no
`;

async function comment(w: ChecklistWorld, token: string, body: string): Promise<void> {
  await w.client(token).rest.issues.createComment({ owner: "acme", repo: "widget", issue_number: 1, body });
}

const lessonPulls = (w: ChecklistWorld) =>
  w.sandbox.state.data.issues.filter((i) => i.pull && i.pull.headRef === "release-kit/lessons-1.20.0");

async function fileOnBranch(w: ChecklistWorld, ref: string, file = "checklists/lessons/1.20.0.md"): Promise<string> {
  const { data } = await w.client().rest.repos.getContent({ owner: "acme", repo: "widget", path: file, ref });
  return Buffer.from((data as { content: string }).content, "base64").toString("utf8");
}

describe("lessons learned", () => {
  it("collects /lesson comments by collaborators into one PR, updates it, and never opens a second", async () => {
    world = await startChecklistWorld({ files: { "checklists/lessons/1.19.0.md": earlier } });
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    expect(world.issueBody()).toContain("Tell the partners a week before the candidate — from 1.19.0-2");
    await comment(world, "t-maint", "/lesson Try the feedstock with the candidate, not only the final");
    await comment(world, "t-outsider", "/lesson $(rm -rf ~) `reboot` ; echo pwned");
    await comment(world, "t-maint", "/lesson retire 1.19.0-1");
    await comment(world, "t-maint", "Thanks all, not a lesson");

    const first = await world.cli(["lessons", "collect", "--version", "1.20.0", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { pr: { number: number; created: boolean }; ignored: unknown[] };
    expect(out.pr.created).toBe(true);
    expect(out.ignored).toHaveLength(1);
    let file = await fileOnBranch(world, "release-kit/lessons-1.20.0");
    expect(file).toContain("### 1.20.0-1\n\nTry the feedstock with the candidate, not only the final");
    expect(file).toContain("- author: maintainer");
    expect(file).toMatch(/## Retired lessons of earlier releases\n\n- 1\.19\.0-1 — by maintainer/);
    expect(file).not.toContain("pwned");

    // Nothing new: zero writes.
    let mark = world.sandbox.requests.length;
    const same = await world.cli(["lessons", "collect", "--version", "1.20.0", "--json"]);
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({
      commit: "unchanged",
      pr: { number: out.pr.number, created: false },
    });
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);

    // A new lesson: a new commit on the same branch, the same PR.
    await comment(world, "t-maint", "/lesson Publish the candidate's wheels for every platform");
    mark = world.sandbox.requests.length;
    const second = await world.cli(["lessons", "collect", "--version", "1.20.0", "--json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      commit: "created",
      pr: { number: out.pr.number, created: false },
    });
    expect(lessonPulls(world)).toHaveLength(1);
    file = await fileOnBranch(world, "release-kit/lessons-1.20.0");
    expect(file).toContain("### 1.20.0-2\n\nPublish the candidate's wheels for every platform");
    expect(world.sandbox.appliedWrites(mark).map((q) => q.route)).toEqual([
      "POST /repos/{owner}/{repo}/git/trees",
      "POST /repos/{owner}/{repo}/git/commits",
      "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
    ]);
  });

  it("carries every lesson not retired into the next release's checklist", async () => {
    world = await startChecklistWorld({ files: { "checklists/lessons/1.19.0.md": earlier } });
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await comment(world, "t-maint", "/lesson Try the feedstock with the candidate");
    await comment(world, "t-maint", "/lesson retire 1.19.0-1");
    expect((await world.cli(["lessons", "collect", "--version", "1.20.0"])).code).toBe(0);
    // A maintainer merges the lessons PR (fast-forward main to its head).
    const gh = world.client();
    const head = await gh.rest.git.getRef({ owner: "acme", repo: "widget", ref: "heads/release-kit/lessons-1.20.0" });
    await gh.rest.git.updateRef({ owner: "acme", repo: "widget", ref: "heads/main", sha: head.data.object.sha });

    expect((await world.cli(["checklist", "open", "--version", "1.21.0"])).code).toBe(0);
    const next = world.sandbox.state.data.issues.find((i) => i.title === "Release 1.21.0")!;
    const section = (next.body ?? "").split("## Lessons from earlier releases")[1]!.split("## Lessons learned")[0]!;
    expect(section).toContain("Tell the partners a week before the candidate — from 1.19.0-2");
    expect(section).toMatch(
      /Try the feedstock with the candidate — from \[1\.20\.0-1\]\(http:\/\/127\.0\.0\.1:\d+\/acme\/widget\/issues\/1#issuecomment-\d+\) \(maintainer\)/,
    );
    expect(section).not.toContain("1.19.0-1");
  });

  it("collects the bullets of the Lessons learned section too", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    const body = world
      .issueBody()
      .replace(/(## Lessons learned\n\n<!--[^\n]*-->\n\n)-/, "$1- Freeze the build scripts a week before");
    await world.client("t-maint").rest.issues.update({ owner: "acme", repo: "widget", issue_number: 1, body });
    const r = await world.cli(["lessons", "collect", "--version", "1.20.0", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Freeze the build scripts a week before");
    expect(r.stdout).toContain("Would commit checklists/lessons/1.20.0.md");
    expect(world.sandbox.requests.filter((q) => q.write && q.route.includes("git"))).toEqual([]);
  });
});

describe("lessons collect with the workflow's GITHUB_TOKEN", () => {
  it("explains in one line the repository setting GitHub's refusal names, and opens the PR once it is on", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await comment(world, "t-maint", "/lesson Ask for the Actions setting before the first release");
    const refused = await world.cli(["lessons", "collect", "--version", "1.20.0"], { GITHUB_TOKEN: "ghs_workflow" });
    expect(refused.code).toBe(1);
    // The log of the commit it pushed first, then the one error line.
    expect(refused.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l))).toEqual([
      `release-kit: GitHub refused to let the workflow's GITHUB_TOKEN open a pull request in acme/widget: turn on Settings > Actions > General > Workflow permissions > "Allow GitHub Actions to create and approve pull requests" in acme/widget (and in its organisation's settings when it is off there), or pass a token of a user who may open pull requests`,
    ]);
    expect(lessonPulls(world)).toEqual([]);
    // The maintainer turns the setting on; the rerun keeps the pushed branch and opens the PR.
    world.sandbox.state.repo("acme/widget")!.actionsCanCreatePullRequests = true;
    const mark = world.sandbox.requests.length;
    const again = await world.cli(["lessons", "collect", "--version", "1.20.0", "--json"], {
      GITHUB_TOKEN: "ghs_workflow",
    });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ commit: "unchanged", pr: { created: true } });
    expect(world.sandbox.appliedWrites(mark).map((r) => r.route)).toEqual(["POST /repos/{owner}/{repo}/pulls"]);
    expect(lessonPulls(world)).toHaveLength(1);
  });
});
