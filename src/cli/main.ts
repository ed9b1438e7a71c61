/**
 * The `release-kit` command line: global flags, the command registry, and the one place where errors
 * become exit codes (0 success, 1 failed or found problems, 2 bad usage, config or input).
 */
import { ConfigError, describeFailure, InputError, RemoteError, ResumableRefusalError } from "../core/errors.js";
import type { Command, CommandContext, ResumeHint } from "./command.js";
import { painter, useColour } from "./colours.js";
import { createConsoleLogger, withProgressLine } from "./console-logger.js";
import { commands, type CommandEntry } from "./commands/index.js";
import { parseCommandFlags, splitLeadingGlobals } from "./parse-command-line.js";
import { suggestClosest } from "../config/suggest-closest.js";

const GLOBAL_HELP = [
  "  --config PATH   configuration file (default: release-kit.yml in the current directory)",
  "  --dry-run       show every write that would be made, and make none",
  "  --json          machine-readable output",
  "  --verbose       log each GitHub request (method, route, status, ms) and show stack traces",
  "  --token TOKEN   GitHub token (default: GITHUB_TOKEN); never printed",
  "  -h, --help      help for release-kit or a command",
];

/** Where the CLI reads and writes; injectable so tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signal?: AbortSignal;
  /** stderr is a terminal: a wait's heartbeat updates one line instead of printing many. */
  readonly stderrIsTTY?: boolean;
  /** Asks a person a question (stdin and stderr are a terminal); absent otherwise. */
  readonly ask?: (question: string, defaultAnswer: string) => Promise<string>;
}

function findCommand(argv: readonly string[]): { entry: CommandEntry; rest: string[] } | undefined {
  let best: { entry: CommandEntry; rest: string[] } | undefined;
  for (const entry of commands) {
    const n = entry.words.length;
    if (argv.length >= n && entry.words.every((w, i) => argv[i] === w)) {
      if (!best || n > best.entry.words.length) best = { entry, rest: argv.slice(n) };
    }
  }
  return best;
}

function commandHelp(command: Command): string {
  const lines = [
    `Usage: release-kit [global options] ${command.words.join(" ")} ${command.usage}`.trimEnd(),
    "",
    command.summary,
    "",
  ];
  if (command.flags.length > 0) {
    lines.push("Options:");
    for (const f of command.flags) {
      const name = `--${f.name}${f.type === "string" ? ` ${f.valueName ?? "VALUE"}` : ""}`;
      lines.push(`  ${name.padEnd(26)} ${f.description}`);
    }
    lines.push("");
  }
  lines.push("Global options (before or after the command's words):", ...GLOBAL_HELP);
  return lines.join("\n");
}

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.words.join(" ").length));
  return [
    "release-kit: release candidates, conda-forge feedstock PRs, downstream checks and a live release checklist.",
    "",
    "Usage: release-kit [global options] <command> [options]",
    "",
    "Global options go before or after the command (release-kit --json status, release-kit status --json);",
    "a command's own options go after its words.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    ...GLOBAL_HELP,
    "",
    "Run `release-kit <command> --help` for a command's options.",
  ].join("\n");
}

/** The line for words that name no command: the closest command, or the subcommands of a known group. */
function unknownCommand(rest: readonly string[]): InputError {
  const first = rest[0] ?? "";
  const groups = commands.filter((c) => c.words[0] === first);
  const second = rest[1];
  if (groups.length > 0) {
    const names = groups.map((c) => c.words.join(" "));
    if (second === undefined || second.startsWith("-")) {
      return new InputError(`"${first}" needs a subcommand: ${names.join(", ")}`);
    }
    const guess = suggestClosest(`${first} ${second}`, names);
    const mean = guess === undefined ? `; the subcommands are ${names.join(", ")}` : ` (did you mean "${guess}"?)`;
    return new InputError(`unknown command "${first} ${second}"${mean}; run \`release-kit --help\` for the commands`);
  }
  const firstWords = [...new Set(commands.map((c) => c.words[0] ?? ""))];
  const guess = suggestClosest(first, firstWords);
  const mean = guess === undefined ? "" : ` (did you mean "${guess}"?)`;
  return new InputError(`unknown command "${first}"${mean}; run \`release-kit --help\` for the commands`);
}

/** `release-kit ARGS` with the value of `--token` left out: the line is printed, the token must never be. */
function invocationWithoutSecrets(argv: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--token") i += 1;
    else if (!arg.startsWith("--token="))
      kept.push(/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
  }
  return ["release-kit", ...kept].join(" ");
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function runCli(argv: readonly string[], streams: CliIo): Promise<number> {
  const io = { ...streams, ...withProgressLine(streams) };
  const paint = painter(useColour(streams.env, streams.stderrIsTTY === true));
  const verbose = argv.includes("--verbose");
  const resume: ResumeHint = {};
  try {
    if (argv.length === 0) {
      io.stdout(mainHelp() + "\n");
      return 2;
    }
    const { leading, rest } = splitLeadingGlobals(argv);
    if (leading.includes("--version")) {
      io.stdout("release-kit 0.1.0\n");
      return 0;
    }
    if (rest[0] === "help" || (rest.length === 0 && leading.some((a) => a === "--help" || a === "-h"))) {
      io.stdout(mainHelp() + "\n");
      return 0;
    }
    if (rest.length === 0) throw new InputError("missing command after the global options; run `release-kit --help`");
    const found = findCommand(rest);
    if (!found) throw unknownCommand(rest);
    const command = await found.entry.load();
    const { flags, globals, help } = parseCommandFlags(command, [...leading, ...found.rest]);
    if (help) {
      io.stdout(commandHelp(command) + "\n");
      return 0;
    }
    const logger = createConsoleLogger(io.stderr, globals.verbose, io.progress, paint);
    const ctx: CommandContext = {
      globals,
      logger,
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      cwd: io.cwd,
      signal: io.signal ?? new AbortController().signal,
      invocation: invocationWithoutSecrets(argv),
      resume,
      ...(io.ask ? { ask: io.ask } : {}),
    };
    const code = await command.run(flags, ctx);
    if (io.signal?.aborted && code !== 0) return interrupted(io, argv, resume);
    return code;
  } catch (error) {
    // A wait or request cut short by Ctrl-C throws whatever the aborted call throws: that is the user's stop, not a bug.
    if (io.signal?.aborted) return interrupted(io, argv, resume);
    const failure = describeFailure(error);
    // A refusal another run's id (or a candidate number) resolves names this very command line with it.
    const message =
      error instanceof ResumableRefusalError
        ? describeFailure(new InputError(error.messageWith(withFlags(argv, error.flags, error.dropSwitches)))).message
        : failure.message;
    // One line per problem, each said once: a config with one problem is its message; with more, the message only
    // summarises them (for the action's one annotation), so here each problem gets its own line instead.
    const lines =
      error instanceof ConfigError && error.problems.length > 1
        ? error.problems.map((p) => describeFailure(new InputError(p)).message)
        : [message];
    for (const line of lines) io.stderr(`${paint.red("release-kit:")} ${line}\n`);
    if ((verbose || failure.isBug) && failure.stack) io.stderr(`${failure.stack}\n`);
    // Only a failure that says the run resumes (GitHub away or rate-limited part-way) gets the command; a refusal
    // before any write (a missing repository, a bad version) is fixed, not resumed.
    const resumable = error instanceof RemoteError && /\bresumes\b/.test(failure.message);
    if (resumable && resume.runId !== undefined && !resume.runIdGiven && !failure.message.includes("--run-id")) {
      io.stderr(`release-kit: to continue this run: ${resumeCommand(argv, resume)}\n`);
    }
    return failure.exitCode;
  }
}

/**
 * One line for a run stopped by SIGINT or SIGTERM, with the command that continues it; 130 or 143 as a shell reports
 * a process ended by that signal. Every write release-kit makes is a single create-only or compare-and-swap request,
 * so a stop between two of them leaves nothing half-done.
 */
function interrupted(io: CliIo, argv: readonly string[], resume: ResumeHint): number {
  const signal = io.signal?.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
  io.stderr(
    `release-kit: stopped by ${signal}; what was written so far stays. To continue: ${resumeCommand(argv, resume)}\n`,
  );
  return signal === "SIGTERM" ? 143 : 130;
}

/**
 * `release-kit ARGS` (no token) with each flag of `flags` (name, value pairs) set, replacing the same flag if given,
 * and without the switches `drop`.
 */
function withFlags(argv: readonly string[], flags: readonly string[], drop: readonly string[]): string {
  const names = new Set(flags.filter((_, i) => i % 2 === 0));
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (names.has(arg)) i += 1;
    else if (drop.includes(arg)) continue;
    else if (![...names].some((n) => arg.startsWith(`${n}=`))) kept.push(arg);
  }
  return invocationWithoutSecrets([...kept, ...flags]);
}

/** The command line that continues a run: the same words (no token), plus `--run-id` when this run made its id up. */
function resumeCommand(argv: readonly string[], resume: ResumeHint): string {
  const words = [...argv];
  if (
    resume.runId !== undefined &&
    !resume.runIdGiven &&
    !words.some((w) => w === "--run-id" || w.startsWith("--run-id="))
  ) {
    words.push("--run-id", resume.runId);
  }
  return invocationWithoutSecrets(words);
}
