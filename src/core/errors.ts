/**
 * Typed errors. A user error is one line that says what is wrong and what to do; it maps to exit code 2
 * (bad usage, config or input) or 1 (the operation failed or found problems). Anything else is a bug.
 * The one place that turns errors into exit codes and messages is `describeFailure` below.
 */

/** Base class of every error release-kit expects a user to see and act on. */
export abstract class UserError extends Error {
  /** Process exit code for this error. */
  abstract readonly exitCode: 1 | 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The configuration file is missing, malformed or inconsistent. Exit 2. */
export class ConfigError extends UserError {
  readonly exitCode = 2 as const;
  /** Every problem found, one line each (`FILE:LINE: key.path: what is wrong (what was expected)`). */
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = []) {
    super(message);
    this.problems = problems;
  }
}

/** A flag, action input or argument is invalid. Exit 2. */
export class InputError extends UserError {
  readonly exitCode = 2 as const;
}

/** The remote state forbids the operation (a check is red, a tag exists elsewhere, no RC yet...). Exit 1. */
export class ConflictError extends UserError {
  readonly exitCode = 1 as const;
}

/**
 * The remote changed between observe and apply (another run moved a branch or opened the same PR). The flows catch
 * it and observe and plan again; one that escapes after the last attempt is a conflict the user can rerun, not a bug.
 */
export class RemoteMovedError extends ConflictError {}

/**
 * A refusal that the same command line resolves once it carries other flags (`--run-id local-4d35bce5` to continue
 * the run that left a candidate half-cut). The message is composed around a command: the CLI passes its own
 * invocation with `flags` put in, so the line names the exact command; elsewhere `fallbackCommand` stands in.
 */
export class ResumableRefusalError extends ConflictError {
  /** The flags (name, value, ...) the command that resolves it adds or replaces. */
  readonly flags: readonly string[];
  /** Switches (no value) the command that resolves it leaves out, as they would contradict `flags`. */
  readonly dropSwitches: readonly string[];
  private readonly compose: (command: string) => string;
  constructor(
    compose: (command: string) => string,
    flags: readonly string[],
    fallbackCommand: string,
    dropSwitches: readonly string[] = [],
  ) {
    super(compose(fallbackCommand));
    this.compose = compose;
    this.flags = flags;
    this.dropSwitches = dropSwitches;
  }

  /** The message naming `command` as the one that continues. */
  messageWith(command: string): string {
    return this.compose(command);
  }
}

/** A pre-flight check failed; nothing was written. Exit 1. */
export class PreflightError extends UserError {
  readonly exitCode = 1 as const;
}

/** A remote system (GitHub, the package index, a download) failed in a way the user can act on. Exit 1. */
export class RemoteError extends UserError {
  readonly exitCode = 1 as const;
}

/**
 * GitHub refused a request for a reason a repository setting or another token fixes (the message says which). It
 * keeps GitHub's status and answer, so a flow that recognises the refusal by status or message still does.
 */
export class GitHubRefusalError extends RemoteError {
  readonly status: number;
  readonly response: unknown;
  constructor(message: string, status: number, response: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.response = response;
  }
}

/**
 * A program release-kit runs could not be started: not installed, not on PATH, not executable, or its working folder
 * is gone. Exit 1. The message names the program and what to do; `reason` keeps the system's own words
 * (`spawn tar ENOENT`) for logs.
 */
export class ProcessStartError extends UserError {
  readonly exitCode = 1 as const;
  /** The program as it was asked for (`git`, `/usr/bin/tar`). */
  readonly program: string;
  /** The system error code (ENOENT, EACCES...), when there is one. */
  readonly code: string | undefined;
  /** The system's message, e.g. `spawn tar ENOENT`. */
  readonly reason: string;
  constructor(
    message: string,
    details: { program: string; code: string | undefined; reason: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.program = details.program;
    this.code = details.code;
    this.reason = details.reason;
  }
}

/** The operation ran and found problems (a regression, a hash mismatch...). Exit 1. */
export class OperationFailedError extends UserError {
  readonly exitCode = 1 as const;
}

/** Turns anything thrown (including non-Error values) into a message and an exit code. */
export function describeFailure(error: unknown): { message: string; exitCode: 1 | 2; isBug: boolean; stack?: string } {
  if (error instanceof UserError) {
    return { message: oneLine(error.message), exitCode: error.exitCode, isBug: false, stack: error.stack };
  }
  const http = httpErrorOf(error);
  if (http) {
    // An answer of GitHub's that no flow expected (a permission, a validation): report it plainly, not as a bug.
    return {
      message: oneLine(
        `GitHub answered ${http.status} to ${http.request}: ${errorMessage(error)} (check the token's permissions and the inputs; --verbose shows every request)`,
      ),
      exitCode: 1,
      isBug: false,
      stack: error instanceof Error ? error.stack : undefined,
    };
  }
  const message = errorMessage(error);
  return {
    message: `internal error (this is a bug in release-kit, please report it): ${message}`,
    exitCode: 1,
    isBug: true,
    stack: error instanceof Error ? error.stack : undefined,
  };
}

/** The status and request of an HTTP error as Octokit raises it (duck-typed: core imports no client). */
function httpErrorOf(error: unknown): { status: number; request: string } | undefined {
  const e = error as { status?: unknown; request?: { method?: unknown; url?: unknown } } | null;
  if (!e || typeof e.status !== "number" || e.status < 400 || typeof e.request?.method !== "string") return undefined;
  return { status: e.status, request: `${e.request.method} ${typeof e.request.url === "string" ? e.request.url : ""}` };
}

/** The message of any thrown value, for logs. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/**
 * One printable line: line breaks become spaces and other control characters (which could rewrite the
 * terminal or fake a workflow command) become U+FFFD, since messages quote user input.
 */
function oneLine(text: string): string {
  return text
    .replace(/\s*[\r\n\u2028\u2029]+\s*/g, " ")
    .replace(/\t/g, " ")
    .replace(/\p{Cc}/gu, "\ufffd")
    .trim();
}
