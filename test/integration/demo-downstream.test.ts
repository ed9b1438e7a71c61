/**
 * The demo's downstream chapter: the three sample projects go through the real runner (git clones, processes,
 * retries) and each lands in its category, the same on every run.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RecordingLogger } from "../../src/core/logger.js";
import { DEMO_DOWNSTREAMS, runDemoDownstream } from "../../src/demo/demo-downstream.js";
import { WIDGET_CPP } from "../../src/demo/demo-project.js";

/** A widget source tree whose widget.cpp is `cpp`. */
async function sourceTree(dir: string, cpp: string): Promise<string> {
  await mkdir(path.join(dir, "src"), { recursive: true });
  await writeFile(path.join(dir, "src", "widget.cpp"), cpp);
  return dir;
}

describe("demo downstreams", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("puts steady in same-test-pass, abi-user in regressed (a hidden function) and racy in flaky, twice in a row", async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), "rk-demo-downstream-"));
    dirs.push(workDir);
    const baselineArtifact = await sourceTree(path.join(workDir, "tree-1.19.0"), WIDGET_CPP);
    const candidateArtifact = await sourceTree(
      path.join(workDir, "tree-rc1"),
      WIDGET_CPP.replace("WIDGET_API int widget_abi_version", "WIDGET_INTERNAL int widget_abi_version"),
    );
    const sides = { baseline: "1.19.0", candidate: "1.20.0rc1", baselineArtifact, candidateArtifact };
    const first = await runDemoDownstream({ ...sides, workDir, logger: new RecordingLogger() });
    expect(first.categories).toEqual({ "abi-user": "regressed", racy: "flaky", steady: "same-test-pass" });
    expect(first.categories).toEqual(DEMO_DOWNSTREAMS);

    // The regression is confirmed by retries; the flaky one is never called a regression.
    const byName = new Map(first.report.downstreams.map((d) => [d.name, d]));
    expect(byName.get("abi-user")?.runs.map((r) => `${r.side}:${r.result}`)).toEqual([
      "baseline:test-pass",
      "candidate:test-fail",
      "candidate:test-fail",
      "candidate:test-fail",
      "baseline:test-pass",
    ]);
    expect(byName.get("racy")?.runs.map((r) => `${r.side}:${r.result}`)).toEqual([
      "baseline:test-pass",
      "candidate:test-fail",
      "candidate:test-pass",
      "baseline:test-pass",
    ]);
    expect(first.markdown).toMatch(/## Regressed \(1\)[\s\S]*abi-user[\s\S]*## Flaky \(1\)[\s\S]*racy/);
    expect(first.markdown).toContain("undefined reference to `widget_abi_version'");
    const written = JSON.parse(await readFile(path.join(workDir, "report/results.json"), "utf8")) as {
      counts: Record<string, number>;
    };
    expect(written.counts).toEqual({ regressed: 1, flaky: 1, "same-test-pass": 1 });

    // Same work directory again: the attempt counter starts over, so the story repeats.
    const second = await runDemoDownstream({ ...sides, workDir, logger: new RecordingLogger() });
    expect(second.categories).toEqual(first.categories);
  });

  it("is green once the candidate exports the function again (rc2 after the fix)", async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), "rk-demo-downstream-"));
    dirs.push(workDir);
    const tree = await sourceTree(path.join(workDir, "tree"), WIDGET_CPP);
    const result = await runDemoDownstream({
      baseline: "1.19.0",
      candidate: "1.20.0rc2",
      baselineArtifact: tree,
      candidateArtifact: tree,
      workDir,
      logger: new RecordingLogger(),
    });
    expect(result.categories["abi-user"]).toBe("same-test-pass");
    expect(Object.values(result.categories)).not.toContain("regressed");
  });
});
