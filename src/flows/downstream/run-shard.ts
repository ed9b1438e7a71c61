/**
 * `downstream run` for one shard: lists the shard's jobs, runs them a few at a time and writes results-shard-I.json
 * and the logs into the output folder.
 */
import { release, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { makeDirectory, writeText } from "../../adapters/files.js";
import { runnerImage } from "../../core/downstream/baseline-cache-key.js";
import { planShards, type DownstreamJob, type Durations } from "../../core/downstream/plan-shards.js";
import type { ShardResults } from "../../core/downstream/shard-results.js";
import { InputError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { BaselineCache } from "./baseline-cache.js";
import type { DispatchContext } from "./dispatch-side.js";
import { runDownstreamJob, type ComparedSide } from "./run-downstream-job.js";
import { runWithConcurrency } from "./run-with-concurrency.js";
import { RunSlots } from "./run-slots.js";
import { countOf } from "../../core/plural.js";
import type { DownstreamEntry, DownstreamSettings } from "./settings.js";

/** Options of one shard run (`downstream run`). */
export interface ShardRunOptions {
  /** 1-based shard index and the shard count given to `plan`. */
  readonly shard: { readonly index: number; readonly of: number };
  readonly outDir: string;
  /** Parent of the fresh checkouts (default: the system temp directory). */
  readonly workDir?: string;
  readonly baseline: ComparedSide;
  readonly candidate: ComparedSide;
  /** Same durations as the plan, so the shard finds the same jobs. */
  readonly durations?: Durations;
  /** Only these jobs (a `retry-list.json`); a job without platform matches every platform. */
  readonly only?: readonly { readonly name: string; readonly platform?: string }[];
  /** A/A calibration: the candidate is the baseline. */
  readonly calibrate?: boolean;
  /**
   * Directory of reusable baseline results (`--baseline-cache`): a job whose downstream commit, baseline, runner image
   * and commands match a stored result runs only the candidate (and the baseline again only to confirm a failure).
   */
  readonly baselineCache?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** GitHub client for `mode: dispatch` entries (a token that may dispatch their workflows). */
  readonly github?: GitHubClient;
  /**
   * Test-only timing of dispatch mode: a shorter first poll interval, a fake sleep and clock. Production takes the
   * interval from `downstream-check.poll-seconds`, never below 30 s.
   */
  readonly dispatchTiming?: Partial<Pick<DispatchContext, "pollMs" | "sleep" | "now">>;
  /** How often a running step or a dispatched run's wait says it still runs; default 30 s (tests: shorter). */
  readonly heartbeatMs?: number;
}

/** GitHub asks integrations not to poll faster than this; the config cannot go below it. */
export const MIN_POLL_SECONDS = 30;

/**
 * The jobs downstream checks run: every `mode: run` entry on each of its platforms, and every `mode: dispatch` entry
 * once, on its first platform (its own workflow decides where it tests; the shard job only waits), filtered by `only`.
 */
export function listDownstreamJobs(
  settings: Pick<DownstreamSettings, "downstreams">,
  only?: ShardRunOptions["only"],
): DownstreamJob[] {
  const jobs = settings.downstreams.flatMap((d) =>
    (d.mode === "dispatch" ? d.platforms.slice(0, 1) : d.platforms).map((platform) => ({ name: d.name, platform })),
  );
  if (only === undefined) return jobs;
  return jobs.filter((j) =>
    only.some((o) => o.name === j.name && (o.platform === undefined || o.platform === j.platform)),
  );
}

/** The name of the results file of shard `index`. */
export function shardResultsFile(index: number): string {
  return `results-shard-${index}.json`;
}

/** Runs the jobs of one shard with in-job concurrency and writes `results-shard-I.json` plus logs into `outDir`. */
export async function runShard(settings: DownstreamSettings, options: ShardRunOptions): Promise<ShardResults> {
  const { index, of } = options.shard;
  if (!Number.isInteger(index) || !Number.isInteger(of) || index < 1 || index > of) {
    throw new InputError(`--shard ${index}/${of} is not a shard: use I/N with 1 <= I <= N`);
  }
  const plan = planShards(listDownstreamJobs(settings, options.only), of, options.durations ?? {});
  const entry = plan.include[index - 1];
  const byName = new Map<string, DownstreamEntry>(settings.downstreams.map((d) => [d.name, d]));
  const jobs = (entry?.jobs ?? []).map((name) => ({ entry: byName.get(name), platform: entry?.platform ?? "" }));
  const outDir = resolve(options.outDir);
  await makeDirectory(outDir);
  const workDir = options.workDir ?? join(tmpdir(), "release-kit-downstream");
  const candidate = options.calibrate ? options.baseline : options.candidate;
  const dispatched = jobs.filter((j) => j.entry?.mode === "dispatch");
  if (dispatched.length > 0 && options.github === undefined) {
    throw new InputError(
      `${dispatched.map((j) => j.entry?.name).join(", ")} use mode: dispatch, which needs GitHub: set GITHUB_TOKEN to a token that may run their workflows`,
    );
  }
  const timing = options.dispatchTiming ?? {};
  const dispatch: DispatchContext | undefined =
    options.github === undefined
      ? undefined
      : {
          gh: options.github,
          logger: options.logger,
          pollMs: timing.pollMs ?? Math.max(MIN_POLL_SECONDS, settings.pollSeconds) * 1000,
          ...(settings.waitMinutes !== undefined ? { waitMs: settings.waitMinutes * 60_000 } : {}),
          ...(timing.sleep ? { sleep: timing.sleep } : {}),
          ...(timing.now ? { now: timing.now } : {}),
          claimed: new Set(),
          ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
        };
  options.logger.info(
    `shard ${index}/${of}: ${countOf(jobs.length, "job")} on ${entry?.platform ?? "no platform"}, ${countOf(settings.concurrency, "run")} at once (a job's baseline and candidate side by side)` +
      (dispatched.length > 0 ? ` (${dispatched.length} dispatched, waited for alongside)` : ""),
  );
  const baselineCache =
    options.baselineCache === undefined
      ? undefined
      : {
          cache: new BaselineCache(resolve(options.baselineCache), options.logger),
          image: runnerImage(entry?.platform ?? "", options.env, {
            os: process.platform,
            arch: process.arch,
            release: release(),
          }),
        };
  // Every local run of a side holds one slot, so the concurrency counts processes, not jobs.
  const slots = new RunSlots(settings.concurrency);
  const runJob = async ({ entry: e, platform }: (typeof jobs)[number]) => {
    if (e === undefined) throw new Error("planned a downstream that is not configured");
    return runDownstreamJob(e, platform, {
      outDir,
      workDir,
      baseline: options.baseline,
      candidate,
      retries: settings.retries,
      calibrate: options.calibrate === true,
      env: options.env,
      logger: options.logger,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(dispatch ? { dispatch } : {}),
      ...(baselineCache ? { baselineCache } : {}),
      slots,
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    });
  };
  // Dispatched jobs only wait on GitHub, so they do not take one of the CPU-bound slots of local runs. As many local
  // jobs as slots are under way at once; their sides share the slots.
  const local = jobs.filter((j) => j.entry?.mode !== "dispatch");
  const [localResults, dispatchedResults] = await Promise.all([
    runWithConcurrency(local, settings.concurrency, runJob),
    Promise.all(dispatched.map(runJob)),
  ]);
  const byJob = new Map([...local, ...dispatched].map((j, i) => [j, [...localResults, ...dispatchedResults][i]]));
  const downstreams = jobs.map((j) => byJob.get(j)).filter((r) => r !== undefined);
  const results: ShardResults = {
    shard: `${index}/${of}`,
    baseline: options.baseline.version,
    candidate: candidate.version,
    ...(options.calibrate ? { calibrate: true } : {}),
    downstreams,
  };
  await writeText(join(outDir, shardResultsFile(index)), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
