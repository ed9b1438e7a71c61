/**
 * Runs one side (baseline or candidate) of a downstream once, in a fresh checkout: clone, prepare, install the version
 * under test, build and test, each step logged; how far it got is its result.
 */
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { makeDirectory, makeTemporaryDirectory, readTextTail, removePath } from "../../adapters/files.js";
import { detectFailure } from "../../core/downstream/detect-failure-reason.js";
import type { DownstreamRun, Side, SideResult } from "../../core/downstream/outcomes.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import {
  stepFinishedLine,
  stepHeartbeatLine,
  stepName,
  stepStartedLine,
  type SideRunLabel,
} from "../../core/downstream/side-progress.js";
import { startHeartbeat } from "../heartbeat.js";
import { reportProgress } from "../wait-reporter.js";
import { checkoutDownstream } from "./checkout-downstream.js";
import { runStep, type StepOutcome } from "./run-step.js";
import type { DownstreamEntry, StepName } from "./settings.js";

/** Lines of each log kept in the results for the report. */
export const TAIL_LINES = 40;

/** What one run needs besides the entry. */
export interface SideRunContext {
  /** Shard output directory; logs go under `logs/` and are listed relative to it. */
  readonly outDir: string;
  /** Where fresh checkouts are made (and removed afterwards). */
  readonly workDir: string;
  readonly platform: string;
  readonly side: Side;
  readonly version: string;
  /** Path or URL of the artifact of this version, if any. */
  readonly artifact?: string;
  readonly attempt: number;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Keep the checkout for debugging. */
  readonly keepCheckout?: boolean;
  /** Where each step's start, end and heartbeat are told; absent: the run is silent. */
  readonly progress?: { readonly logger: Logger; readonly label: SideRunLabel; readonly heartbeatMs?: number };
}

/** Runs one command of a step, telling its start, its end and, while it runs, a heartbeat. */
async function told<T extends { readonly ok: boolean }>(
  ctx: SideRunContext,
  step: string,
  limitMs: number,
  command: () => Promise<T>,
): Promise<T> {
  const progress = ctx.progress;
  if (progress === undefined) return command();
  const { logger, label } = progress;
  const started = performance.now();
  logger.info(stepStartedLine(label, step));
  const stop = startHeartbeat(
    () => reportProgress(logger, stepHeartbeatLine(label, step, performance.now() - started, limitMs)),
    progress.heartbeatMs,
  );
  try {
    const outcome = await command();
    logger.info(stepFinishedLine(label, step, outcome.ok, performance.now() - started));
    return outcome;
  } finally {
    stop();
  }
}

/** The environment a downstream sees: its own `env`, then the version under test (which the config cannot override). */
export function downstreamEnv(entry: DownstreamEntry, version: string, artifact: string | undefined, side: Side) {
  return { ...entry.env, RELEASE_KIT_VERSION: version, RELEASE_KIT_ARTIFACT: artifact ?? "", RELEASE_KIT_SIDE: side };
}

/** Fills `{version}` and `{artifact}` in each argument of the install command. */
export function fillInstallCommand(
  template: readonly string[],
  version: string,
  artifact: string | undefined,
): string[] {
  return template.map((arg) => arg.replaceAll("{version}", version).replaceAll("{artifact}", artifact ?? version));
}

/** The log file of one run of one side, under the shard's output directory. */
export function sideLogFile(outDir: string, name: string, platform: string, side: Side, attempt: number): string {
  return join(outDir, "logs", `${name}@${platform.replace(/[^\w.-]/g, "_")}`, `${side}-${attempt}.log`);
}

/** One fresh checkout of one side: clone, prepare, install, build, test; never throws (an internal failure is `error`). */
export async function runSide(entry: DownstreamEntry, ctx: SideRunContext): Promise<DownstreamRun> {
  const log = sideLogFile(ctx.outDir, entry.name, ctx.platform, ctx.side, ctx.attempt);
  const logDir = dirname(log);
  const started = performance.now();
  const finish = async (result: SideResult, extra: Partial<DownstreamRun>): Promise<DownstreamRun> => ({
    side: ctx.side,
    version: ctx.version,
    attempt: ctx.attempt,
    result,
    ...extra,
    log: relative(ctx.outDir, log),
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    tail: await readTail(log),
  });
  let checkout: string | undefined;
  try {
    await makeDirectory(logDir);
    await makeDirectory(ctx.workDir);
    checkout = await makeTemporaryDirectory(`${entry.name}-${ctx.side}-${ctx.attempt}-`, ctx.workDir);
    // A timeout of 0 is none.
    const minutes = (step: StepName): number => Math.round((entry.timeoutMinutes[step] ?? 0) * 60_000);
    const target = checkout;
    const cloned = await told(ctx, stepName("prepare", "clone"), minutes("prepare"), () =>
      checkoutDownstream(entry.repo, entry.ref, target, {
        log,
        timeoutMs: minutes("prepare"),
        env: ctx.env,
        signal: ctx.signal,
      }),
    );
    if (!cloned.ok) return finish("broken", await failure(cloned, log, "checkout"));
    const env = downstreamEnv(entry, ctx.version, ctx.artifact, ctx.side);
    const run = (command: readonly string[], step: StepName, which?: string): Promise<StepOutcome> =>
      told(ctx, stepName(step, which), minutes(step), () =>
        runStep(command, {
          cwd: target,
          env,
          timeoutMs: minutes(step),
          log,
          shell: entry.shell,
          signal: ctx.signal,
        }),
      );
    if (entry.prepare !== undefined) {
      const outcome = await run(entry.prepare, "prepare");
      if (!outcome.ok) return finish("prepare-fail", await failure(outcome, log, "prepare"));
    }
    if (entry.install !== undefined) {
      const outcome = await run(fillInstallCommand(entry.install, ctx.version, ctx.artifact), "build", "install");
      if (!outcome.ok) return finish("build-fail", await failure(outcome, log, "install"));
    }
    if (entry.build !== undefined) {
      const outcome = await run(entry.build, "build");
      if (!outcome.ok) return finish("build-fail", await failure(outcome, log, "build"));
    }
    if (entry.skipTests !== undefined) return finish("test-skipped", { detail: entry.skipTests });
    if (entry.test !== undefined) {
      const outcome = await run(entry.test, "test");
      if (!outcome.ok) return finish("test-fail", await failure(outcome, log, "test"));
    }
    return finish("test-pass", {});
  } catch (error) {
    return finish("error", { reason: "unknown", detail: `internal error: ${errorMessage(error)}` });
  } finally {
    if (checkout !== undefined && !ctx.keepCheckout) await removePath(checkout);
  }
}

async function failure(outcome: StepOutcome, log: string, step: string): Promise<Partial<DownstreamRun>> {
  const found = detectFailure({ ...outcome, logTail: (await readTail(log)) ?? "" });
  return {
    reason: found.reason,
    ...(found.line !== undefined ? { reasonLine: found.line } : {}),
    detail: `${step} failed`,
  };
}

/** The last lines of a log (reads at most its last 64 KiB). */
export async function readTail(file: string, lines = TAIL_LINES): Promise<string | undefined> {
  const text = await readTextTail(file, 64 * 1024);
  return text
    ?.split("\n")
    .slice(-lines - 1)
    .join("\n")
    .trimEnd();
}
