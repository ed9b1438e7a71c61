/**
 * Runs one command of a downstream's step (an argument array; a shell only where the config says so) with its
 * timeout, appending the command line and its output to the step's log.
 */
import { appendText } from "../../adapters/files.js";
import { runProcess } from "../../adapters/processes.js";

/** How one command ended. */
export interface StepOutcome {
  readonly ok: boolean;
  readonly timedOut: boolean;
  readonly exitCode?: number;
  readonly signal?: string;
  /** The command could not be started (not found, not executable). */
  readonly spawnFailed: boolean;
}

/** Where and how to run one command. */
export interface StepOptions {
  readonly cwd: string;
  /** Added to the inherited environment. */
  readonly env: Readonly<Record<string, string>>;
  /** 0 for no limit. */
  readonly timeoutMs: number;
  /** Log file; the command line and all output are appended. */
  readonly log: string;
  /** Only when the config entry says `shell: true`. */
  readonly shell?: boolean;
  readonly signal?: AbortSignal;
}

/** Runs one argument-array command, appending its output to the log file; never throws for a failure. */
export async function runStep(command: readonly string[], options: StepOptions): Promise<StepOutcome> {
  const [file, ...args] = command;
  if (file === undefined) return { ok: true, timedOut: false, spawnFailed: false };
  await appendText(options.log, `$ ${command.map(quoteForLog).join(" ")}\n`);
  const result = await runProcess(file, args, {
    cwd: options.cwd,
    env: options.env,
    appendOutputTo: options.log,
    shell: options.shell === true,
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    // Its own process group: a timeout or cancel ends the whole tree (a shell's children, a test's servers), which
    // would otherwise keep the log open and the step waiting; what the step left running would outlive the checkout.
    processGroup: true,
  });
  const spawnFailed = result.startError !== undefined;
  const ending = result.timedOut
    ? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
    : result.startError
      ? `could not start: ${result.startError.reason}`
      : result.signal
        ? `killed by ${result.signal}`
        : `exit code ${result.exitCode ?? "?"}`;
  await appendText(options.log, `[release-kit] ${ending}\n`);
  return {
    ok: result.ok,
    timedOut: result.timedOut,
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal !== undefined ? { signal: result.signal } : {}),
    spawnFailed,
  };
}

function quoteForLog(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
