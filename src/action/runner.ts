/**
 * The runner's side of an action: inputs, outputs, masks, log lines and the job summary. The protocol code is
 * @actions/core's own (its lib/command, lib/file-command and lib/summary modules, which do the escaping, the
 * GITHUB_OUTPUT delimiters and the summary file); only its top module is left out, because it loads http, https and
 * tls for OIDC tokens, which no release-kit action asks for, and that was about 27 ms of every action's start.
 * The functions behave as @actions/core's of the same name (a test compares their output byte for byte).
 */
import { issue, issueCommand } from "@actions/core/lib/command.js";
import { issueFileCommand, prepareKeyValueMessage } from "@actions/core/lib/file-command.js";
import { toCommandValue } from "@actions/core/lib/utils.js";
import { EOL } from "node:os";

export { summary } from "@actions/core/lib/summary.js";

/** An input as the runner passes it (`INPUT_<NAME>`), trimmed; empty when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** Sets a step output: through the GITHUB_OUTPUT file, or the old `set-output` command where there is none. */
export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) {
    issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
    return;
  }
  process.stdout.write(EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}

/** Masks a value in every later log line of the job. */
export function setSecret(secret: string): void {
  issueCommand("add-mask", {}, secret);
}

/** A debug line (shown when the run has debug logging on). */
export function debug(message: string): void {
  issueCommand("debug", {}, message);
}

/** A plain log line. */
export function info(message: string): void {
  process.stdout.write(message + EOL);
}

/** A warning annotation. */
export function warning(message: string): void {
  issueCommand("warning", {}, message);
}

/** An error annotation. */
export function error(message: string): void {
  issueCommand("error", {}, message);
}

/** Fails the step: an error annotation and exit code 1. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Runs `fn` inside a foldable log group. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue("group", name);
  try {
    return await fn();
  } finally {
    issue("endgroup");
  }
}
