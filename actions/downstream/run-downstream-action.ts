/**
 * The downstream action's body: turns the inputs of one command (plan, run, report, notify) into the flags of the
 * CLI command of the same name and runs that command, so the action and the CLI validate and behave alike. Its
 * JSON answer becomes the step's outputs.
 */
import * as runner from "../../src/action/runner.js";
import path from "node:path";
import { booleanInput, choiceInput, listInput, optionalInput } from "../../src/action/action-inputs.js";
import { actionToken, type ActionContext } from "../../src/action/run-action.js";
import type { Command, CommandContext, ParsedFlags } from "../../src/cli/command.js";
import { downstreamNotifyCommand } from "../../src/cli/commands/downstream-notify.js";
import { downstreamPlanCommand } from "../../src/cli/commands/downstream-plan.js";
import { downstreamReportCommand } from "../../src/cli/commands/downstream-report.js";
import { downstreamRunCommand } from "../../src/cli/commands/downstream-run.js";
import type { ShardPlan } from "../../src/core/downstream/plan-shards.js";
import type { DownstreamReport, ShardResults } from "../../src/core/downstream/shard-results.js";
import { InputError, OperationFailedError } from "../../src/core/errors.js";
import type { Logger } from "../../src/core/logger.js";
import type { NotifyResult } from "../../src/flows/downstream/notify-partners.js";

/** The commands this action runs. */
export const DOWNSTREAM_COMMANDS = ["plan", "run", "report", "notify"] as const;

type Values = Record<string, string | boolean | string[] | undefined>;

/** Reads the inputs, runs the command and sets the outputs. */
export async function runDownstreamAction({ logger, env }: ActionContext): Promise<void> {
  const command = choiceInput("command", DOWNSTREAM_COMMANDS, "plan");
  if (optionalInput("command") === undefined) {
    throw new InputError(`input "command" is required: give one of ${DOWNSTREAM_COMMANDS.join(", ")}`);
  }
  const text = (name: string): Values => {
    const value = optionalInput(name);
    return value === undefined ? {} : { [name]: value };
  };
  const cwd = path.resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  let cli: Command;
  let parsed: ParsedFlags;
  switch (command) {
    case "plan":
      cli = downstreamPlanCommand;
      parsed = { values: { ...text("shards"), ...text("durations"), ...text("only") }, positionals: [] };
      break;
    case "run":
      cli = downstreamRunCommand;
      parsed = {
        values: {
          ...text("shard"),
          out: optionalInput("out") ?? "downstream-results",
          ...text("baseline"),
          ...text("candidate"),
          ...text("baseline-artifact"),
          ...text("candidate-artifact"),
          ...text("only"),
          ...text("durations"),
          ...text("baseline-cache"),
          calibrate: booleanInput("calibrate", false),
          // Checkouts go to the runner's temp directory, which the runner cleans after the job.
          ...(env.RUNNER_TEMP ? { work: path.join(env.RUNNER_TEMP, "release-kit-downstream") } : {}),
        },
        positionals: [],
      };
      break;
    case "report": {
      const dirs = listInput("dirs");
      if (dirs.length === 0) throw new InputError('input "dirs" is required for report: the downloaded shard results');
      const failOn = listInput("fail-on");
      cli = downstreamReportCommand;
      parsed = {
        values: {
          out: optionalInput("out") ?? "downstream-report",
          ...(failOn.length > 0 ? { "fail-on": failOn } : {}),
          ...text("full-report"),
          partners: booleanInput("partners", false),
        },
        positionals: dirs,
      };
      break;
    }
    case "notify":
      cli = downstreamNotifyCommand;
      parsed = { values: { ...text("version"), ...text("deadline") }, positionals: [] };
      break;
  }

  // Step: run the CLI command with the action's logger; its error lines become the step's failure message.
  const errors: string[] = [];
  const quietErrors: Logger = { ...logger, error: (m) => void errors.push(m) };
  let stdout = "";
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const config = optionalInput("config");
  const ctx: CommandContext = {
    globals: {
      ...(config !== undefined ? { config } : {}),
      dryRun: command === "notify" && booleanInput("dry-run", false),
      json: true,
      verbose: false,
      token: actionToken(env),
    },
    logger: quietErrors,
    stdout: (t) => (stdout += t),
    stderr: (t) => logger.info(t.trimEnd()),
    env,
    cwd,
    signal: abort.signal,
  };
  let code: number;
  try {
    code = await cli.run(parsed, ctx);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }

  // Step: outputs from the command's JSON answer.
  setOutputs(command, stdout, parsed, cwd, logger);
  if (code !== 0) {
    throw new OperationFailedError(errors.join("; ") || `downstream ${command} exited with code ${code}`);
  }
  for (const line of errors) logger.error(line);
}

function setOutputs(
  command: (typeof DOWNSTREAM_COMMANDS)[number],
  stdout: string,
  parsed: ParsedFlags,
  cwd: string,
  logger: Logger,
): void {
  // A command that failed before answering leaves nothing to read; its failure is reported by the caller.
  if (stdout.trim() === "") return;
  if (command === "plan") {
    const plan = JSON.parse(stdout) as ShardPlan;
    runner.setOutput("matrix", JSON.stringify(plan));
    runner.setOutput("shard-count", String(plan.include.length));
    for (const e of plan.include) logger.info(`shard ${e.shard} on ${e.platform}: ${e.jobs.join(", ")}`);
  } else if (command === "run") {
    const results = JSON.parse(stdout) as ShardResults;
    const index = results.shard.split("/")[0] ?? "1";
    runner.setOutput("results", path.resolve(cwd, String(parsed.values["out"]), `results-shard-${index}.json`));
    for (const job of results.downstreams) logger.info(`${job.name}@${job.platform}: ${job.category}`);
  } else if (command === "report") {
    const report = JSON.parse(stdout) as DownstreamReport;
    runner.setOutput("regressed", String(report.counts.regressed ?? 0));
    runner.setOutput("summary", path.resolve(cwd, String(parsed.values["out"]), "summary.md"));
  } else {
    const result = JSON.parse(stdout) as NotifyResult;
    const issues =
      result.applied ??
      result.actions.map((a) => ({
        repo: a.repo,
        kind: `would-${a.kind}`,
        ...(a.kind === "create" ? {} : { number: a.issue.number, url: a.issue.url }),
      }));
    runner.setOutput("issues", JSON.stringify(issues));
  }
}
