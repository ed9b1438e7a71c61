/**
 * The gates before a final (`final.gates`), against the sandbox: regressions in the candidate's downstream report,
 * its files missing on the index, its feedstock PR not green, partner issues not answered. Each as `error` (the final
 * is refused, one line per gate, nothing written), as `warn` (the final is released with a warning line per gate),
 * and passing; unconfigured gates skip, a missing report is "unknown".
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  checklistConfig,
  cutRc1,
  greenCi,
  notifyPartner,
  openFeedstockPr,
  startChecklistWorld,
  type ChecklistWorld,
} from "./checklist-world.js";
import { startWidgetWorld, widgetConfig, type WidgetWorld } from "../helpers/widget-project.js";

let world: ChecklistWorld | undefined;
let widget: WidgetWorld | undefined;
afterEach(async () => {
  if (world) expect(world.sandbox.violations).toEqual([]);
  await world?.stop();
  await widget?.sandbox.stop();
  world = undefined;
  widget = undefined;
});

type Level = "error" | "warn" | "off";

/** The checklist world's config with a downstream project and every gate at `level` (release blockers stay on). */
function gatedConfig(level: Level): string {
  return `${checklistConfig}downstream:
  - name: app
    repo: partner/app
    test: [python, -m, pytest]
final:
  gates:
    downstream-regressions: ${level}
    candidate-files: ${level}
    feedstock-ci: ${level}
    partner-issues: ${level}
`;
}

/** A downstream report (results.json) of `candidate` with `regressed` regressions. */
async function writeReport(w: ChecklistWorld, candidate: string, regressed: number): Promise<string> {
  const file = path.join(w.dir, `results-${candidate}-${regressed}.json`);
  const report = {
    candidate,
    baseline: "1.19.0",
    counts: { regressed, "same-test-pass": 3 },
    downstreams: [],
  };
  await writeFile(file, JSON.stringify(report));
  return file;
}

/**
 * rc1 cut, and everything a final's gates look at gone wrong: the checklist remembers a report with 2 regressions, no
 * file on the index, the feedstock PR's CI failing, the partner issue open with only release-kit's own comment.
 */
async function troubledRelease(w: ChecklistWorld): Promise<{ pr: number }> {
  expect((await w.cli(["checklist", "open", "--version", "1.20.0"])).code).toBe(0);
  await cutRc1(w);
  const report = await writeReport(w, "1.20.0rc1", 2);
  const sync = await w.cli(["checklist", "sync", "--version", "1.20.0", "--downstream-report", report]);
  expect(sync.code, sync.stderr).toBe(0);
  const pr = await openFeedstockPr(w);
  const feedstock = { owner: "conda-forge", repo: "widget-feedstock" };
  const head = (await w.client().rest.pulls.get({ ...feedstock, pull_number: pr })).data.head.sha;
  await w.client("t-feedstock").rest.checks.create({
    ...feedstock,
    name: "linux_64",
    head_sha: head,
    status: "completed",
    conclusion: "failure",
    completed_at: "2026-11-01T13:00:00Z",
  });
  await notifyPartner(w);
  // release-kit's own follow-up is not an answer.
  await w.client().rest.issues.createComment({ owner: "partner", repo: "app", issue_number: 1, body: "rc1 is out" });
  return { pr };
}

function tagExists(w: ChecklistWorld, tag: string): boolean {
  return w.sandbox.state.data.releases.some((r) => r.tagName === tag);
}

describe("gates before the final", () => {
  it("as error: refuses the final with one line per failing gate and writes nothing", async () => {
    const w = (world = await startChecklistWorld({ config: gatedConfig("error") }));
    const { pr } = await troubledRelease(w);

    const mark = w.sandbox.requests.length;
    const refused = await w.cli(["final", "--version", "1.20.0", "--run-id", "2"]);
    expect(refused.code).toBe(1);
    const out = refused.stdout + refused.stderr;
    expect(out).toMatch(
      /fail\s+downstream regressions: 2 downstream project\(s\) regressed with 1\.20\.0rc1 against 1\.19\.0 \(checklist #1\): fix them/,
    );
    expect(out).toMatch(
      /fail\s+candidate files: widget 1\.20\.0rc1 has no file on http:\/\/[^ ]+: publish the candidate first \(release-kit publish --tag v1\.20\.0rc1\)/,
    );
    expect(out).toMatch(
      new RegExp(
        `fail\\s+feedstock CI: conda-forge/widget-feedstock#${pr} \\(1\\.20\\.0rc1\\) CI failed: linux_64 \\(failure\\)`,
      ),
    );
    expect(out).toMatch(/fail\s+partner issues: not answered: partner\/app#1: wait for the partners' answer/);
    expect(refused.stderr).toContain(
      "release-kit: pre-flight failed, nothing was written: 4 checks failed (downstream regressions, candidate files, feedstock CI, partner issues), each on its line above",
    );
    // Nothing written: no commit, branch move, tag or release.
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);
    expect(tagExists(w, "v1.20.0")).toBe(false);
    expect(await w.sandbox.git.readRef("acme/widget", "refs/tags/v1.20.0")).toBeUndefined();

    // Each gate alone refuses it too: only that gate at error, the others off.
    const checks: Record<string, string> = {
      "downstream-regressions": "downstream regressions",
      "candidate-files": "candidate files",
      "feedstock-ci": "feedstock CI",
      "partner-issues": "partner issues",
    };
    for (const key of Object.keys(checks)) {
      const levels = Object.keys(checks)
        .map((k) => `    ${k}: ${k === key ? "error" : "off"}`)
        .join("\n");
      await writeFile(
        path.join(w.dir, "release-kit.yml"),
        `${gatedConfig("off").split("final:")[0]}final:\n  gates:\n${levels}\n`,
      );
      const at = w.sandbox.requests.length;
      const alone = await w.cli(["final", "--version", "1.20.0", "--run-id", "2"]);
      expect(alone.code, key).toBe(1);
      // One failing check: its line is the one error line, said once.
      const failing = alone.stderr.split("\n").filter((l) => /^\s*fail\s|^release-kit:/.test(l));
      expect(failing, key).toEqual([
        expect.stringContaining(`release-kit: pre-flight failed, nothing was written: ${checks[key]}: `),
      ]);
      expect(w.sandbox.appliedWrites(at), key).toEqual([]);
    }
    expect(tagExists(w, "v1.20.0")).toBe(false);
  });

  it("as warn: releases the final and prints a warning line per gate", async () => {
    const w = (world = await startChecklistWorld({ config: gatedConfig("warn") }));
    await troubledRelease(w);

    const released = await w.cli(["final", "--version", "1.20.0", "--run-id", "2"]);
    expect(released.code, released.stderr).toBe(0);
    for (const gate of ["downstream-regressions", "candidate-files", "feedstock-ci", "partner-issues"])
      expect(released.stdout).toMatch(new RegExp(`warn\\s+[a-zA-Z ]+: .*\\(final\\.gates\\.${gate}: warn\\)`));
    expect(released.stdout).toMatch(/warn\s+downstream regressions: 2 downstream project\(s\) regressed/);
    // Also a warning of the run (an annotation on Actions), not only a line of the report.
    expect(released.stderr).toMatch(
      /warning: feedstock CI: conda-forge\/widget-feedstock#\d+ \(1\.20\.0rc1\) CI failed/,
    );
    expect(tagExists(w, "v1.20.0")).toBe(true);
  });

  it("passes once the candidate is clean, and says what it read; a rerun of the tagged final gates nothing", async () => {
    const w = (world = await startChecklistWorld({ config: gatedConfig("error") }));
    await cutRc1(w);
    w.publish("1.20.0rc1", "widget-1.20.0rc1.tar.gz");
    const pr = await openFeedstockPr(w);
    await greenCi(w, pr);
    await notifyPartner(w);
    await w.client("t-outsider").rest.issues.createComment({
      owner: "partner",
      repo: "app",
      issue_number: 1,
      body: "Tested rc1 with app, all good.",
    });
    const report = await writeReport(w, "1.20.0rc1", 0);

    // The same final with every gate off reads less: the difference is what the gates cost.
    const configFile = path.join(w.dir, "release-kit.yml");
    await writeFile(configFile, gatedConfig("off"));
    const before = w.sandbox.requests.length;
    const off = await w.cli(["final", "--version", "1.20.0", "--dry-run", "--downstream-report", report]);
    expect(off.code, off.stderr).toBe(0);
    const offRequests = w.sandbox.requests.slice(before).map((q) => `${q.method} ${q.path}`);
    await writeFile(configFile, gatedConfig("error"));
    const mark = w.sandbox.requests.length;
    const dry = await w.cli(["final", "--version", "1.20.0", "--dry-run", "--json", "--downstream-report", report]);
    expect(dry.code, dry.stderr).toBe(0);
    const onRequests = w.sandbox.requests.slice(mark).map((q) => `${q.method} ${q.path}`);
    // What the gates added: 1 index read, 1 feedstock PR list, 2 CI reads of its head, 1 partner issue list, 1 comment
    // list (the report is a file here; from the checklist it is 1 more).
    const added = [...onRequests];
    for (const r of offRequests) added.splice(added.indexOf(r), 1);
    expect(added.map((r) => r.replace(/[0-9a-f]{40}/, "SHA"))).toEqual([
      "GET /pypi-index/pypi/widget/1.20.0rc1/json",
      "GET /repos/conda-forge/widget-feedstock/pulls",
      "GET /repos/conda-forge/widget-feedstock/commits/SHA/check-runs",
      "GET /repos/conda-forge/widget-feedstock/commits/SHA/status",
      "GET /repos/partner/app/issues",
      "GET /repos/partner/app/issues/1/comments",
    ]);
    const preflight = (JSON.parse(dry.stdout) as { preflight: { check: string; status: string; detail: string }[] })
      .preflight;
    const line = (check: string) => preflight.find((p) => p.check === check);
    expect(line("downstream regressions")).toMatchObject({ status: "pass" });
    expect(line("downstream regressions")?.detail).toContain("no regression in the report of 1.20.0rc1 against 1.19.0");
    expect(line("candidate files")).toMatchObject({ status: "pass" });
    expect(line("candidate files")?.detail).toContain("widget 1.20.0rc1: 1 file(s) on http://");
    expect(line("feedstock CI")).toEqual({
      check: "feedstock CI",
      status: "pass",
      detail: `conda-forge/widget-feedstock#${pr} (1.20.0rc1) is open, CI green`,
    });
    expect(line("partner issues")).toEqual({
      check: "partner issues",
      status: "pass",
      detail: "partner/app#1 answered by outsider",
    });

    const released = await w.cli(["final", "--version", "1.20.0", "--run-id", "2", "--downstream-report", report]);
    expect(released.code, released.stderr).toBe(0);
    expect(tagExists(w, "v1.20.0")).toBe(true);
    const rerun = await w.cli(["final", "--version", "1.20.0", "--run-id", "2"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/skip\s+feedstock CI: the final is tagged already \(v1\.20\.0\): nothing to gate/);
  });

  it("a merged feedstock PR passes; a missing report, PR and partner issue are unknown: warnings even at error", async () => {
    const w = (world = await startChecklistWorld({ config: gatedConfig("error") }));
    await cutRc1(w);
    w.publish("1.20.0rc1", "widget-1.20.0rc1.whl");
    const dry = await w.cli(["final", "--version", "1.20.0", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /warn\s+downstream regressions: unknown: no downstream report in the checklist \(no issue titled "Release 1\.20\.0"\): run the downstream checks against 1\.20\.0rc1/,
    );
    expect(dry.stdout).toMatch(
      /warn\s+feedstock CI: unknown: no feedstock PR of 1\.20\.0rc1 on conda-forge\/widget-feedstock \(branch release-kit\/widget-1\.20\.0rc1\)/,
    );
    expect(dry.stdout).toMatch(/warn\s+partner issues: unknown: partner\/app has no issue of this release/);
    expect(dry.stdout).toMatch(/pass\s+candidate files: widget 1\.20\.0rc1: 1 file\(s\)/);

    // A report of an older candidate is no report of this one.
    expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "3", "--next"])).code).toBe(0);
    w.publish("1.20.0rc2", "widget-1.20.0rc2.whl");
    const old = await writeReport(w, "1.20.0rc1", 0);
    const pr = await openFeedstockPr(w, "1.20.0rc2");
    await w.client("t-feedstock").rest.pulls.merge({ owner: "conda-forge", repo: "widget-feedstock", pull_number: pr });
    const again = await w.cli(["final", "--version", "1.20.0", "--dry-run", "--downstream-report", old]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      /warn\s+downstream regressions: unknown: the last downstream report \(--downstream-report [^)]+\) is of 1\.20\.0rc1, not of 1\.20\.0rc2/,
    );
    expect(again.stdout).toMatch(
      new RegExp(`pass\\s+feedstock CI: conda-forge/widget-feedstock#${pr} \\(1\\.20\\.0rc2\\) is merged`),
    );
  });

  it("gates a project does not configure say so; off gates skip; --no-rc has no candidate to look at", async () => {
    const w = (widget = await startWidgetWorld());
    expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const dry = await w.cli(["final", "--version", "1.20.0", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /skip\s+downstream regressions: not configured \(downstream or conda-forge\.dependents\)/,
    );
    expect(dry.stdout).toMatch(/skip\s+candidate files: not configured \(pypi\)/);
    expect(dry.stdout).toMatch(/skip\s+feedstock CI: not configured \(conda-forge\)/);
    expect(dry.stdout).toMatch(/skip\s+partner issues: not configured \(partners\)/);

    // (A feedstock and a partner this sandbox does not hold: their gates read nothing and say so.)
    await writeFile(
      w.configPath,
      `${widgetConfig}pypi:\n  package: widget\nconda-forge:\n  feedstock: conda-forge/gizmo-feedstock\npartners: [partner/app]\nfinal:\n  gates:\n    candidate-files: off\n`,
    );
    const off = await w.cli(["final", "--version", "1.20.0", "--dry-run", "--json"]);
    expect(off.code, off.stderr).toBe(0);
    const preflight = (JSON.parse(off.stdout) as { preflight: { check: string; status: string; detail: string }[] })
      .preflight;
    expect(preflight.find((p) => p.check === "candidate files")).toEqual({
      check: "candidate files",
      status: "skip",
      detail: "off (final.gates.candidate-files)",
    });
    expect(preflight.find((p) => p.check === "partner issues")).toEqual({
      check: "partner issues",
      status: "warn",
      detail:
        "unknown: partner/app could not be read (not found, or the token cannot see it) (final.gates.partner-issues: warn)",
    });

    const noRc = await w.cli(["final", "--version", "1.21.0", "--dry-run", "--no-rc"]);
    expect(noRc.code, noRc.stderr).toBe(0);
    expect(noRc.stdout).toMatch(
      /skip\s+feedstock CI: no candidate of 1\.21\.0 is tagged \(--no-rc\): nothing to look at/,
    );
  });
});
