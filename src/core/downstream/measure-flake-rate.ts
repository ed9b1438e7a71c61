/** How flaky a downstream is, measured from A/A runs (the same release on both sides). Pure. */
import type { DownstreamRun } from "./outcomes.js";

/**
 * The share of runs that disagree with the most common result, over runs of one version (A/A calibration, where
 * baseline and candidate install the same release): 0 for a stable downstream, up to just under 1.
 */
export function measureFlakeRate(runs: readonly DownstreamRun[]): number {
  if (runs.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.result, (counts.get(run.result) ?? 0) + 1);
  const modal = Math.max(...counts.values());
  return (runs.length - modal) / runs.length;
}
