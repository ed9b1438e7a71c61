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
  const result = await execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    timeout: options.timeoutMs,
    // Give a timed-out step a moment to flush its output, then kill it for good.
    forceKillAfterDelay: 2_000,
    reject: false,
    stdin: "ignore",
    stdout: { file: options.log, append: true },
    stderr: { file: options.log, append: true },
    shell: options.shell === true,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  const spawnFailed = result.failed && result.exitCode === undefined && !result.timedOut && result.signal === undefined;
  const ending = result.timedOut
    ? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
    : spawnFailed
      ? `could not start: ${result.originalMessage ?? result.shortMessage}`
      : result.signal
        ? `killed by ${result.signal}`
        : `exit code ${result.exitCode ?? "?"}`;
  await appendFile(options.log, `[release-kit] ${ending}\n`);
  return {
    ok: !result.failed,
    timedOut: result.timedOut,
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal !== undefined ? { signal: result.signal } : {}),
    spawnFailed,
  };
}

function quoteForLog(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
