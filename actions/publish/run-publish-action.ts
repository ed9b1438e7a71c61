/** The body of the publish action, loaded by main.ts once the required inputs are there. */
import * as runner from "../../src/action/runner.js";
import path from "node:path";
import { booleanInput, optionalInput, requiredInput } from "../../src/action/action-inputs.js";
import { actionToken, type ActionContext } from "../../src/action/run-action.js";
import { createGitHubClient, gitHubOptionsFromEnv } from "../../src/adapters/github/client.js";
import { loadConfig } from "../../src/config/index.js";
import { InputError } from "../../src/core/errors.js";
import { publishRelease } from "../../src/flows/publish/publish-release.js";
import { renderPublishSummary, renderPublishText } from "../../src/flows/publish/render-publish.js";
import { publishSettingsFrom } from "../../src/flows/publish/settings.js";

/** Runs the publish action. */
export async function runPublishAction({ logger, env }: ActionContext): Promise<void> {
  const dryRun = booleanInput("dry-run", false);
  const configPath = path.resolve(env.GITHUB_WORKSPACE ?? process.cwd(), optionalInput("config") ?? "release-kit.yml");
  const config = await loadConfig(configPath, { displayName: optionalInput("config") ?? "release-kit.yml" });
  const settings = publishSettingsFrom(config, { tag: requiredInput("tag") }, env);
  const token = actionToken(env);
  if (!token && !dryRun)
    throw new InputError("no token: pass `token: ${{ secrets.GITHUB_TOKEN }}` (actions: write) or set GITHUB_TOKEN");
  const gh = createGitHubClient(
    gitHubOptionsFromEnv(env, {
      token,
      logger,
      maskSecret: (s) => runner.setSecret(s),
      rateLimitWaitMinutes: config.github.rateLimitWaitMinutes,
    }),
  );
  const result = await publishRelease(gh, settings, logger, { dryRun });
  logger.info(renderPublishText(result));
  runner.setOutput("action", result.plan.action);
  runner.setOutput("run-url", result.outcome?.runUrl ?? result.plan.run?.url ?? "");
  runner.setOutput("files", (result.outcome?.files ?? []).map((f) => f.filename).join("\n"));
  await runner.appendSummary(renderPublishSummary(result));
}
