/** The body of the cut-release action, loaded by main.ts once the required inputs are there. */
import * as runner from "../../src/action/runner.js";
import path from "node:path";
import { booleanInput, choiceInput, optionalInput } from "../../src/action/action-inputs.js";
import { actionToken, type ActionContext } from "../../src/action/run-action.js";
import { createGitHubClient, gitHubOptionsFromEnv } from "../../src/adapters/github/client.js";
import { loadConfig } from "../../src/config/index.js";
import { InputError } from "../../src/core/errors.js";
import { cutRelease } from "../../src/flows/cut-release/cut-release.js";
import {
  cutPullRequest,
  cutReleaseUrl,
  cutSha,
  renderCutSummary,
  renderCutText,
} from "../../src/flows/cut-release/render-cut.js";
import { cutSettingsFrom } from "../../src/flows/cut-release/settings.js";

/** Runs the cut-release action. */
export async function runCutReleaseAction({ logger, env }: ActionContext): Promise<void> {
  const kind = choiceInput("kind", ["rc", "final"] as const, "rc");
  const dryRun = booleanInput("dry-run", false);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const configPath = path.resolve(workspace, optionalInput("config") ?? "release-kit.yml");
  const report = optionalInput("downstream-report");
  const config = await loadConfig(configPath, { displayName: optionalInput("config") ?? "release-kit.yml" });
  const settings = cutSettingsFrom(
    config,
    {
      kind,
      version: optionalInput("version"),
      rc: optionalInput("rc"),
      next: booleanInput("next", false),
      nextHint: "the input next: true",
      fromBranch: booleanInput("from-branch", false),
      viaPr: booleanInput("via-pr", false),
      ...(report !== undefined ? { downstreamReport: path.resolve(workspace, report) } : {}),
    },
    env,
  );
  const token = actionToken(env);
  if (!token && !dryRun)
    throw new InputError("no token: pass `token: ${{ secrets.GITHUB_TOKEN }}` (contents: write) or set GITHUB_TOKEN");
  const gh = createGitHubClient(
    gitHubOptionsFromEnv(env, {
      token,
      logger,
      maskSecret: (s) => runner.setSecret(s),
      rateLimitWaitMinutes: config.github.rateLimitWaitMinutes,
    }),
  );
  const result = await cutRelease(gh, settings, logger, { dryRun });
  logger.info(renderCutText(result));
  runner.setOutput("version", result.plan.version);
  runner.setOutput("tag", result.plan.tag);
  runner.setOutput("branch", result.plan.branch);
  runner.setOutput("sha", cutSha(result) ?? "");
  runner.setOutput("release-url", cutReleaseUrl(result) ?? "");
  const pull = cutPullRequest(result);
  runner.setOutput("pull-request-url", pull?.url ?? "");
  runner.setOutput("pull-request-number", pull?.number?.toString() ?? "");
  await runner.appendSummary(renderCutSummary(result));
}
