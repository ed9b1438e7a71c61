/**
 * `release-kit checklist open` and `sync` against the sandbox: the issue from the template, ticks from what happened,
 * no duplicate on a rerun or a race, dry runs that write nothing, bad input refused before any request.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runChecklistSyncBenchmark } from "../../bench/checklist-sync.bench.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { syncChecklist } from "../../src/flows/checklist/sync-checklist.js";
import {
  cutRc1,
  greenCi,
  notifyPartner,
  openFeedstockPr,
  startChecklistWorld,
  type ChecklistWorld,
} from "./checklist-world.js";

let world: ChecklistWorld | undefined;
afterEach(async () => {
  if (world) expect(world.sandbox.violations).toEqual([]);
  await world?.stop();
  world = undefined;
});

const line = (body: string, key: string) => body.split("\n").find((l) => l.includes(`release-kit:${key} `)) ?? "";

describe("release-kit checklist open", () => {
  it("creates the issue from the packaged template with lessons, status and checklist-opened ticked", async () => {
    world = await startChecklistWorld();
    const r = await world.cli(["checklist", "open", "--version", "1.20.0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ issue: 1, created: true, closed: [] });
    const body = world.issueBody();
    expect(body).toContain("Tracking issue for releasing widget 1.20.0 from `acme/widget`");
    expect(body).toContain("## Lessons from earlier releases");
    expect(body).toContain("<!-- release-kit:status:start -->");
    expect(body).toContain("| Checklist opened | 2026-11-01 12:00 | — |");
    expect(line(body, "checklist-opened")).toMatch(/^- \[x\] /);
    expect(line(body, "rc-tagged")).toMatch(/^- \[ \] /);
    const issue = world.sandbox.state.data.issues[0]!;
    expect(issue.labels).toEqual(["release"]);
    // The project has no checklists/release.md: the fallback is said, naming the path looked for.
    expect(r.stderr).toContain(
      "checklist template checklists/release.md is not on the default branch of acme/widget: using release-kit's packaged template",
    );
  });

  it("uses the project's own template without a notice", async () => {
    world = await startChecklistWorld({
      files: { "checklists/release.md": "# Our {version} release\n\n- [ ] Ship it\n" },
    });
    const r = await world.cli(["checklist", "open", "--version", "1.20.0"]);
    expect(r.code, r.stderr).toBe(0);
    expect(world.issueBody()).toContain("# Our 1.20.0 release");
    expect(r.stderr).not.toContain("packaged template");
  });

  it("finds the issue on a rerun and writes nothing", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    const mark = world.sandbox.requests.length;
    const r = await world.cli(["checklist", "open", "--version", "1.20.0", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ issue: 1, created: false });
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    expect(world.openChecklists()).toHaveLength(1);
  });

  // A crash after each write of `checklist open` and a rerun (one issue, no duplicate comment, the same body):
  // proven once, in the chaos suite (test/chaos, flow "checklist open").

  it("ends with one open issue when two runs race, the other closed with one comment", async () => {
    world = await startChecklistWorld();
    const [a, b] = await Promise.all([
      world.cli(["checklist", "open", "--version", "1.20.0", "--json"]),
      world.cli(["checklist", "open", "--version", "1.20.0", "--json"]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const open = world.openChecklists();
    expect(open).toHaveLength(1);
    expect(open[0]!.number).toBe(1);
    expect(JSON.parse(a.stdout)).toMatchObject({ issue: 1 });
    expect(JSON.parse(b.stdout)).toMatchObject({ issue: 1 });
    const all = world.sandbox.state.data.issues.filter((i) => i.title === "Release 1.20.0");
    for (const closed of all.filter((i) => i.state === "closed")) {
      const comments = world.sandbox.state.data.comments.filter((c) => c.issueNumber === closed.number);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain("Duplicate of #1");
    }
    // A rerun afterwards changes nothing.
    const mark = world.sandbox.requests.length;
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
  });

  it("--dry-run prints the body and writes nothing", async () => {
    world = await startChecklistWorld();
    const r = await world.cli(["checklist", "open", "--version", "1.20.0", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Dry run, nothing written");
    expect(r.stdout).toContain("## Before the cut");
    expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
  });

  it("rejects a missing version with one line, exit 2 and zero requests", async () => {
    world = await startChecklistWorld();
    const r = await world.cli(["checklist", "open"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--version is required/);
    expect(world.sandbox.requests).toEqual([]);
  });
});

describe("release-kit checklist sync", () => {
  it("ticks what happened, with notes and links, and fills the status and timeline", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await cutRc1(world);
    world.publish("1.20.0rc1", "widget-1.20.0rc1.tar.gz");
    const pr = await openFeedstockPr(world);
    await greenCi(world, pr);
    await notifyPartner(world);
    const report = path.join(world.dir, "results.json");
    await writeFile(
      report,
      JSON.stringify({
        baseline: "1.19.0",
        candidate: "1.20.0rc1",
        counts: { "same-test-pass": 2, regressed: 0 },
        // A dependent feedstock built green on conda-forge on both its platforms (conda-forge dependents --results).
        downstreams: ["linux-64", "win-64"].map((platform) => ({
          name: "conda-forge/gadget-feedstock",
          platform,
          category: "same-test-pass",
          source: "conda-forge",
          runs: [
            { side: "baseline", result: "test-pass" },
            { side: "candidate", result: "test-pass" },
          ],
        })),
      }),
    );
    const r = await world.cli(["checklist", "sync", "--version", "1.20.0", "--downstream-report", report, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ticked: string[]; wrote: boolean };
    expect(out.wrote).toBe(true);
    expect(out.ticked.sort()).toEqual(
      [
        "branch-created",
        "version-bumped",
        "rc-tagged",
        "rc-release-published",
        "rc-on-pypi",
        "feedstock-rc-pr-opened",
        "feedstock-rc-ci-green",
        "downstream-report",
        "conda-forge-dependents-green",
        "partners-notified",
      ].sort(),
    );
    const body = world.issueBody();
    expect(line(body, "rc-tagged")).toMatch(
      /^- \[x\] .* — \[v1\.20\.0rc1\]\(http:\/\/127\.0\.0\.1:\d+\/acme\/widget\/tree\/v1\.20\.0rc1\) <!--/,
    );
    expect(line(body, "version-bumped")).toContain("— 1.20.0rc1");
    expect(line(body, "feedstock-rc-ci-green")).toContain(`#${pr} green`);
    expect(line(body, "conda-forge-dependents-green")).toContain("1.20.0rc1: 2 platform builds green");
    expect(body).toContain("2 of 2 platform builds green against 1.20.0rc1");
    expect(line(body, "final-tagged")).toMatch(/^- \[ \] /);
    expect(body).toContain("```mermaid");
    expect(body).toMatch(/\| RC1 tagged \| 2026-11-01 12:00 \|/);
    expect(body).toMatch(/\| Feedstock CI green \| 2026-11-01 13:00 \| 1h \|/);
    expect(body).toContain("**Next step:** decide go/no-go");
  });

  it("never unticks a human tick and never re-ticks an item a person unticked", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await cutRc1(world);
    expect((await world.cli(["checklist", "sync", "--version", "1.20.0"])).code).toBe(0);
    const gh = world.client("t-maint");
    let body = world.issueBody();
    // A person unticks rc-tagged (we ticked it) and ticks a final item by hand, and rewords a line of their own.
    body = body
      .replace(/- \[x\] (Candidate tag pushed)/, "- [ ] $1")
      .replace("- [ ] Final tag `v1.20.0` pushed", "- [x] Final tag `v1.20.0` pushed")
      .replace("No open issue carries the release-blocker label", "No blocker left (checked by Ana)");
    await gh.rest.issues.update({ owner: "acme", repo: "widget", issue_number: 1, body });
    world.publish("1.20.0rc1", "widget-1.20.0rc1.tar.gz");
    const r = await world.cli(["checklist", "sync", "--version", "1.20.0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const after = world.issueBody();
    expect(line(after, "rc-tagged")).toMatch(/^- \[ \] Candidate tag pushed/);
    expect(line(after, "final-tagged")).toMatch(/^- \[x\] /);
    expect(after).toContain("No blocker left (checked by Ana)");
    expect(line(after, "rc-on-pypi")).toMatch(/^- \[x\] /);
    expect((JSON.parse(r.stdout) as { skipped: { key: string }[] }).skipped).toContainEqual({
      key: "rc-tagged",
      reason: "unticked-by-person",
    });
  });

  it("keeps a person's edit made between our read and our write", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await cutRc1(world);
    const human = world.client("t-maint");
    const result = await syncChecklist(world.client(), await world.settings(), new RecordingLogger(), {
      dryRun: false,
      async beforeWrite() {
        const { data } = await human.rest.issues.get({ owner: "acme", repo: "widget", issue_number: 1 });
        const edited = (data.body ?? "")
          .replace("- [ ] Smoke test:", "- [x] Smoke test:")
          .replace("## Final", "- [ ] Ask the docs team for a release blog post\n\n## Final");
        await human.rest.issues.update({ owner: "acme", repo: "widget", issue_number: 1, body: edited });
      },
    });
    expect(result.wrote).toBe(true);
    const body = world.issueBody();
    expect(body).toContain("- [x] Smoke test:");
    expect(body).toContain("- [ ] Ask the docs team for a release blog post");
    expect(line(body, "rc-tagged")).toMatch(/^- \[x\] /);
    expect(line(body, "rc-release-published")).toMatch(/^- \[x\] /);
    expect(body).toContain("`v1.20.0rc1`");
  });

  it("makes zero writes when nothing changed, every read but the issue list answered 304", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await cutRc1(world);
    expect((await world.cli(["checklist", "sync", "--version", "1.20.0"])).code).toBe(0);
    const mark = world.sandbox.requests.length;
    const r = await world.cli(["checklist", "sync", "--version", "1.20.0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: false, wrote: false });
    const requests = world.sandbox.requests.slice(mark);
    expect(requests.filter((q) => q.write)).toEqual([]);
    // Mid-release: the issue list, then the unsettled sources, each conditional (304 when unchanged).
    const api = requests.filter((q) => q.area === "api");
    expect(api[0]!.route).toBe("GET /repos/{owner}/{repo}/issues");
    expect(api.slice(1).every((q) => q.status === 304)).toBe(true);
  });

  it("costs one conditional read and zero writes once the release is settled (the benchmark's figures)", async () => {
    const figures = await runChecklistSyncBenchmark();
    expect(figures["checklist_sync.settled_same_process.requests"]).toBe(1);
    expect(figures["checklist_sync.settled_same_process.notModified"]).toBe(1);
    expect(figures["checklist_sync.settled_fresh_process.requests"]).toBe(1);
    expect(figures["checklist_sync.mid_release_same_process.writes"]).toBe(0);
    expect(figures["checklist_sync.violations"]).toBe(0);
  });

  it("--dry-run shows the ticks and writes nothing", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await cutRc1(world);
    const mark = world.sandbox.requests.length;
    const r = await world.cli(["checklist", "sync", "--version", "1.20.0", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Would tick: branch-created");
    expect(world.sandbox.requests.slice(mark).filter((q) => q.write)).toEqual([]);
  });

  it("says to open the checklist first when there is none", async () => {
    world = await startChecklistWorld();
    const r = await world.cli(["checklist", "sync", "--version", "1.20.0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run release-kit checklist open --version 1\.20\.0 first/);
  });
});
