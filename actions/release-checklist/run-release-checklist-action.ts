/** The body of the release-checklist action, loaded by main.ts once the required inputs are there. */
import * as runner from "../../src/action/runner.js";
import path from "node:path";
import { booleanInput, choiceInput, optionalInput } from "../../src/action/action-inputs.js";
import { actionToken, type ActionContext } from "../../src/action/run-action.js";
import { createGitHubClient, gitHubOptionsFromEnv } from "../../src/adapters/github/client.js";
import { loadConfig } from "../../src/config/index.js";
import { checklistProgress } from "../../src/core/checklist/index.js";
import { InputError } from "../../src/core/errors.js";
import { collectLessons } from "../../src/flows/checklist/collect-lessons.js";
import { listChecklistIssues, pickChecklistIssue } from "../../src/flows/checklist/find-checklist-issue.js";
import { openChecklist } from "../../src/flows/checklist/open-checklist.js";
import { renderOpenText, renderSyncText } from "../../src/flows/checklist/render-checklist.js";
import { renderCollectText } from "../../src/flows/checklist/render-lessons.js";
import { checklistSettingsFrom } from "../../src/flows/checklist/settings.js";
import { syncChecklist } from "../../src/flows/checklist/sync-checklist.js";

/** Runs the release-checklist action. */
export async function runReleaseChecklistAction({ logger, env }: ActionContext): Promise<void> {
  const command = choiceInput("command", ["open", "sync", "lessons"] as const, "sync");
  const dryRun = booleanInput("dry-run", false);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const configName = optionalInput("config") ?? "release-kit.yml";
  const config = await loadConfig(path.resolve(workspace, configName), { displayName: configName });
  const report = optionalInput("downstream-report");
  const settings = checklistSettingsFrom(
    config,
    {
      version: optionalInput("version"),
      command: command === "lessons" ? "lessons collect" : `checklist ${command}`,
      ...(report !== undefined ? { downstreamReport: path.resolve(workspace, report) } : {}),
    },
    env,
  );
  const token = actionToken(env);
  if (!token && !dryRun)
    throw new InputError("no token: pass `token: ${{ secrets.GITHUB_TOKEN }}` (issues: write) or set GITHUB_TOKEN");
  const gh = createGitHubClient(
    gitHubOptionsFromEnv(env, {
      token,
      logger,
      maskSecret: (s) => runner.setSecret(s),
      rateLimitWaitMinutes: config.github.rateLimitWaitMinutes,
    }),
  );

  let text: string;
  if (command === "open") {
    const result = await openChecklist(gh, settings, logger, { dryRun });
    text = renderOpenText(result);
  } else if (command === "sync") {
    const result = await syncChecklist(gh, settings, logger, { dryRun });
    text = renderSyncText(result);
  } else {
    const result = await collectLessons(gh, settings, logger, { dryRun });
    text = renderCollectText(result);
    runner.setOutput("pr-url", result.pr?.url ?? "");
  }
  // The outputs describe the issue as it is now (one read).
  const issue = pickChecklistIssue(await listChecklistIssues(gh, settings));
  const progress = issue ? checklistProgress(issue.body) : { done: 0, total: 0 };
  runner.setOutput("issue-url", issue?.url ?? "");
  runner.setOutput("done", String(progress.done));
  runner.setOutput("total", String(progress.total));
  logger.info(text);
  await runner.appendSummary(`### release-kit ${command} ${settings.version}\n\n\`\`\`text\n${text}\`\`\`\n`);
}
