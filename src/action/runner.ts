/**
 * The runner's side of an action: inputs, outputs, masks, log lines and the job summary, written in the runner's own
 * protocol as GitHub documents it (workflow commands on stdout, environment files named by GITHUB_* variables). We
 * speak it ourselves rather than load @actions/core: its top module loads http, https and tls for OIDC tokens, which
 * no release-kit action asks for (about 27 ms of every step's start), and its current major exports only that module.
 * Every function writes the same bytes as @actions/core's function of the same name (a property test compares them).
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { EOL } from "node:os";

/** A value as the runner receives it: strings as they are, nothing as empty, anything else as JSON. */
function commandValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Escapes a command's data: `%`, CR and LF, so the text can neither end the command nor start another. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a command property's value: as data, plus the `:` and `,` that separate properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Writes one workflow command line, `::name key=value,...::data`. A property with an empty value is left out, but the
 * space before the properties stays whenever any are named: the runner reads both, and the bytes match @actions/core's.
 */
function command(name: string, properties: Readonly<Record<string, string>>, data: string): void {
  const entries = Object.entries(properties);
  const props = entries
    .filter(([, value]) => value !== "")
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(",");
  process.stdout.write(`::${name}${entries.length > 0 ? ` ${props}` : ""}::${escapeData(data)}${EOL}`);
}

/**
 * Appends `name=value` to one of the runner's environment files (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE) as a
 * heredoc with a random delimiter, so a value with newlines or `=` round-trips; a delimiter that occurs in the
 * name or value could end it early, so that is refused.
 */
export function appendToEnvironmentFile(variable: string, name: string, value: unknown): void {
  const file = process.env[variable];
  // The same words as @actions/core's, for the one case (`GITHUB_ENV` etc. named but not set) that reaches them.
  if (!file)
    throw new Error(`Unable to find environment variable for file command ${variable.replace(/^GITHUB_/, "")}`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const text = commandValue(value);
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (text.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: "utf8" });
}

/** An input as the runner passes it (`INPUT_<NAME>`), trimmed; empty when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** Sets a step output: through the GITHUB_OUTPUT file, or the old `set-output` command where there is none. */
export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) {
    appendToEnvironmentFile("GITHUB_OUTPUT", name, value);
    return;
  }
  process.stdout.write(EOL);
  command("set-output", { name }, commandValue(value));
}

/** Masks a value in every later log line of the job. */
export function setSecret(secret: string): void {
  command("add-mask", {}, secret);
}

/** A debug line (shown when the run has debug logging on). */
export function debug(message: string): void {
  command("debug", {}, message);
}

/** A plain log line. */
export function info(message: string): void {
  process.stdout.write(message + EOL);
}

/** A warning annotation. */
export function warning(message: string): void {
  command("warning", {}, message);
}

/** An error annotation. */
export function error(message: string): void {
  command("error", {}, message);
}

/** Fails the step: an error annotation and exit code 1. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Opens a foldable log group: the lines after it, up to `endGroup`, fold under `name`. */
export function startGroup(name: string): void {
  command("group", {}, name);
}

/** Closes the open log group. */
export function endGroup(): void {
  command("endgroup", {}, "");
}

/** Runs `fn` inside a foldable log group. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await fn();
  } finally {
    endGroup();
  }
}

/**
 * Appends Markdown to the job summary (the GITHUB_STEP_SUMMARY file). A step without one fails, as it did with
 * @actions/core: every runner that runs our actions provides it, so its absence means a broken environment.
 */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file)
    throw new Error(
      "Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.",
    );
  await appendFile(file, markdown, { encoding: "utf8" });
}
