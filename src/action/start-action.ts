/**
 * The first code every action runs. It checks the required inputs with nothing but `process.env` and
 * `process.stdout`, and only then loads the flow (a megabyte of bundled code with its libraries), so that a step
 * with a missing input is told so in about the time Node takes to start.
 */
import { writeSync } from "node:fs";
import type { ActionContext } from "./run-action.js";

/** The body of an action, as its entry loads it: a function from the action's flow chunk. */
export type ActionBody = (ctx: ActionContext) => Promise<void>;

/** The runner's variable for an input: `INPUT_` and the name upper-cased with spaces as underscores. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/**
 * The one line for a missing required input, as `requiredInput` words it (a test keeps them equal; importing it
 * from there would put the two modules in a shared chunk the entry must load). It names the input only, our own
 * constant and never user text, so it needs none of the error module's cleaning.
 */
export function missingInputMessage(name: string): string {
  return `input "${name}" is required: set it in the step's \`with:\``;
}

/** The required inputs that are empty or unset, in the order given. */
export function missingInputs(names: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return names.filter((name) => (env[inputVariable(name)] ?? "").trim() === "");
}

/**
 * The `::error::` workflow command for a message, escaped as the runner reads it (`%`, CR and LF), so a message
 * can neither end the command early nor start another one. The same bytes as `core.setFailed` writes.
 */
export function errorCommand(message: string): string {
  const data = message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return `::error::${data}\n`;
}

/**
 * Writes a workflow command to stdout. `writeSync` on fd 1 rather than `process.stdout`, whose stream costs more to
 * set up than the rest of a failing step; the line is short, so a busy pipe is retried rather than given up on.
 */
function writeCommand(line: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      writeSync(1, line);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN" || attempt >= 100) throw error;
    }
  }
}

/**
 * Runs an action: fails the step at once when a required input is missing, else loads the body (the flow) and
 * `runAction` (the runner's commands) and runs it. Never rejects: the entry calls it without awaiting (the entry is
 * CommonJS, for the start-up time, and has no top-level await), so any failure must end as a failed step here.
 */
export async function startAction(required: readonly string[], loadBody: () => Promise<ActionBody>): Promise<void> {
  const missing = missingInputs(required, process.env)[0];
  if (missing !== undefined) {
    writeCommand(errorCommand(missingInputMessage(missing)));
    process.exitCode = 1;
    return;
  }
  try {
    const [{ runAction }, body] = await Promise.all([import("./run-action.js"), loadBody()]);
    await runAction(body);
  } catch (error) {
    // Only a broken bundle gets here (runAction reports every failure of the body itself).
    const detail = error instanceof Error ? error.message : String(error);
    writeCommand(errorCommand(`internal error (this is a bug in release-kit, please report it): ${detail}`));
    process.exitCode = 1;
  }
}
