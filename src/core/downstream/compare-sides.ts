/** Puts one downstream job into a crater category from the runs of its baseline and candidate sides. Pure. */
import { isPassing, isSpurious, type Category, type DownstreamRun, type SideResult } from "./outcomes.js";

/** Whether the runs of one side disagree with each other. */
export function sideDisagrees(runs: readonly DownstreamRun[]): boolean {
  return new Set(runs.map((r) => r.result)).size > 1;
}

// How far a side got: comparing ranks tells a regression (the candidate got less far) from a fix.
const RANK: Partial<Record<SideResult, number>> = {
  "build-fail": 0,
  "test-fail": 1,
  "test-pass": 2,
  "test-skipped": 2,
};

/**
 * The crater category of one downstream from all its runs. Flaky wins over everything a comparison would say, so a
 * downstream whose runs disagree is never reported as regressed.
 */
export function compareSides(runs: readonly DownstreamRun[]): Category {
  const baseline = runs.filter((r) => r.side === "baseline");
  const candidate = runs.filter((r) => r.side === "candidate");
  const b = baseline[0];
  const c = candidate[0];
  if (b === undefined || c === undefined) return "unknown";
  if (sideDisagrees(baseline) || sideDisagrees(candidate)) return "flaky";
  const results = [b.result, c.result];
  if (results.includes("pending")) return "pending";
  if (results.includes("skipped")) return "skipped";
  if (results.includes("error")) return "error";
  if (results.includes("broken")) return "broken";
  if (results.includes("prepare-fail")) return "prepare-fail";
  const rb = RANK[b.result];
  const rc = RANK[c.result];
  if (rb === undefined || rc === undefined) return "unknown";
  if (rc < rb) return candidate.some(isSpurious) ? "spurious-regressed" : "regressed";
  if (rc > rb) return baseline.some(isSpurious) ? "spurious-fixed" : "fixed";
  if (isPassing(c.result)) return "same-test-pass";
  return c.result === "build-fail" ? "same-build-fail" : "same-test-fail";
}
