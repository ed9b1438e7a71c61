import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { planShards, type DownstreamJob, type Durations } from "../../core/downstream/planShards.js";
import type { ShardResults } from "../../core/downstream/shardResults.js";
import { InputError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { runDownstreamJob } from "./runDownstreamJob.js";
import { runWithConcurrency } from "./runWithConcurrency.js";
import type { DownstreamEntry, DownstreamSettings } from "./settings.js";

/** Options of one shard run (`downstream run`). */
export interface ShardRunOptions {
  /** 1-based shard index and the shard count given to `plan`. */
  readonly shard: { readonly index: number; readonly of: number };
  readonly outDir: string;
  /** Parent of the fresh checkouts (default: the system temp directory). */
  readonly workDir?: string;
  readonly baseline: { readonly version: string; readonly artifact?: string };
  readonly candidate: { readonly version: string; readonly artifact?: string };
  /** Same durations as the plan, so the shard finds the same jobs. */
  readonly durations?: Durations;
  /** Only these jobs (a `retry-list.json`); a job without platform matches every platform. */
  readonly only?: readonly { readonly name: string; readonly platform?: string }[];
  /** A/A calibration: the candidate is the baseline. */
  readonly calibrate?: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

/** The jobs downstream checks run: every `mode: run` entry on each of its platforms, filtered by `only`. */
export function listDownstreamJobs(
  settings: Pick<DownstreamSettings, "downstreams">,
  only?: ShardRunOptions["only"],
): DownstreamJob[] {
  const jobs = settings.downstreams
    .filter((d) => d.mode === "run")
    .flatMap((d) => d.platforms.map((platform) => ({ name: d.name, platform })));
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
  await mkdir(outDir, { recursive: true });
  const workDir = options.workDir ?? join(tmpdir(), "release-kit-downstream");
  const candidate = options.calibrate ? options.baseline : options.candidate;
  options.logger.info(
    `shard ${index}/${of}: ${jobs.length} job(s) on ${entry?.platform ?? "no platform"}, ${settings.concurrency} at once`,
  );
  const downstreams = await runWithConcurrency(jobs, settings.concurrency, async ({ entry: e, platform }) => {
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
    });
  });
  const results: ShardResults = {
    shard: `${index}/${of}`,
    baseline: options.baseline.version,
    candidate: candidate.version,
    ...(options.calibrate ? { calibrate: true } : {}),
    downstreams,
  };
  await writeFile(join(outDir, shardResultsFile(index)), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
