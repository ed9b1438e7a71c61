/**
 * Baseline-cache benchmark: the job time of rc2 as a share of rc1's on the 40-job synthetic suite of the plan
 * benchmark (goal <= 0.55). Each job is a real downstream run (fresh git clone, a build that sleeps its synthetic
 * duration at 5 ms per second, so a 10-minute build takes 3 s and a clone stays small beside it, as on a runner) through `runShard` with `--baseline-cache`: rc1 finds the cache empty and runs both
 * sides, rc2 finds every baseline and runs only the candidate. The figures are the shard's wall time and the summed
 * time of the runs executed (what a runner bills).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { silentLogger } from "../src/core/logger.js";
import type { ShardResults } from "../src/core/downstream/shard-results.js";
import { runShard } from "../src/flows/downstream/run-shard.js";
import { loadDownstreamSettings } from "../test/helpers/downstream-settings.js";
import { syntheticDurations } from "./downstream-plan.bench.js";

/** Synthetic seconds to real milliseconds. */
const MS_PER_SECOND = 5;

/** Returns rc1 and rc2 wall and summed run times and their ratios. */
export async function runDownstreamBaselineCacheBenchmark(): Promise<Record<string, number>> {
  const root = mkdtempSync(join(tmpdir(), "rk-bench-baseline-"));
  try {
    const repo = join(root, "downstream");
    execFileSync("mkdir", ["-p", repo]);
    writeFileSync(join(repo, "README.md"), "synthetic downstream\n");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
    git("init", "--quiet", "--initial-branch=main");
    git("add", ".");
    git("-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "-m", "bench");
    const seconds = syntheticDurations(40);
    const settings = await loadDownstreamSettings(
      seconds.map((s, i) => ({
        name: `downstream-${String(i).padStart(2, "0")}`,
        path: repo,
        platforms: ["ubuntu-latest"],
        build: ["sleep", ((s * MS_PER_SECOND) / 1000).toFixed(3)],
        // Two jobs of equal duration would share one key (same repository, commit and commands).
        env: { SYNTHETIC_JOB: String(i) },
      })),
      { retries: 2, concurrency: 8 },
    );
    const cache = join(root, "cache");
    // The durations of an earlier report, as `--durations` gives them: the shard starts the longest jobs first.
    const durations = Object.fromEntries(settings.downstreams.map((d, i) => [d.name, seconds[i] ?? 0]));
    const run = async (candidate: string): Promise<{ wallMs: number; runMs: number; baselines: number }> => {
      const started = performance.now();
      const results: ShardResults = await runShard(settings, {
        shard: { index: 1, of: 1 },
        outDir: join(root, candidate),
        workDir: join(root, "work"),
        baseline: { version: "1.19.0" },
        candidate: { version: candidate },
        baselineCache: cache,
        durations,
        env: process.env,
        logger: silentLogger,
      });
      const wallMs = performance.now() - started;
      const executed = results.downstreams.flatMap((j) => j.runs).filter((r) => r.cached === undefined);
      return {
        wallMs,
        runMs: executed.reduce((sum, r) => sum + r.durationSeconds * 1000, 0),
        baselines: executed.filter((r) => r.side === "baseline").length,
      };
    };
    const rc1 = await run("1.20.0rc1");
    const rc2 = await run("1.20.0rc2");
    return {
      "downstream.baseline_cache.jobs": seconds.length,
      "downstream.baseline_cache.rc1_wall_ms": Math.round(rc1.wallMs),
      "downstream.baseline_cache.rc2_wall_ms": Math.round(rc2.wallMs),
      "downstream.baseline_cache.rc2_over_rc1_wall": round3(rc2.wallMs / rc1.wallMs),
      "downstream.baseline_cache.rc1_run_ms": Math.round(rc1.runMs),
      "downstream.baseline_cache.rc2_run_ms": Math.round(rc2.runMs),
      "downstream.baseline_cache.rc2_over_rc1_job_time": round3(rc2.runMs / rc1.runMs),
      "downstream.baseline_cache.rc1_baseline_runs": rc1.baselines,
      "downstream.baseline_cache.rc2_baseline_runs": rc2.baselines,
      "downstream.baseline_cache.goal_share": 0.55,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
