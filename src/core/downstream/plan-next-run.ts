/**
 * The retry policy of a downstream job: after the runs so far, which side runs next, so a regression is claimed only
 * when it reproduces. Pure.
 */
import { isPassing, type DownstreamRun, type Side, type SideResult } from "./outcomes.js";

/** How many extra runs a downstream gets. */
export interface RetryPolicy {
  /** Extra candidate runs after a failed one (default 2). */
  readonly retries: number;
  /** A/A calibration: both sides use the same version and each runs `1 + retries` times, to measure flakiness. */
  readonly calibrate?: boolean;
}

/**
 * Which side to run next, or undefined when the downstream is done. Crater's rule: a candidate that got less far than the
 * baseline is retried (stopping once a retry passes, since the disagreement already marks it flaky) and the baseline
 * runs once more, so a regression is only claimed when the candidate fails every time and the baseline never does.
 */
export function planNextRun(runs: readonly DownstreamRun[], policy: RetryPolicy): Side | undefined {
  const baseline = runs.filter((r) => r.side === "baseline");
  const candidate = runs.filter((r) => r.side === "candidate");
  if (policy.calibrate) {
    const each = 1 + policy.retries;
    if (baseline.length < each && baseline.length <= candidate.length) return "baseline";
    if (candidate.length < each) return "candidate";
    return undefined;
  }
  if (baseline.length === 0) return "baseline";
  if (candidate.length === 0) return "candidate";
  // Retries only confirm a candidate that got less far than the baseline; the same failure on both sides is no
  // regression, however often it repeats.
  if (progress(candidate[0]) >= progress(baseline[0])) return undefined;
  const everyCandidateFailed = candidate.every((r) => !isPassing(r.result));
  if (everyCandidateFailed && candidate.length < 1 + policy.retries) return "candidate";
  if (baseline.length < 2) return "baseline";
  return undefined;
}

// How far a run got; results that say nothing about the code (skipped) rank highest so they never trigger a retry.
const PROGRESS: Record<SideResult, number> = {
  error: 0,
  broken: 0,
  "prepare-fail": 0,
  "build-fail": 1,
  "test-fail": 2,
  "test-pass": 3,
  "test-skipped": 3,
  skipped: 4,
  // Never produced by a local run; ranked like skipped so it would never trigger a retry.
  pending: 4,
};

function progress(run: DownstreamRun | undefined): number {
  return run === undefined ? 4 : PROGRESS[run.result];
}

/**
 * The runs a job can start together before any of them has a result: the first baseline and the first candidate,
 * which planNextRun asks for one after the other whatever the first one gives. Empty once any run is in (a cached
 * baseline, a first round done): from there each run depends on the ones before, so they go one at a time.
 */
export function openingRuns(runs: readonly DownstreamRun[]): readonly Side[] {
  return runs.length === 0 ? ["baseline", "candidate"] : [];
}
