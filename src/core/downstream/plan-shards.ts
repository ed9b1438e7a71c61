/**
 * Plans the GitHub Actions matrix of a downstream check: the jobs split into shards of balanced expected duration,
 * within GitHub's limit on matrix jobs. Pure.
 */
import { InputError } from "../errors.js";

/**
 * Splits downstream jobs (downstream x platform) into GitHub Actions matrix entries. Each platform's jobs are
 * balanced with longest-processing-time first (LPT): sort by expected duration, give each job to the least loaded
 * shard. Graham's bound: LPT's makespan is at most (4/3 - 1/(3m)) of the optimum.
 */

/** GitHub rejects a matrix with more than 256 jobs. */
export const MAX_MATRIX_JOBS = 256;

/** One job: a downstream on one runner label. */
export interface DownstreamJob {
  readonly name: string;
  readonly platform: string;
}

/** One matrix entry: what one shard job runs, on which runner. */
export interface ShardEntry {
  /** The value to pass to `downstream run --shard`: `I/N`. */
  readonly shard: string;
  /** 1-based index of this entry. */
  readonly index: number;
  /** Runner label for `runs-on`. */
  readonly platform: string;
  /** Downstream names, longest first. */
  readonly jobs: readonly string[];
  /** Expected seconds, the sum of the jobs' durations. */
  readonly expectedSeconds: number;
}

/** The plan: `include` is the matrix GitHub reads. */
export interface ShardPlan {
  readonly include: readonly ShardEntry[];
  /** Expected seconds of the longest shard. */
  readonly makespanSeconds: number;
  /** The shard count asked for, which `run --shard I/N` must repeat to find the same plan. */
  readonly requestedShards: number;
}

/** Durations of earlier runs: `{ "<downstream name>": seconds }`; `name@platform` keys win over `name`. */
export type Durations = Readonly<Record<string, number>>;

/** Expected seconds of each job: its known duration, else the median of the known ones, else 1. */
export function expectedDurations(jobs: readonly DownstreamJob[], durations: Durations): number[] {
  const known = (job: DownstreamJob): number | undefined => {
    const value = durations[`${job.name}@${job.platform}`] ?? durations[job.name];
    return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const values = jobs.map(known);
  const fallback = median(values.filter((v): v is number => v !== undefined)) ?? 1;
  return values.map((v) => v ?? fallback);
}

/** Plans `shards` matrix entries over `jobs` (at least one per platform, never more than jobs or 256). */
export function planShards(jobs: readonly DownstreamJob[], shards: number, durations: Durations = {}): ShardPlan {
  const requestedShards = Math.max(1, Math.floor(shards));
  const expected = expectedDurations(jobs, durations);
  const byPlatform = new Map<string, { name: string; seconds: number }[]>();
  jobs.forEach((job, i) => {
    const list = byPlatform.get(job.platform) ?? [];
    list.push({ name: job.name, seconds: expected[i] ?? 1 });
    byPlatform.set(job.platform, list);
  });
  const platforms = [...byPlatform.keys()].sort();
  if (platforms.length > MAX_MATRIX_JOBS) {
    throw new InputError(
      `downstream jobs use ${platforms.length} platforms; a matrix holds at most ${MAX_MATRIX_JOBS} jobs: use fewer platforms`,
    );
  }
  const counts = allocateShards(
    platforms.map((p) => byPlatform.get(p) ?? []),
    Math.min(requestedShards, MAX_MATRIX_JOBS),
  );
  const entries: Omit<ShardEntry, "shard" | "index">[] = [];
  platforms.forEach((platform, p) => {
    const bins = scheduleLongestFirst(byPlatform.get(platform) ?? [], counts[p] ?? 1);
    for (const bin of bins) entries.push({ platform, jobs: bin.jobs, expectedSeconds: bin.seconds });
  });
  const include = entries.map((e, i) => ({ shard: `${i + 1}/${requestedShards}`, index: i + 1, ...e }));
  return { include, makespanSeconds: Math.max(0, ...include.map((e) => e.expectedSeconds)), requestedShards };
}

/** Assigns jobs to `bins` bins longest first, each to the least loaded bin; bins that stay empty are dropped. */
export function scheduleLongestFirst(
  jobs: readonly { name: string; seconds: number }[],
  bins: number,
): { jobs: string[]; seconds: number }[] {
  const sorted = [...jobs].sort((a, b) => b.seconds - a.seconds || a.name.localeCompare(b.name));
  const result = Array.from({ length: Math.max(1, bins) }, () => ({ jobs: [] as string[], seconds: 0 }));
  for (const job of sorted) {
    let target = result[0]!;
    for (const bin of result) if (bin.seconds < target.seconds) target = bin;
    target.jobs.push(job.name);
    target.seconds += job.seconds;
  }
  return result.filter((bin) => bin.jobs.length > 0);
}

// Gives each platform one shard, then each further shard to the platform whose estimated makespan is largest and
// which still has more jobs than shards. More platforms than shards still get one each: a job cannot change runner.
function allocateShards(platforms: readonly (readonly { seconds: number }[])[], shards: number): number[] {
  const counts = platforms.map(() => 1);
  const estimate = (p: number): number => {
    const list = platforms[p] ?? [];
    const total = list.reduce((s, j) => s + j.seconds, 0);
    return Math.max(total / (counts[p] ?? 1), ...list.map((j) => j.seconds));
  };
  let left = Math.min(shards, MAX_MATRIX_JOBS) - counts.length;
  while (left > 0) {
    let best = -1;
    for (let p = 0; p < platforms.length; p++) {
      if ((counts[p] ?? 0) >= (platforms[p]?.length ?? 0)) continue;
      if (best === -1 || estimate(p) > estimate(best)) best = p;
    }
    if (best === -1) break;
    counts[best] = (counts[best] ?? 0) + 1;
    left--;
  }
  return counts;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
