/**
 * Reading the command line: global options may come before the command's words (`release-kit --json conda-forge
 * bump-recipe ...`) or anywhere after them, and every mistake (an unknown option, a missing value, a value given to a
 * switch) is one line in release-kit's words with a did-you-mean, never node:util's own text.
 */
import { parseArgs } from "node:util";
import { suggestClosest } from "../config/suggest-closest.js";
import { InputError } from "../core/errors.js";
import type { Command, GlobalOptions, ParsedFlags } from "./command.js";

type OptionSpec = { type: "string" | "boolean"; multiple?: boolean; short?: string };

/** The options every command accepts, before or after its words. */
export const globalFlags: Readonly<Record<string, OptionSpec>> = {
  config: { type: "string" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  verbose: { type: "boolean" },
  token: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
};

/** `--name` of an option as the user typed it (`--config=x` -> `--config`). */
function optionName(arg: string): string {
  return arg.startsWith("--") ? (arg.split("=")[0] ?? arg) : arg;
}

/** The line for an option nobody defines: what was typed, where, the closest real one, what to do. */
function unknownOption(raw: string, known: readonly string[], where: string, advice: string): InputError {
  const typed = raw.replace(/^-+/, "");
  const guess = typed === "" ? undefined : suggestClosest(typed, known);
  const mean = guess === undefined ? "" : ` (did you mean --${guess}?)`;
  return new InputError(`unknown option ${raw} ${where}${mean}; ${advice}`);
}

/**
 * Takes the global options off the front of argv (before the command's words) and returns them apart from the rest.
 * Anything else that looks like an option there is refused: a command's own options come after its words.
 */
export function splitLeadingGlobals(argv: readonly string[]): { leading: string[]; rest: string[] } {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-") || arg === "-" || arg === "--") break;
    const name = arg === "-h" ? "help" : optionName(arg).replace(/^--/, "");
    const spec = arg.startsWith("--") || arg === "-h" ? globalFlags[name] : undefined;
    if (!spec) {
      throw unknownOption(
        optionName(arg),
        Object.keys(globalFlags),
        "before the command",
        "only --config, --dry-run, --json, --verbose and --token go there, a command's own options after its words",
      );
    }
    leading.push(arg);
    if (spec.type === "string" && !arg.includes("=")) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("-")) {
        throw new InputError(
          `${arg} needs a value before the command (e.g. ${arg} ${name === "config" ? "PATH" : "VALUE"})`,
        );
      }
      leading.push(value);
      i += 1;
    }
    i += 1;
  }
  return { leading, rest: argv.slice(i) };
}

/** Parses a command's options (its own and the global ones, in any order); one InputError line for any mistake. */
export function parseCommandFlags(
  command: Command,
  argv: readonly string[],
): { flags: ParsedFlags; globals: GlobalOptions; help: boolean } {
  const options: Record<string, OptionSpec> = { ...globalFlags };
  for (const f of command.flags) {
    options[f.name] = {
      type: f.type,
      ...(f.multiple ? { multiple: true } : {}),
      ...(f.short ? { short: f.short } : {}),
    };
  }
  const words = command.words.join(" ");
  const helpCommand = `release-kit ${words} --help`;
  // Not strict: node:util's own errors are not release-kit's words; every token is checked below instead.
  const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) {
      const advice = `run \`${helpCommand}\` for the options`;
      throw unknownOption(token.rawName, Object.keys(options), `for \`release-kit ${words}\``, advice);
    }
    const valueName = command.flags.find((f) => f.name === token.name)?.valueName ?? "VALUE";
    if (spec.type === "string") {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-"))) {
        throw new InputError(
          `${token.rawName} needs a value (${token.rawName} ${valueName}); to give one that starts with "-", write ${token.rawName}=VALUE`,
        );
      }
    } else if (token.value !== undefined) {
      throw new InputError(`${token.rawName} is a switch and takes no value (got "${token.value}")`);
    }
  }
  if (!command.allowPositionals && parsed.positionals.length > 0) {
    throw new InputError(`unexpected argument "${parsed.positionals[0]}"; run \`${helpCommand}\``);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const globals: GlobalOptions = {
    config: v.config as string | undefined,
    dryRun: v["dry-run"] === true,
    json: v.json === true,
    verbose: v.verbose === true,
    token: v.token as string | undefined,
  };
  return { flags: { values: v, positionals: parsed.positionals }, globals, help: v.help === true };
}
