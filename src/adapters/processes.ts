/**
 * The one place release-kit starts other programs (git, tar, nm, a downstream's build and test steps): execa with an
 * argument array, so no caller builds a shell string. `runProcess` waits and reports how the process ended without
 * throwing for it (callers decide what a failure means); `runProcessOrThrow` is for commands that must succeed;
 * `startProcess` keeps a process running with its pipes open (the sandbox's long-lived `git cat-file`). A program that
 * cannot be started at all is a ProcessStartError (core/errors) whose message says what to do.
 */
import { existsSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { execa, type Options } from "execa";
import { ProcessStartError } from "../core/errors.js";

/** How to run a process. */
export interface ProcessOptions {
  /** Working folder; release-kit's own when absent. */
  readonly cwd?: string;
  /** Variables added to the environment release-kit runs with, which the process inherits. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Written to stdin, which is then closed; without it stdin reads nothing (/dev/null). */
  readonly input?: string | Uint8Array;
  /** Stopped (SIGTERM) after this many milliseconds; 0 or absent for no limit. */
  readonly timeoutMs?: number;
  /** Stopped (SIGTERM) when this aborts. */
  readonly signal?: AbortSignal;
  /** stdout and stderr are appended to this file instead of being captured (a step's log). */
  readonly appendOutputTo?: string;
  /**
   * Runs in its own process group: a timeout or cancel ends the whole tree (SIGTERM, then SIGKILL 2 s later), and
   * whatever the command left running is killed once it exits. For build and test steps, whose shells and servers
   * would otherwise keep the log open and the step waiting.
   */
  readonly processGroup?: boolean;
  /**
   * `file` and `args` form one command line for the system shell. Only for a command the user wrote as a shell line
   * in the config (`shell: true`); never for text release-kit puts together.
   */
  readonly shell?: boolean;
}

/** Options of a process whose output is bytes (an archive, a blob), kept exactly as written. */
export interface BinaryProcessOptions extends ProcessOptions {
  readonly binary: true;
}

/** How a process ended. */
export interface ProcessResult<Output extends string | Uint8Array = string> {
  /** It started, exited with code 0, and nothing stopped it. */
  readonly ok: boolean;
  /** Absent when a signal ended it or it never started. */
  readonly exitCode?: number;
  /** The signal that ended it (SIGTERM...), if one did. */
  readonly signal?: string;
  /** Captured output: text without its final newline, or bytes as written (`binary: true`); "" when sent to a log. */
  readonly stdout: Output;
  readonly stderr: Output;
  /** Stopped because `timeoutMs` passed. */
  readonly timedOut: boolean;
  /** Stopped because `signal` aborted. */
  readonly cancelled: boolean;
  /** Set when the program could not be started (not installed, not executable). */
  readonly startError?: ProcessStartError;
  /** How it failed, naming the command (`Command failed with exit code 2: tar -tzf x`); "" when ok. */
  readonly failure: string;
}

/** A command that had to succeed did not. Not a user error: callers use it where a failure means a bug. */
export class ProcessFailedError extends Error {
  readonly result: ProcessResult<string | Uint8Array>;
  constructor(message: string, result: ProcessResult<string | Uint8Array>) {
    super(message);
    this.name = "ProcessFailedError";
    this.result = result;
  }
}

/** What execa's result holds that this module reads (its type depends on the options, which vary here). */
interface ExecaOutcome {
  readonly failed: boolean;
  readonly exitCode?: number;
  readonly signal?: string;
  readonly stdout: unknown;
  readonly stderr: unknown;
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  readonly shortMessage?: string;
  readonly originalMessage?: string;
  readonly message?: string;
  readonly code?: string;
  readonly cause?: unknown;
}

/** How long a process group has to flush its output after SIGTERM before SIGKILL. */
const GROUP_KILL_GRACE_MS = 2_000;

/** Runs `file args` to the end; never throws for how it ended (read `ok`, `exitCode`, `startError`). */
export function runProcess(file: string, args: readonly string[], options?: ProcessOptions): Promise<ProcessResult>;
export function runProcess(
  file: string,
  args: readonly string[],
  options: BinaryProcessOptions,
): Promise<ProcessResult<Uint8Array>>;
export async function runProcess(
  file: string,
  args: readonly string[],
  options: ProcessOptions & { readonly binary?: boolean } = {},
): Promise<ProcessResult<string | Uint8Array>> {
  return (await execute(file, args, options)).result;
}

/** Runs `file args` and returns its result; a ProcessStartError when it cannot start, a ProcessFailedError when it fails. */
export function runProcessOrThrow(
  file: string,
  args: readonly string[],
  options?: ProcessOptions,
): Promise<ProcessResult>;
export function runProcessOrThrow(
  file: string,
  args: readonly string[],
  options: BinaryProcessOptions,
): Promise<ProcessResult<Uint8Array>>;
export async function runProcessOrThrow(
  file: string,
  args: readonly string[],
  options: ProcessOptions & { readonly binary?: boolean } = {},
): Promise<ProcessResult<string | Uint8Array>> {
  const { result, message } = await execute(file, args, options);
  if (result.startError) throw result.startError;
  if (!result.ok) throw new ProcessFailedError(message, result);
  return result;
}

/** Runs the process to its end: the result, and execa's full message (the output included) for an error. */
async function execute(
  file: string,
  args: readonly string[],
  options: ProcessOptions & { readonly binary?: boolean },
): Promise<{ result: ProcessResult<string | Uint8Array>; message: string }> {
  const subprocess = execa(file, args, execaOptions(options));
  const group = options.processGroup ? stopGroupWhenAsked(subprocess.pid, options) : undefined;
  const outcome = (await subprocess) as unknown as ExecaOutcome;
  group?.finished();
  const result = describe(file, outcome, options, group);
  return { result, message: outcome.message ?? result.failure };
}

/** A process left running with its pipes open (binary), for a conversation over stdin and stdout. */
export interface RunningProcess {
  readonly pid: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  /** Settles (never rejects) once the process has ended. */
  readonly ended: Promise<ProcessResult<Uint8Array>>;
  /**
   * Whether this process keeps Node running: an idle helper must not (a CLI would never exit), one that still owes
   * answers must (Node could exit before they arrive).
   */
  hold(held: boolean): void;
}

/** Starts `file args` with stdin and stdout as pipes (stderr discarded) and returns at once. */
export function startProcess(
  file: string,
  args: readonly string[],
  options: Pick<ProcessOptions, "cwd" | "env"> = {},
): RunningProcess {
  const subprocess = execa(file, args, {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    extendEnv: true,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "ignore",
    buffer: false,
    reject: false,
    encoding: "buffer",
  });
  const ended = subprocess.then((outcome) =>
    describe(file, outcome as unknown as ExecaOutcome, { binary: true }, undefined),
  ) as Promise<ProcessResult<Uint8Array>>;
  return {
    pid: subprocess.pid,
    stdin: subprocess.stdin,
    stdout: subprocess.stdout,
    ended,
    hold(held) {
      for (const handle of [subprocess, subprocess.stdin, subprocess.stdout]) {
        const refable = handle as { ref?: () => void; unref?: () => void } | null;
        if (held) refable?.ref?.();
        else refable?.unref?.();
      }
    },
  };
}

function execaOptions(options: ProcessOptions & { readonly binary?: boolean }): Options {
  const output = options.appendOutputTo;
  return {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    extendEnv: true,
    reject: false,
    ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" }),
    // A log is not also kept in memory: a build's output can be large (and execa stops a process past maxBuffer).
    ...(output !== undefined
      ? { stdout: { file: output, append: true }, stderr: { file: output, append: true }, buffer: false }
      : {}),
    // Bytes are kept exactly: an archive or a blob may well end with a newline.
    ...(options.binary ? { encoding: "buffer", stripFinalNewline: false } : {}),
    shell: options.shell === true,
    // A process group is stopped by this module (stopGroupWhenAsked), a single process by execa.
    ...(options.processGroup
      ? { detached: true }
      : {
          ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
          ...(options.signal ? { cancelSignal: options.signal } : {}),
        }),
  };
}

interface GroupWatch {
  readonly timedOut: () => boolean;
  readonly cancelled: () => boolean;
  /** Clears the timers and kills whatever of the group is still running. */
  readonly finished: () => void;
}

function stopGroupWhenAsked(pid: number | undefined, options: ProcessOptions): GroupWatch {
  let timedOut = false;
  let cancelled = false;
  let forceKill: NodeJS.Timeout | undefined;
  const stop = (): void => {
    signalGroup(pid, "SIGTERM");
    // Give the tree a moment to flush its output, then end it for good.
    forceKill ??= setTimeout(() => signalGroup(pid, "SIGKILL"), GROUP_KILL_GRACE_MS);
  };
  const timer =
    options.timeoutMs !== undefined && options.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs)
      : undefined;
  const onAbort = (): void => {
    cancelled = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  return {
    timedOut: () => timedOut,
    cancelled: () => cancelled,
    finished: () => {
      clearTimeout(timer);
      clearTimeout(forceKill);
      options.signal?.removeEventListener("abort", onAbort);
      // Whatever the command left running would outlive it (and, for a step, the checkout it runs in).
      signalGroup(pid, "SIGKILL");
    },
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

function describe(
  file: string,
  outcome: ExecaOutcome,
  options: ProcessOptions & { readonly binary?: boolean },
  group: GroupWatch | undefined,
): ProcessResult<string | Uint8Array> {
  const timedOut = group ? group.timedOut() : outcome.timedOut;
  const cancelled = group ? group.cancelled() : outcome.isCanceled;
  const notStarted =
    outcome.failed && outcome.exitCode === undefined && outcome.signal === undefined && !timedOut && !cancelled;
  const empty = options.binary ? new Uint8Array(0) : "";
  return {
    ok: !outcome.failed,
    ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
    ...(outcome.signal !== undefined ? { signal: outcome.signal } : {}),
    stdout: (outcome.stdout as string | Uint8Array | undefined) ?? empty,
    stderr: (outcome.stderr as string | Uint8Array | undefined) ?? empty,
    timedOut,
    cancelled,
    ...(notStarted ? { startError: startError(file, outcome, options.cwd) } : {}),
    failure: outcome.failed ? (outcome.shortMessage ?? `Command failed: ${file}`) : "",
  };
}

function startError(file: string, outcome: ExecaOutcome, cwd: string | undefined): ProcessStartError {
  const code = outcome.code ?? (outcome.cause as { code?: unknown } | undefined)?.code;
  const systemCode = typeof code === "string" ? code : undefined;
  const reason = outcome.originalMessage ?? outcome.shortMessage ?? `cannot start ${file}`;
  // Node reports a missing working folder as the program missing (`spawn git ENOENT`): tell them apart.
  const message =
    systemCode === "ENOENT" && cwd !== undefined && !existsSync(cwd)
      ? `cannot start ${file}: its working folder ${cwd} does not exist: check the path`
      : systemCode === "ENOENT"
        ? `cannot start ${file}: it is not installed or not on PATH: install it or add its folder to PATH`
        : systemCode === "EACCES"
          ? `cannot start ${file}: it is not executable: check its permissions (chmod +x) or install it again`
          : `cannot start ${file}: ${reason}: check that it is installed and runs`;
  return new ProcessStartError(message, { program: file, code: systemCode, reason }, { cause: outcome.cause });
}
