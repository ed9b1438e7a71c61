/**
 * The demo's downstream chapter: the three sample projects go through the real runner (git clones, processes,
 * retries) and each lands in its category, the same on every run.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RecordingLogger } from "../../src/core/logger.js";
import { DEMO_DOWNSTREAMS, runDemoDownstream } from "../../src/demo/demo-downstream.js";

describe("demo downstreams", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("puts steady in same-test-pass, naive-version in regressed and racy in flaky, twice in a row", async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), "rk-demo-downstream-"));
    dirs.push(workDir);
    const first = await runDemoDownstream({
      baseline: "1.19.0",
      candidate: "1.20.0rc1",
      workDir,
      logger: new RecordingLogger(),
    });
    expect(first.categories).toEqual({ "naive-version": "regressed", racy: "flaky", steady: "same-test-pass" });
    expect(first.categories).toEqual(DEMO_DOWNSTREAMS);

    // The regression is confirmed by retries; the flaky one is never called a regression.
    const byName = new Map(first.report.downstreams.map((d) => [d.name, d]));
    expect(byName.get("naive-version")?.runs.map((r) => `${r.side}:${r.result}`)).toEqual([
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
    expect(first.markdown).toMatch(/## Regressed \(1\)[\s\S]*naive-version[\s\S]*## Flaky \(1\)[\s\S]*racy/);
    expect(first.markdown).toContain('cannot parse widget version "1.20.0rc1" as X.Y.Z');
    const written = JSON.parse(await readFile(path.join(workDir, "report/results.json"), "utf8")) as {
      counts: Record<string, number>;
    };
    expect(written.counts).toEqual({ regressed: 1, flaky: 1, "same-test-pass": 1 });

    // Same work directory again: the attempt counter starts over, so the story repeats.
    const second = await runDemoDownstream({
      baseline: "1.19.0",
      candidate: "1.20.0rc1",
      workDir,
      logger: new RecordingLogger(),
    });
    expect(second.categories).toEqual(first.categories);
  });
});
