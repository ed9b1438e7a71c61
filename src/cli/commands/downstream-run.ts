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
import {
  parseShardFlag,
  runDownstreamShard,
  type DownstreamShardRequest,
} from "../../flows/downstream/run-downstream-shard.js";
import { downstreamSettingsFromConfig } from "../../flows/downstream/settings.js";
import { createGitHubClient, gitHubOptionsFromEnv } from "../../adapters/github/client.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command-environment.js";

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
    const configPath = resolveConfigPath(ctx.cwd, ctx.globals.config);
    const config = await loadConfig(configPath, { displayName: displayPath(ctx.cwd, configPath) });
    const ghOptions = gitHubOptionsFromEnv(ctx.env, {
      token: ctx.globals.token,
      verbose: ctx.globals.verbose,
      logger: ctx.logger,
      rateLimitWaitMinutes: config.github.rateLimitWaitMinutes,
      resumeHint: ctx.invocation,
    });
    // A flag given empty counts as not given (a workflow passes its unset inputs as empty strings).
    const flag = (name: string): string | undefined => {
      const v = stringFlag(flags.values, name);
      return v === "" ? undefined : v;
    };
    const file = (name: string): string | undefined => {
      const v = stringFlag(flags.values, name);
      return v === undefined ? undefined : resolve(ctx.cwd, v);
    };
    const baselineCache = flag("baseline-cache");
    const request: DownstreamShardRequest = {
      shard,
      outDir: out,
      calibrate: flags.values["calibrate"] === true,
      baseline: flag("baseline"),
      candidate: flag("candidate"),
      baselineArtifact: stringFlag(flags.values, "baseline-artifact"),
      candidateArtifact: stringFlag(flags.values, "candidate-artifact"),
      onlyFile: file("only"),
      durationsFile: file("durations"),
      baselineCache: baselineCache === undefined ? undefined : resolve(ctx.cwd, baselineCache),
      workDir: file("work"),
    };
    const results = await runDownstreamShard(
      downstreamSettingsFromConfig(config, dirname(configPath)),
      { repo: config.project.repo, tagPattern: config.project.tag, scheme: config.project.versionScheme },
      // Public tags can be read without a token; dispatching a workflow cannot.
      createGitHubClient(ghOptions),
      request,
      { canDispatch: ghOptions.token !== undefined, env: ctx.env, logger: ctx.logger, signal: ctx.signal },
    );
    if (ctx.globals.json) ctx.stdout(`${JSON.stringify(results, null, 2)}\n`);
    else for (const job of results.downstreams) ctx.stdout(`${job.name}@${job.platform}: ${job.category}\n`);
    return 0;
  },
};
