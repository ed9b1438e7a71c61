/**
 * Runs one command of a downstream's step (an argument array; a shell only where the config says so) with its
 * timeout, appending the command line and its output to the step's log.
 */
import { appendFile } from "node:fs/promises";
import { execa } from "execa";

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

/** Runs one argument-array command with execa, appending its output to the log file; never throws for a failure. */
export async function runStep(command: readonly string[], options: StepOptions): Promise<StepOutcome> {
  const [file, ...args] = command;
  if (file === undefined) return { ok: true, timedOut: false, spawnFailed: false };
  await appendFile(options.log, `$ ${command.map(quoteForLog).join(" ")}\n`);
  const subprocess = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    reject: false,
    stdin: "ignore",
    stdout: { file: options.log, append: true },
    stderr: { file: options.log, append: true },
    shell: options.shell === true,
    // Its own process group: a timeout or cancel ends the whole tree (a shell's children, a test's servers), which
    // would otherwise keep the log open and the step waiting.
    detached: true,
  });
  const pid = subprocess.pid;
  let timedOut = false;
  let forceKill: NodeJS.Timeout | undefined;
  const stop = (): void => {
    signalGroup(pid, "SIGTERM");
    // Give the tree a moment to flush its output, then end it for good.
    forceKill = setTimeout(() => signalGroup(pid, "SIGKILL"), 2_000);
  };
  const timer =
    options.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs)
      : undefined;
  options.signal?.addEventListener("abort", stop, { once: true });
  const result = await subprocess;
  clearTimeout(timer);
  clearTimeout(forceKill);
  options.signal?.removeEventListener("abort", stop);
  // Whatever the step left running would outlive the fresh checkout.
  signalGroup(pid, "SIGKILL");
  const spawnFailed = result.failed && result.exitCode === undefined && !timedOut && result.signal === undefined;
  const ending = timedOut
    ? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
    : spawnFailed
      ? `could not start: ${result.originalMessage ?? result.shortMessage}`
      : result.signal
        ? `killed by ${result.signal}`
        : `exit code ${result.exitCode ?? "?"}`;
  await appendFile(options.log, `[release-kit] ${ending}\n`);
  return {
    ok: !result.failed,
    timedOut,
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal !== undefined ? { signal: result.signal } : {}),
    spawnFailed,
  };
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, the normal case.
  }
}

function quoteForLog(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
