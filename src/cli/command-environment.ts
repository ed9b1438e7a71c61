/** What most commands need from their context: the loaded config and a GitHub client built from env and flags. */
import { createGitHubClient, gitHubOptionsFromEnv, type GitHubClient } from "../adapters/github/client.js";
import { displayPath, loadConfig, resolveConfigPath, type ReleaseKitConfig } from "../config/index.js";
import { InputError } from "../core/errors.js";
import type { CommandContext } from "./command.js";

/** Loads the configuration named by --config (default release-kit.yml in the working directory). */
export async function loadConfigFor(ctx: CommandContext): Promise<ReleaseKitConfig> {
  const file = resolveConfigPath(ctx.cwd, ctx.globals.config);
  return loadConfig(file, { displayName: displayPath(ctx.cwd, file) });
}

/**
 * The GitHub client; `needsToken` makes a missing token a usage error before any request. With the config, the run
 * waits for rate limits up to its `github.rate-limit-wait-minutes`; a limit that outlasts it names this command line.
 */
export function gitHubFor(ctx: CommandContext, needsToken: boolean, config?: ReleaseKitConfig): GitHubClient {
  const options = gitHubOptionsFromEnv(ctx.env, {
    token: ctx.globals.token,
    verbose: ctx.globals.verbose,
    logger: ctx.logger,
    rateLimitWaitMinutes: config?.github.rateLimitWaitMinutes,
    resumeHint: ctx.invocation,
  });
  if (needsToken && !options.token) {
    throw new InputError(
      "no GitHub token: set GITHUB_TOKEN (or pass --token) to a token that can write the repository",
    );
  }
  return createGitHubClient(options);
}

/** A string flag's value, or undefined. */
export function stringFlag(values: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}
