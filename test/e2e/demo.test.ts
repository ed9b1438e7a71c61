/**
 * The README's first command: `npx release-kit demo` tells the whole release of the sample project. In-process
 * for the story's facts, and once through the committed bundle as a new user runs it.
 */
import { execa } from "execa";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../src/demo/run-demo.js";
import { recordCapturedLog } from "../helpers/captured-logs.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("release-kit demo", () => {
  it("runs the whole release: checklist, rc1, feedstock PR, a downstream regression, the fix, rc2 green, final carrying the rc recipe fix, lessons, status", async () => {
    const lines: string[] = [];
    const result = await runDemo({ keepServing: false, print: (l) => lines.push(l) });
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
    expect(result.checklist.done).toBeGreaterThanOrEqual(10);
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
