/**
 * The README's first command: `npx release-kit demo` tells the whole release of the sample project. In-process
 * for the story's facts, and once through the committed bundle as a new user runs it.
 */
import { execa } from "execa";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../src/demo/run-demo.js";
import { recordCapturedLog } from "../helpers/captured-logs.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("release-kit demo", () => {
  it("runs the whole release: checklist, rc1, feedstock PR, a downstream regression, the fix, rc2 green, final carrying the rc recipe fix, lessons, status", async () => {
    const lines: string[] = [];
    const result = await runDemo({ keepServing: false, keep: true, print: (l) => lines.push(l) });
    recordCapturedLog("demo", lines.join("\n"));
    expect(result.chapters.map((c) => c.title)).toEqual([
      "Release checklist opened",
      "Release candidate 1.20.0rc1 cut",
      "conda-forge feedstock PR for 1.20.0rc1",
      "Downstream checks: 1.20.0rc1 against 1.19.0",
      "A fix on rel-1.20.0, then 1.20.0rc2",
      "Final release 1.20.0",
      "Lessons collected",
      "Checklist and status",
      "Where to look",
    ]);
    expect(result.downstream.rc1["abi-user"]).toBe("regressed");
    expect(Object.values(result.downstream.rc2)).not.toContain("regressed");
    // The dependent feedstock on conda-forge: linux-64 fails against rc1 (the hidden symbol), every platform green on rc2.
    expect(result.dependents.rc1).toEqual({
      "linux-64": "regressed",
      "osx-arm64": "same-test-pass",
      "win-64": "same-test-pass",
    });
    expect(result.dependents.rc2).toEqual({
      "linux-64": "same-test-pass",
      "osx-arm64": "same-test-pass",
      "win-64": "same-test-pass",
    });
    expect(result.finalPrBody).toMatch(/ninja/);
    // Every keyed step the story took is ticked (the candidate's feedstock PR, closed once the final's superseded it,
    // and the bump, which the branch no longer names after the final, included).
    expect(result.unticked).toEqual([]);
    expect(result.checklist.done).toBeGreaterThanOrEqual(15);
    // The status reads what the checklist recorded: the downstream report, without being given the file.
    const status = result.chapters.find((c) => c.title === "Checklist and status")!.lines;
    expect(status.find((l) => l.startsWith("Downstream: "))).toMatch(/^Downstream: 1\.20\.0rc2 vs 1\.19\.0: /);
    // The work directory is named at the start and, with keep, left in place.
    expect(lines[1]).toBe(`work directory: ${result.workDir} (downloads, builds, reports; kept)`);
    expect(existsSync(path.join(result.workDir, "downstream-rc2", "report", "results.json"))).toBe(true);
    rmSync(result.workDir, { recursive: true, force: true });
    // How long the story takes is a figure for `npm run bench`, not a pass/fail line here: the whole release runs
    // real git and servers, so the limit below only keeps a hung demo from blocking the suite.
  }, 240_000);

  it("works as the README says: `npx release-kit demo --exit` through the committed bundle", async () => {
    const run = await execa(process.execPath, [path.join(root, "bin/release-kit.js"), "demo", "--exit"], {
      cwd: root,
      reject: false,
      all: true,
    });
    recordCapturedLog("bin/release-kit.js demo", run.all ?? "");
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toContain("Final release 1.20.0");
    expect(run.stdout).toMatch(/git clone http:\/\/127\.0\.0\.1:\d+\/acme\/widget\.git/);
  }, 240_000);
});
