/**
 * The downstream runner on fixture projects in real git repositories: each fixture in its crater category (golden
 * results.json), failure only on a regression, whole logs, the retry list and the summary.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DownstreamReport } from "../../src/core/downstream/shard-results.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { runShard } from "../../src/flows/downstream/run-shard.js";
import { writeReport, type ReportOutcome } from "../../src/flows/downstream/write-report.js";
import { loadDownstreamSettings } from "../helpers/downstream-settings.js";

const fixtures = join(import.meta.dirname, "../fixtures/downstream");
const OUTCOMES = ["pass", "regress", "fix", "build-fail", "test-fail", "flaky", "timeout", "broken"] as const;

// Each fixture folder becomes a one-commit git repository, cloned fresh by every run like a real downstream.
function makeRepo(root: string, outcome: string): string {
  const dir = join(root, "repos", outcome);
  cpSync(join(fixtures, outcome), dir, { recursive: true });
  const git = (...args: string[]): void => {
    execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  };
  git("init", "--quiet", "--initial-branch=main");
  git("add", ".");
  git("-c", "user.name=Fixture", "-c", "user.email=fixture@example.com", "commit", "--quiet", "-m", "fixture");
  return dir;
}

// Durations and absolute temp paths change from run to run; tails hold git and timing noise.
function normalize(report: DownstreamReport): unknown {
  return {
    ...report,
    downstreams: report.downstreams.map((job) => ({
      ...job,
      runs: job.runs.map(({ tail: _tail, durationSeconds: _d, ...run }) => run),
    })),
  };
}

describe("downstream runner on fixture projects", () => {
  let root: string;
  let outcome: ReportOutcome;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "rk-downstream-"));
    const entries = OUTCOMES.map((name) => ({
      name,
      path: makeRepo(root, name),
      ...(name === "broken" ? { ref: "no-such-ref" } : {}),
      platforms: ["local"],
      build: ["node", "build.mjs"],
      test: ["node", "test.mjs"],
      ...(name === "flaky" ? { env: { FLAKY_STATE: join(root, "flaky-count") } } : {}),
      "timeout-minutes": 5,
    }));
    // 4.2 s: the timeout fixture hangs on the candidate; a node start takes up to a second on a busy machine.
    const settings = await loadDownstreamSettings(
      entries,
      { retries: 2, concurrency: 2 },
      { timeout: { timeoutMinutes: { test: 0.07 } } },
    );
    for (const index of [1, 2]) {
      await runShard(settings, {
        shard: { index, of: 2 },
        outDir: join(root, `shard-${index}`),
        workDir: join(root, "work"),
        baseline: { version: "1.0.0" },
        candidate: { version: "2.0.0rc1" },
        env: process.env,
        logger,
      });
    }
    outcome = await writeReport([join(root, "shard-1"), join(root, "shard-2")], join(root, "report"), {
      failOn: ["regressed"],
    });
  }, 120_000);

  afterAll(() => {
    if (process.env["RK_KEEP"]) return;
    rmSync(root, { recursive: true, force: true });
  });

  it("puts each fixture in its crater category, matching the golden results.json", () => {
    if (process.env["RK_WRITE_GOLDEN"])
      writeFileSync(
        join(fixtures, "golden-results.json"),
        `${JSON.stringify(normalize(JSON.parse(readFileSync(outcome.files.results, "utf8")) as DownstreamReport), null, 2)}\n`,
      );
    const golden = JSON.parse(readFileSync(join(fixtures, "golden-results.json"), "utf8")) as unknown;
    const written = JSON.parse(readFileSync(outcome.files.results, "utf8")) as DownstreamReport;
    expect(normalize(written)).toEqual(golden);
  });

  it("fails on the regression only, never on the flaky or timed-out downstream", () => {
    expect(outcome.failing.map((j) => j.name)).toEqual(["regress"]);
  });

  it("keeps every log whole on disk and its tail in the results", () => {
    const regress = outcome.report.downstreams.find((j) => j.name === "regress");
    const failed = regress?.runs.find((r) => r.side === "candidate");
    expect(failed?.tail).toContain("assertion failed: expected make_model to exist");
    expect(readFileSync(join(root, "report", failed?.log ?? ""), "utf8")).toContain("$ node test.mjs");
  });

  it("writes a retry list, durations for the next plan and a Markdown summary", () => {
    const retry = JSON.parse(readFileSync(outcome.files.retryList, "utf8")) as { name: string }[];
    expect(retry.map((r) => r.name)).toEqual(["regress", "timeout"]);
    const durations = JSON.parse(readFileSync(outcome.files.durations, "utf8")) as Record<string, number>;
    expect(Object.keys(durations).sort()).toEqual([...OUTCOMES].sort());
    expect(durations["timeout"]).toBeGreaterThan(3);
    expect(outcome.markdown).toMatch(/^# Downstream checks: 2\.0\.0rc1 against 1\.0\.0/);
    expect(outcome.markdown).toContain("## Regressed (1)");
    expect(existsSync(join(root, "work"))).toBe(true);
  });
});
