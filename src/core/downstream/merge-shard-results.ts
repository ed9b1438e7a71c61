/**
 * Merges the shards' results of a downstream check into the report `downstream report` writes, with the retry list
 * and the durations the next plan balances its shards by. Pure.
 */
import { InputError } from "../errors.js";
import { CATEGORIES, type Category } from "./outcomes.js";
import type { DownstreamJobResult, DownstreamReport, RetryEntry, ShardResults } from "./shard-results.js";

/** Categories worth running again: real or suspected regressions and setups that did not get far enough. */
export const RETRY_CATEGORIES: ReadonlySet<Category> = new Set([
  "regressed",
  "spurious-regressed",
  "spurious-fixed",
  "prepare-fail",
]);

/**
 * Merges shard results into one report. A job present in several shards (a re-run with `--only`) keeps its last
 * occurrence, so passing the re-run directory after the original one replaces the earlier result.
 */
export function mergeShardResults(shards: readonly ShardResults[]): DownstreamReport {
  // The dependents' builds on conda-forge compare with each dependent's default branch, not with a version: they
  // only need the same candidate, and give the report its baseline only when nothing else does.
  const first = shards.find((s) => s.source === undefined) ?? shards[0];
  if (first === undefined)
    throw new InputError("no shard results found: pass the directories `downstream run --out` wrote");
  const byJob = new Map<string, DownstreamJobResult>();
  for (const shard of shards) {
    if (shard.source === "conda-forge" && shard.candidate !== first.candidate) {
      throw new InputError(
        `the conda-forge dependents' results are for ${shard.candidate}, shard ${first.shard} for ${first.candidate}: read them again with \`conda-forge dependents --results --version ${first.candidate}\``,
      );
    }
    if (shard.source === undefined && (shard.baseline !== first.baseline || shard.candidate !== first.candidate)) {
      throw new InputError(
        `shard ${shard.shard} compared ${shard.baseline} with ${shard.candidate}, shard ${first.shard} ${first.baseline} with ${first.candidate}: merge results of one comparison only`,
      );
    }
    for (const job of shard.downstreams) {
      const key = `${job.name}@${job.platform}`;
      byJob.delete(key);
      byJob.set(key, job);
    }
  }
  const downstreams = [...byJob.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.platform.localeCompare(b.platform),
  );
  return {
    baseline: first.baseline,
    candidate: first.candidate,
    ...(shards.some((s) => s.calibrate) ? { calibrate: true } : {}),
    counts: countCategories(downstreams),
    downstreams,
  };
}

/** How many jobs fell in each category, in report order, categories with none left out. */
export function countCategories(jobs: readonly DownstreamJobResult[]): Partial<Record<Category, number>> {
  const counts: Partial<Record<Category, number>> = {};
  for (const category of CATEGORIES) {
    const n = jobs.filter((j) => j.category === category).length;
    if (n > 0) counts[category] = n;
  }
  return counts;
}

/** The jobs to run again: regressed, spurious and prepare-fail. */
export function buildRetryList(report: DownstreamReport): RetryEntry[] {
  // conda-forge's CI runs the dependents' builds; `downstream run --only` cannot run them again.
  return report.downstreams
    .filter((j) => RETRY_CATEGORIES.has(j.category) && j.source === undefined)
    .map((j) => ({ name: j.name, platform: j.platform, category: j.category }));
}

/**
 * Seconds each downstream took, for the next plan: the sum of its runs on a platform, the slowest platform counted
 * (the plan looks a job up by `name@platform` first, then by `name`).
 */
export function buildDurations(report: DownstreamReport): Record<string, number> {
  const durations: Record<string, number> = {};
  for (const job of report.downstreams.filter((j) => j.source === undefined)) {
    const seconds = Math.round(job.runs.reduce((s, r) => s + r.durationSeconds, 0) * 10) / 10;
    durations[job.name] = Math.max(durations[job.name] ?? 0, seconds);
  }
  return durations;
}

/** The jobs in `failOn` categories, quiet downstreams left out: a non-empty list means exit 1. */
export function findFailingJobs(report: DownstreamReport, failOn: readonly Category[]): DownstreamJobResult[] {
  const set = new Set(failOn);
  return report.downstreams.filter((j) => set.has(j.category) && j.quiet === undefined);
}
