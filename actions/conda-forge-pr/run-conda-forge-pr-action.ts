/** The body of the conda-forge-pr action, loaded by main.ts once the required inputs are there. */
import * as runner from "../../src/action/runner.js";
import path from "node:path";
import { booleanInput, optionalInput } from "../../src/action/action-inputs.js";
import { actionToken, type ActionContext } from "../../src/action/run-action.js";
import { createGitHubClient, gitHubOptionsFromEnv } from "../../src/adapters/github/client.js";
import { loadConfig } from "../../src/config/index.js";
import { InputError } from "../../src/core/errors.js";
import { millisFromEnv } from "../../src/core/millis-from-env.js";
import { condaForgePr } from "../../src/flows/conda-forge/conda-forge-pr.js";
import { renderFeedstockPrSummary, renderFeedstockPrText } from "../../src/flows/conda-forge/render-feedstock-pr.js";
import { feedstockPrSettingsFrom } from "../../src/flows/conda-forge/settings.js";
import { condaForgeDependents } from "../../src/flows/conda-forge-dependents/conda-forge-dependents.js";
import {
  renderDependentsSummary,
  renderDependentsText,
} from "../../src/flows/conda-forge-dependents/render-dependents.js";
import { dependentsSettingsFrom } from "../../src/flows/conda-forge-dependents/settings.js";

/** Runs the conda-forge-pr action. */
export async function runCondaForgePrAction({ logger, env }: ActionContext): Promise<void> {
  const dryRun = booleanInput("dry-run", false);
  const configName = optionalInput("config") ?? "release-kit.yml";
  const config = await loadConfig(path.resolve(env.GITHUB_WORKSPACE ?? process.cwd(), configName), {
    displayName: configName,
  });
  const settings = feedstockPrSettingsFrom(
    config,
    {
      version: optionalInput("version"),
      checklistUrl: optionalInput("checklist-url"),
      forkOwner: optionalInput("fork-owner"),
    },
    env,
  );
  const token = actionToken(env);
  if (!token && !dryRun)
    throw new InputError(
      "no token: pass `token:` a machine user's classic personal access token (scopes public_repo and workflow), which can fork the feedstock and open the PR",
    );
  const gh = createGitHubClient(
    gitHubOptionsFromEnv(env, {
      token,
      logger,
      maskSecret: (s) => runner.setSecret(s),
      rateLimitWaitMinutes: config.github.rateLimitWaitMinutes,
    }),
  );
  const sourcePollMs = millisFromEnv(env, "RELEASE_KIT_SOURCE_POLL_MS");
  const forkReadyPollMs = millisFromEnv(env, "RELEASE_KIT_FORK_POLL_MS");
  const result = await condaForgePr(gh, settings, logger, {
    dryRun,
    env,
    ...(sourcePollMs !== undefined ? { sourcePollMs } : {}),
    ...(forkReadyPollMs !== undefined ? { forkReadyPollMs } : {}),
  });
  logger.info(renderFeedstockPrText(result));
  const { plan, outcome } = result;
  runner.setOutput("pr-url", outcome?.prUrl ?? (plan.pull.action === "create" ? "" : plan.pull.url));
  runner.setOutput("branch", `${plan.fork}:${plan.branch}`);
  runner.setOutput("sha256", plan.sources.map((s) => s.sha256).join(" "));
  await runner.appendSummary(renderFeedstockPrSummary(result));
  if (booleanInput("dependents", false)) {
    // The dependents build against the candidate the PR above packages: same version, token and checklist link. Their
    // builds need the candidate on its label, which only the merged feedstock PR's upload puts there: wait for it, up
    // to conda-forge.label-wait-minutes, with the wait's heartbeat in the log.
    const labelPollMs = millisFromEnv(env, "RELEASE_KIT_LABEL_POLL_MS");
    const dependents = await condaForgeDependents(
      gh,
      dependentsSettingsFrom(
        config,
        { version: settings.version, checklistUrl: settings.checklistUrl, waitForLabel: settings.kind === "rc" },
        env,
      ),
      logger,
      {
        dryRun,
        env,
        ...(forkReadyPollMs !== undefined ? { forkReadyPollMs } : {}),
        ...(labelPollMs !== undefined ? { labelPollMs } : {}),
      },
    );
    logger.info(renderDependentsText(dependents));
    runner.setOutput(
      "dependent-prs",
      JSON.stringify(
        dependents.dependents
          .filter((d) => d.outcome?.prUrl)
          .map((d) => ({ feedstock: d.feedstock, url: d.outcome?.prUrl })),
      ),
    );
    await runner.appendSummary(renderDependentsSummary(dependents));
  }
}
