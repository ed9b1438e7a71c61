/**
 * The matrix of downstream shard jobs, as `downstream plan` prints it and the downstream action sets it as an output:
 * the configured jobs (or those of a retry list), balanced over the shards by earlier durations when given.
 */
import { planShards, type ShardPlan } from "../../core/downstream/plan-shards.js";
import type { Logger } from "../../core/logger.js";
import { parseCount } from "../../core/parse-count.js";
import { readDurations, readOnlyFile } from "./read-job-files.js";
import { listDownstreamJobs } from "./run-shard.js";
import type { DownstreamSettings } from "./settings.js";

/** What the caller asks for; files are absolute paths. */
export interface DownstreamMatrixRequest {
  /** The number of shard jobs as given (`--shards`, the action's `shards`); default `downstream-check.shards`. */
  readonly shards?: string;
  readonly durationsFile?: string;
  readonly onlyFile?: string;
}

/** Plans the shard jobs and says how many there are and the expected makespan. */
export async function planDownstreamMatrix(
  settings: DownstreamSettings,
  request: DownstreamMatrixRequest,
  logger: Logger,
): Promise<ShardPlan> {
  // The schema caps downstream-check.shards at 256 (a matrix has at most 256 jobs); the flag follows it.
  const shards = request.shards === undefined ? settings.shards : parseCount(request.shards, "--shards", { max: 256 });
  const durations = await readDurations(request.durationsFile, logger);
  const only = request.onlyFile === undefined ? undefined : await readOnlyFile(request.onlyFile);
  const plan = planShards(listDownstreamJobs(settings, only), shards, durations);
  logger.info(
    `${plan.include.length} shard job(s) for ${plan.include.reduce((n, e) => n + e.jobs.length, 0)} downstream job(s); expected makespan ${Math.round(plan.makespanSeconds)} s`,
  );
  return plan;
}
