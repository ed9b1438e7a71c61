/**
 * The first code every action runs. It checks the required inputs with nothing but `process.env` and
 * `process.stdout`, and only then loads `@actions/core` and the flow. `@actions/core` pulls in http, https and
 * tls (for OIDC) as it loads, which costs about as much as starting Node itself; a step with a missing input
 * should not pay that to be told so.
 */
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
 * Runs an action: fails the step at once when a required input is missing, else loads the body (the flow chunk)
 * and `runAction` (with `@actions/core`) and runs it.
 */
export async function startAction(required: readonly string[], loadBody: () => Promise<ActionBody>): Promise<void> {
  const missing = missingInputs(required, process.env)[0];
  if (missing !== undefined) {
    process.stdout.write(errorCommand(missingInputMessage(missing)));
    process.exitCode = 1;
    return;
  }
  const { runAction } = await import("./run-action.js");
  await runAction(async (ctx) => (await loadBody())(ctx));
}
