/**
 * The one try/catch of every action: runs the action's body, turns any failure into `runner.setFailed` with
 * one line (a user error) or a bug report line, and never leaves a failed step green.
 */
import * as runner from "./runner.js";
import { describeFailure } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { createActionLogger } from "./action-logger.js";

/** What an action body gets. */
export interface ActionContext {
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Runs an action body. Resolves when done; failures set the exit code, they never throw out. Entries reach it
 * through `startAction`, which has already checked the required inputs.
 */
export async function runAction(body: (ctx: ActionContext) => Promise<void>): Promise<void> {
  const logger = createActionLogger();
  for (const name of ["GITHUB_TOKEN", "INPUT_TOKEN"]) {
    const secret = process.env[name];
    if (secret) runner.setSecret(secret);
  }
  try {
    await body({ logger, env: process.env });
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.isBug && failure.stack) runner.debug(failure.stack);
    runner.setFailed(failure.message);
  }
}

/** The token: the `token` input, else GITHUB_TOKEN; masked before use. */
export function actionToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = runner.getInput("token") || env.GITHUB_TOKEN || undefined;
  if (token) runner.setSecret(token);
  return token;
}
