/** `release-kit status` against the sandbox: one screen of the release's state and the next step, writing nothing. */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cutRc1, notifyPartner, openFeedstockPr, startChecklistWorld, type ChecklistWorld } from "./checklist-world.js";

let world: ChecklistWorld | undefined;
afterEach(async () => {
  if (world) expect(world.sandbox.violations).toEqual([]);
  await world?.stop();
  world = undefined;
});

describe("release-kit status", () => {
  it("shows tags, release, PyPI, feedstock PR and CI, partners, checklist progress and the next step, writing nothing", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await cutRc1(world);
    world.publish("1.20.0rc1", "widget-1.20.0rc1.tar.gz");
    const pr = await openFeedstockPr(world);
    await notifyPartner(world);
    const mark = world.sandbox.requests.length;
    const text = await world.cli(["status", "--version", "1.20.0"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^acme\/widget 1\.20\.0\n/);
    expect(text.stdout).toMatch(/Checklist +1\/\d+ done \(http:\/\/127\.0\.0\.1:\d+\/acme\/widget\/issues\/1\)/);
    expect(text.stdout).toContain("`rel-1.20.0`".replace(/`/g, ""));
    expect(text.stdout).toContain("v1.20.0rc1");
    expect(text.stdout).toMatch(/PyPI \(widget\) +1\.20\.0rc1: 1 file\n/);
    expect(text.stdout).toMatch(new RegExp(`Feedstock candidate PR +#${pr} \\(http[^)]+\\) open, CI none`));
    expect(text.stdout).toMatch(/Partner issues +partner\/app #1 \(http[^)]+\) open/);
    expect(text.stdout).toMatch(/RC1 tagged +2026-11-01 12:00/);
    expect(text.stdout).toContain("Next: run the downstream checks against 1.20.0rc1");
    const json = await world.cli(["status", "--version", "1.20.0", "--json"]);
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({ version: "1.20.0", checklist: { number: 1, done: 1 } });
    expect((parsed.facts as { tags: unknown }).tags).toEqual({
      rcs: [{ tag: "v1.20.0rc1", version: "1.20.0rc1", rc: 1 }],
    });
    expect(world.sandbox.requests.slice(mark).filter((q) => q.write)).toEqual([]);
  });

  it("says what to do first when nothing has happened yet", async () => {
    world = await startChecklistWorld();
    const r = await world.cli(["status", "--version", "1.20.0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      checklist: null,
      next: "open the checklist: `release-kit checklist open --version 1.20.0`",
    });
  });

  it("reads the observation the checklist reads: a downstream report a sync recorded shows without the file", async () => {
    world = await startChecklistWorld();
    expect((await world.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
    await cutRc1(world);
    const report = path.join(world.dir, "results.json");
    await writeFile(
      report,
      JSON.stringify({
        baseline: "1.19.0",
        candidate: "1.20.0rc1",
        counts: { "same-test-pass": 2, regressed: 1 },
        downstreams: [],
      }),
    );
    const synced = await world.cli(["checklist", "sync", "--version", "1.20.0", "--downstream-report", report]);
    expect(synced.code, synced.stderr).toBe(0);
    // The checklist's status row, as the issue shows it.
    const checklistRow = /\| Downstream \| (.+?) \|/.exec(world.issueBody())?.[1];
    expect(checklistRow).toMatch(/^1\.20\.0rc1 vs 1\.19\.0: /);
    // The report file is gone (another machine, a later job): status still says what the checklist says.
    await rm(report);
    const status = await world.cli(["status", "--version", "1.20.0"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).not.toContain("no report yet");
    expect(status.stdout).toMatch(
      new RegExp(`^Downstream +${checklistRow!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"),
    );
  });
});
