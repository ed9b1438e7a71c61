/**
 * The downstream action's body: one command (plan, run, report, notify) from the inputs, through the same flow
 * entry points as the CLI commands of the same name (src/flows/downstream), so the action and the CLI validate and
 * behave alike; the flows' answers become the step's outputs.
 */
import * as runner from "../../src/action/runner.js";
import path from "node:path";
import { booleanInput, choiceInput, listInput, optionalInput } from "../../src/action/action-inputs.js";
import { actionToken, type ActionContext } from "../../src/action/run-action.js";
import { createGitHubClient, gitHubOptionsFromEnv, type GitHubClient } from "../../src/adapters/github/client.js";
import { displayPath, loadConfig, resolveConfigPath, type ReleaseKitConfig } from "../../src/config/index.js";
import { InputError, OperationFailedError } from "../../src/core/errors.js";
import { notifyPartners, type NotifyResult } from "../../src/flows/downstream/notify-partners.js";
import { notifySettingsFrom } from "../../src/flows/downstream/notify-settings.js";
import { planDownstreamMatrix } from "../../src/flows/downstream/plan-downstream-matrix.js";
import {
  failingJobsLine,
  partnerIssuesReader,
  reportDownstream,
} from "../../src/flows/downstream/report-downstream.js";
import { parseShardFlag, runDownstreamShard } from "../../src/flows/downstream/run-downstream-shard.js";
import { downstreamSettingsFromConfig } from "../../src/flows/downstream/settings.js";

/** The commands this action runs. */
export const DOWNSTREAM_COMMANDS = ["plan", "run", "report", "notify"] as const;

/** Reads the inputs, runs the command and sets the outputs. */
export async function runDownstreamAction({ logger, env }: ActionContext): Promise<void> {
  const command = choiceInput("command", DOWNSTREAM_COMMANDS, "plan");
  if (optionalInput("command") === undefined) {
    throw new InputError(`input "command" is required: give one of ${DOWNSTREAM_COMMANDS.join(", ")}`);
  }
  const cwd = path.resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const configName = optionalInput("config");
  const file = (name: string): string | undefined => {
    const value = optionalInput(name);
    return value === undefined ? undefined : path.resolve(cwd, value);
  };
  const token = actionToken(env);
  const clientOptions = (config: ReleaseKitConfig) =>
    gitHubOptionsFromEnv(env, {
      token,
      logger,
      maskSecret: (s) => runner.setSecret(s),
      rateLimitWaitMinutes: config.github.rateLimitWaitMinutes,
    });
  const clientFor = (config: ReleaseKitConfig, needsToken: boolean): GitHubClient => {
    const options = clientOptions(config);
    if (needsToken && !options.token) {
      throw new InputError('no GitHub token: pass the input "token" or set GITHUB_TOKEN to a token that can write');
    }
    return createGitHubClient(options);
  };
  // The config as the CLI reads it: the input names it, else release-kit.yml in the workspace.
  const configPath = resolveConfigPath(cwd, configName);
  const readConfig = () => loadConfig(configPath, { displayName: displayPath(cwd, configPath) });
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    switch (command) {
      case "plan": {
        const config = await readConfig();
        const shards = optionalInput("shards");
        const durationsFile = file("durations");
        const onlyFile = file("only");
        const plan = await planDownstreamMatrix(
          downstreamSettingsFromConfig(config, path.dirname(configPath)),
          {
            ...(shards !== undefined ? { shards } : {}),
            ...(durationsFile !== undefined ? { durationsFile } : {}),
            ...(onlyFile !== undefined ? { onlyFile } : {}),
          },
          logger,
        );
        runner.setOutput("matrix", JSON.stringify(plan));
        runner.setOutput("shard-count", String(plan.include.length));
        for (const e of plan.include) logger.info(`shard ${e.shard} on ${e.platform}: ${e.jobs.join(", ")}`);
        return;
      }
      case "run": {
        const shard = parseShardFlag(optionalInput("shard"));
        const outDir = path.resolve(cwd, optionalInput("out") ?? "downstream-results");
        const config = await readConfig();
        const baselineCache = file("baseline-cache");
        const results = await runDownstreamShard(
          downstreamSettingsFromConfig(config, path.dirname(configPath)),
          { repo: config.project.repo, tagPattern: config.project.tag, scheme: config.project.versionScheme },
          clientFor(config, false),
          {
            shard,
            outDir,
            calibrate: booleanInput("calibrate", false),
            baseline: optionalInput("baseline"),
            candidate: optionalInput("candidate"),
            baselineArtifact: optionalInput("baseline-artifact"),
            candidateArtifact: optionalInput("candidate-artifact"),
            onlyFile: file("only"),
            durationsFile: file("durations"),
            baselineCache,
            // Checkouts go to the runner's temp directory, which the runner cleans after the job.
            workDir: env.RUNNER_TEMP ? path.join(env.RUNNER_TEMP, "release-kit-downstream") : undefined,
          },
          { canDispatch: clientOptions(config).token !== undefined, env, logger, signal: abort.signal },
        );
        runner.setOutput("results", path.join(outDir, `results-shard-${shard.index}.json`));
        for (const job of results.downstreams) logger.info(`${job.name}@${job.platform}: ${job.category}`);
        return;
      }
      case "report": {
        const dirs = listInput("dirs");
        if (dirs.length === 0)
          throw new InputError('input "dirs" is required for report: the downloaded shard results');
        const outDir = path.resolve(cwd, optionalInput("out") ?? "downstream-report");
        const fullReport = optionalInput("full-report");
        const { outcome, failOn } = await reportDownstream({
          dirs: dirs.map((d) => path.resolve(cwd, d)),
          outDir,
          failOn: listInput("fail-on"),
          ...(fullReport !== undefined ? { fullReport } : {}),
          ...(booleanInput("partners", false)
            ? { readPartners: partnerIssuesReader(readConfig, (config) => clientFor(config, true), undefined) }
            : {}),
          cwd,
          ...(configName !== undefined ? { configName } : {}),
          env,
        });
        runner.setOutput("regressed", String(outcome.report.counts.regressed ?? 0));
        runner.setOutput("summary", outcome.files.summary);
        if (outcome.failing.length > 0) throw new OperationFailedError(failingJobsLine(outcome, failOn));
        return;
      }
      case "notify": {
        const config = await readConfig();
        const settings = notifySettingsFrom(
          config,
          { version: optionalInput("version"), deadline: optionalInput("deadline") },
          env,
        );
        // Finding the issues already opened needs the token's user, so even a dry run needs a token.
        const result = await notifyPartners(clientFor(config, true), settings, logger, {
          dryRun: booleanInput("dry-run", false),
        });
        runner.setOutput("issues", JSON.stringify(issuesOutput(result)));
        return;
      }
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/** The `issues` output: what notify did, or in a dry run what it would do. */
function issuesOutput(result: NotifyResult): unknown {
  return (
    result.applied ??
    result.actions.map((a) => ({
      repo: a.repo,
      kind: `would-${a.kind}`,
      ...(a.kind === "create" ? {} : { number: a.issue.number, url: a.issue.url }),
    }))
  );
}
