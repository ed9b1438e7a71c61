/**
 * One shard of the downstream checks, as `downstream run` and the downstream action run it: the compared versions
 * (given, or read from the project's tags: the newest candidate and the last final before it), then every job of the
 * shard on both sides. It does not fail on regressions: the report decides that once every shard is in.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import type { ShardResults } from "../../core/downstream/shard-results.js";
import { InputError } from "../../core/errors.js";
import { silentLogger, type Logger } from "../../core/logger.js";
import { millisFromEnv } from "../../core/millis-from-env.js";
import { readDurations, readOnlyFile } from "./read-job-files.js";
import { runShard } from "./run-shard.js";
import type { DownstreamSettings } from "./settings.js";
import {
  resolveCalibrationVersion,
  resolveComparedVersions,
  type ComparedVersion,
  type VersionSource,
} from "./versions-from-tags.js";

/** A shard as given, `I/N` with 1 <= I <= N. */
export interface ShardSpec {
  readonly index: number;
  readonly of: number;
}

/** Parses `I/N` with 1 <= I <= N; anything else is the caller's input error, said before any other work. */
export function parseShardFlag(value: unknown): ShardSpec {
  const match = typeof value === "string" ? /^(\d+)\/(\d+)$/.exec(value) : null;
  const index = Number(match?.[1]);
  const of = Number(match?.[2]);
  if (!match || index < 1 || index > of) {
    throw new InputError(
      `--shard ${typeof value === "string" ? value : "(missing)"} is not a shard: use I/N with 1 <= I <= N, e.g. --shard 2/8`,
    );
  }
  return { index, of };
}

/** What the caller asks for; paths are absolute, versions as the user wrote them. */
export interface DownstreamShardRequest {
  readonly shard: ShardSpec;
  readonly outDir: string;
  readonly baseline?: string;
  readonly candidate?: string;
  readonly baselineArtifact?: string;
  readonly candidateArtifact?: string;
  readonly onlyFile?: string;
  readonly durationsFile?: string;
  /** A/A calibration: the candidate is the baseline, to measure flake rates. */
  readonly calibrate: boolean;
  readonly baselineCache?: string;
  readonly workDir?: string;
}

/** Runs the shard. `gh` reads public tags without a token; `canDispatch` says whether it may dispatch workflows. */
export async function runDownstreamShard(
  settings: DownstreamSettings,
  source: VersionSource,
  gh: GitHubClient,
  request: DownstreamShardRequest,
  context: {
    readonly canDispatch: boolean;
    readonly env: NodeJS.ProcessEnv;
    readonly logger: Logger;
    readonly signal?: AbortSignal;
  },
): Promise<ShardResults> {
  let baseline: ComparedVersion;
  let candidate: ComparedVersion;
  if (request.calibrate) {
    baseline = await resolveCalibrationVersion(gh, source, request.baseline);
    candidate = baseline;
  } else {
    ({ baseline, candidate } = await resolveComparedVersions(gh, source, {
      ...(request.baseline !== undefined ? { baseline: request.baseline } : {}),
      ...(request.candidate !== undefined ? { candidate: request.candidate } : {}),
    }));
  }
  context.logger.info(`comparing ${candidate.version} (${candidate.tag}) with ${baseline.version} (${baseline.tag})`);
  const baselineArtifact = request.baselineArtifact;
  const candidateArtifact = request.calibrate ? request.baselineArtifact : request.candidateArtifact;
  const durations = await readDurations(request.durationsFile, silentLogger);
  const only = request.onlyFile === undefined ? undefined : await readOnlyFile(request.onlyFile);
  // Test-only: a heartbeat sooner than every 30 s, so a terminal test need not wait half a minute for one.
  const heartbeatMs = millisFromEnv(context.env, "RELEASE_KIT_HEARTBEAT_MS");
  return runShard(settings, {
    shard: request.shard,
    outDir: request.outDir,
    ...(request.workDir !== undefined ? { workDir: request.workDir } : {}),
    ...(request.baselineCache !== undefined ? { baselineCache: request.baselineCache } : {}),
    baseline: { ...baseline, ...(baselineArtifact !== undefined ? { artifact: baselineArtifact } : {}) },
    candidate: { ...candidate, ...(candidateArtifact !== undefined ? { artifact: candidateArtifact } : {}) },
    durations,
    ...(only ? { only } : {}),
    calibrate: request.calibrate,
    env: context.env,
    logger: context.logger,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.canDispatch ? { github: gh } : {}),
    ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
  });
}
