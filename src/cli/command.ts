/**
 * The contract every CLI command implements. `src/cli/main.ts` parses global flags, finds the command by its
 * words (`config check`, `conda-forge pr`), parses the command's own flags with `node:util` parseArgs and calls `run`.
 * A command returns its exit code; user errors are thrown as `UserError`s and turned into one line in one place.
 */
import type { Logger } from "../core/logger.js";

/** One flag of a command, in `node:util` parseArgs terms plus help text. */
export interface FlagSpec {
  readonly name: string;
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  /** Shown in `--help`; say what it does and its default. */
  readonly description: string;
  /** Placeholder shown in help for string flags, e.g. `VERSION`. */
  readonly valueName?: string;
}

/** Global flags every command accepts. */
export interface GlobalOptions {
  readonly config?: string;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly token?: string;
}

/** What a command gets besides its own flags. */
export interface CommandContext {
  readonly globals: GlobalOptions;
  readonly logger: Logger;
  /** Writes to standard output (the command's result: plans, diffs, JSON). */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop and clean up. */
  readonly signal: AbortSignal;
  /** The command line that ran, without a `--token` value, to name the command that resumes a stopped run. */
  readonly invocation?: string;
  /**
   * What a command that can resume tells the CLI once it knows, so that an interrupted or failed run prints the
   * exact command that continues it: a run id made up locally is lost with the process unless it is printed.
   */
  readonly resume?: ResumeHint;
  /** Asks a person a question, the default in brackets; absent when stdin or stderr is not a terminal. */
  readonly ask?: (question: string, defaultAnswer: string) => Promise<string>;
}

/** Filled in by a resumable command: the run id it uses (given or made up) and the flag that passes it back. */
export interface ResumeHint {
  runId?: string;
  /** True when the id came from --run-id or the environment, so "the same command" already carries it. */
  runIdGiven?: boolean;
}

/** Parsed flags of a command: values by flag name, positionals in order. */
export interface ParsedFlags {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** A CLI command. */
export interface Command {
  /** Words that select it, e.g. `["conda-forge", "bump-recipe"]`. */
  readonly words: readonly string[];
  readonly summary: string;
  /** Usage line after `release-kit <words>`, e.g. `DIR --version V --sha256 HEX`. */
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  /** Whether positional arguments are accepted. */
  readonly allowPositionals?: boolean;
  run(flags: ParsedFlags, ctx: CommandContext): Promise<number>;
}
