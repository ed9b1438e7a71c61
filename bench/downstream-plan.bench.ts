/**
 * Downstream benchmark: how close the shard plan comes to the lower bound max(longest job, total / shards) on a
 * synthetic suite of 40 jobs and 8 shards (goal <= 1.05), against listing order, and the speedup of in-job
 * concurrency on sleep jobs. The lead's bench runner calls `runDownstreamPlanBenchmark`.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { planShards } from "../src/core/downstream/plan-shards.js";
import { runWithConcurrency } from "../src/flows/downstream/run-with-concurrency.js";

/**
 * Deterministic pseudo-random durations (a linear congruential generator), skewed like real suites: a few long
 * builds (PyTorch-like) and many short ones, in seconds. Also the suite of the baseline-cache benchmark.
 */
export function syntheticDurations(count: number): number[] {
  let state = 20240607;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Array.from({ length: count }, () => Math.round(60 + 3600 * next() ** 3));
}

/** Returns the figures: plan ratio to the bound, listing-order ratios, and the concurrency speedup. */
export async function runDownstreamPlanBenchmark(): Promise<Record<string, number>> {
  const shards = 8;
  const seconds = syntheticDurations(40);
  const jobs = seconds.map((_, i) => ({ name: `downstream-${String(i).padStart(2, "0")}`, platform: "ubuntu-latest" }));
  const durations = Object.fromEntries(jobs.map((j, i) => [j.name, seconds[i] ?? 0]));
  const total = seconds.reduce((s, x) => s + x, 0);
  const bound = Math.max(...seconds, total / shards);
  const plan = planShards(jobs, shards, durations);

  // Listing order, two ways: contiguous chunks of the list, and greedy assignment without sorting.
  const chunk = Math.ceil(seconds.length / shards);
  const chunks = Array.from({ length: shards }, (_, s) =>
    seconds.slice(s * chunk, (s + 1) * chunk).reduce((a, b) => a + b, 0),
  );
  const greedy = new Array<number>(shards).fill(0);
  for (const x of seconds) {
    const i = greedy.indexOf(Math.min(...greedy));
    greedy[i] = (greedy[i] ?? 0) + x;
  }

  // In-job concurrency: 8 jobs that each wait 200 ms, one at a time and four at a time.
  const sleepJobs = Array.from({ length: 8 }, (_, i) => i);
  const time = async (limit: number): Promise<number> => {
    const start = performance.now();
    await runWithConcurrency(sleepJobs, limit, () => sleep(200));
    return performance.now() - start;
  };
  const serialMs = await time(1);
  const parallelMs = await time(4);

  return {
    "downstream.plan.jobs": jobs.length,
    "downstream.plan.shards": plan.include.length,
    "downstream.plan.lower_bound_s": Math.round(bound),
    "downstream.plan.makespan_s": Math.round(plan.makespanSeconds),
    "downstream.plan.makespan_over_bound": round3(plan.makespanSeconds / bound),
    "downstream.plan.listing_chunks_over_bound": round3(Math.max(...chunks) / bound),
    "downstream.plan.listing_greedy_over_bound": round3(Math.max(...greedy) / bound),
    "downstream.concurrency.serial_ms": Math.round(serialMs),
    "downstream.concurrency.parallel4_ms": Math.round(parallelMs),
    "downstream.concurrency.speedup": round3(serialMs / parallelMs),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
