/**
 * `release-kit downstream run --shard I/N --out DIR [--baseline V] [--candidate V]`: runs one shard of the
 * downstream checks (fresh checkouts, prepare/build/test per side, retries; dispatched workflows for `mode: dispatch`)
 * and writes `results-shard-I.json` and logs to DIR. The versions default to the project's newest release candidate
 * and the last final release before it, read from its tags on GitHub; the flags set them for a local run. With
 * `--baseline-cache DIR`, a baseline result an earlier candidate left there is reused when the downstream commit,
 * baseline, runner image and commands are unchanged.
 * It does not fail on regressions: `downstream report` decides that once every shard is in.
 */
import { dirname, resolve } from "node:path";
import { InputError } from "../../core/errors.js";
import { displayPath, loadConfig, resolveConfigPath } from "../../config/load-config.js";
import { silentLogger } from "../../core/logger.js";
import { readDurations, readOnlyFile } from "../../flows/downstream/read-job-files.js";
import { runShard } from "../../flows/downstream/run-shard.js";
import { downstreamSettingsFromConfig } from "../../flows/downstream/settings.js";
import {
  resolveCalibrationVersion,
  resolveComparedVersions,
  type ComparedVersion,
} from "../../flows/downstream/versions-from-tags.js";
import { createGitHubClient, gitHubOptionsFromEnv } from "../../adapters/github/client.js";
import type { Command } from "../command.js";
import { millisFromEnv } from "../../core/millis-from-env.js";

/** Parses `I/N` with 1 <= I <= N. */
export function parseShardFlag(value: unknown): { index: number; of: number } {
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

function requiredString(value: unknown, message: string): string {
  if (typeof value !== "string" || value === "") throw new InputError(message);
  return value;
}

/** The `downstream run` command. */
export const downstreamRunCommand: Command = {
  words: ["downstream", "run"],
  summary: "Run one shard of the downstream checks and write its results",
  usage:
    "--shard I/N --out DIR [--baseline V] [--candidate V] [--only FILE] [--durations FILE] [--calibrate] [--baseline-cache DIR]",
  flags: [
    { name: "shard", type: "string", valueName: "I/N", description: "which shard of how many (as in the plan)" },
    { name: "out", type: "string", valueName: "DIR", description: "where results-shard-I.json and logs/ go" },
    {
      name: "baseline",
      type: "string",
      valueName: "V",
      description: "baseline version (default: the last final release, from the tags)",
    },
    {
      name: "candidate",
      type: "string",
      valueName: "V",
      description: "candidate version (default: the newest release candidate, from the tags)",
    },
    {
      name: "baseline-artifact",
      type: "string",
      valueName: "PATH",
      description: "RELEASE_KIT_ARTIFACT for the baseline",
    },
    {
      name: "candidate-artifact",
      type: "string",
      valueName: "PATH",
      description: "RELEASE_KIT_ARTIFACT for the candidate",
    },
    { name: "only", type: "string", valueName: "FILE", description: "run only these jobs (a retry-list.json)" },
    { name: "durations", type: "string", valueName: "FILE", description: "the durations file the plan used" },
    {
      name: "calibrate",
      type: "boolean",
      description: "A/A calibration: candidate = baseline, to measure flake rates",
    },
    {
      name: "baseline-cache",
      type: "string",
      valueName: "DIR",
      description: "reuse baseline results kept here by an earlier run (same downstream commit, image and commands)",
    },
    {
      name: "work",
      type: "string",
      valueName: "DIR",
      description: "parent of the fresh checkouts (default: temp dir)",
    },
  ],
  async run(flags, ctx) {
    const shard = parseShardFlag(flags.values["shard"]);
    const out = resolve(
      ctx.cwd,
      requiredString(flags.values["out"], "missing --out DIR: where the shard writes its results"),
    );
    const calibrate = flags.values["calibrate"] === true;
    const configPath = resolveConfigPath(ctx.cwd, ctx.globals.config);
    const config = await loadConfig(configPath, { displayName: displayPath(ctx.cwd, configPath) });
    const settings = downstreamSettingsFromConfig(config, dirname(configPath));
    const ghOptions = gitHubOptionsFromEnv(ctx.env, {
      token: ctx.globals.token,
      verbose: ctx.globals.verbose,
      logger: ctx.logger,
      rateLimitWaitMinutes: config.github.rateLimitWaitMinutes,
      resumeHint: ctx.invocation,
    });
    // Public tags can be read without a token; dispatching a workflow cannot.
    const gh = createGitHubClient(ghOptions);
    const source = {
      repo: config.project.repo,
      tagPattern: config.project.tag,
      scheme: config.project.versionScheme,
    };
    const flag = (name: string): string | undefined => {
      const v = flags.values[name];
      return typeof v === "string" && v !== "" ? v : undefined;
    };
    let baseline: ComparedVersion;
    let candidate: ComparedVersion;
    if (calibrate) {
      baseline = await resolveCalibrationVersion(gh, source, flag("baseline"));
      candidate = baseline;
    } else {
      ({ baseline, candidate } = await resolveComparedVersions(gh, source, {
        ...(flag("baseline") !== undefined ? { baseline: flag("baseline") } : {}),
        ...(flag("candidate") !== undefined ? { candidate: flag("candidate") } : {}),
      }));
    }
    ctx.logger.info(`comparing ${candidate.version} (${candidate.tag}) with ${baseline.version} (${baseline.tag})`);
    const artifact = (flag: string): { artifact?: string } => {
      const v = flags.values[flag];
      return typeof v === "string" ? { artifact: v } : {};
    };
    const durationsFile = flags.values["durations"];
    const durations = await readDurations(
      typeof durationsFile === "string" ? resolve(ctx.cwd, durationsFile) : undefined,
      silentLogger,
    );
    const only =
      typeof flags.values["only"] === "string" ? await readOnlyFile(resolve(ctx.cwd, flags.values["only"])) : undefined;
    const work = flags.values["work"];
    const baselineCache = flag("baseline-cache");
    // Test-only: a heartbeat sooner than every 30 s, so a terminal test need not wait half a minute for one.
    const heartbeatMs = millisFromEnv(ctx.env, "RELEASE_KIT_HEARTBEAT_MS");
    const results = await runShard(settings, {
      shard,
      outDir: out,
      ...(typeof work === "string" ? { workDir: resolve(ctx.cwd, work) } : {}),
      ...(baselineCache !== undefined ? { baselineCache: resolve(ctx.cwd, baselineCache) } : {}),
      baseline: { ...baseline, ...artifact("baseline-artifact") },
      candidate: { ...candidate, ...artifact(calibrate ? "baseline-artifact" : "candidate-artifact") },
      durations,
      ...(only ? { only } : {}),
      calibrate,
      env: ctx.env,
      logger: ctx.logger,
      signal: ctx.signal,
      ...(ghOptions.token ? { github: gh } : {}),
      ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
    });
    if (ctx.globals.json) ctx.stdout(`${JSON.stringify(results, null, 2)}\n`);
    else for (const job of results.downstreams) ctx.stdout(`${job.name}@${job.platform}: ${job.category}\n`);
    return 0;
  },
};
