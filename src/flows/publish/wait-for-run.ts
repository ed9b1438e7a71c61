/**
 * Follows a workflow run until it completes, polling with backoff (5 s growing to 60 s by default). Running
 * past the timeout is a failure that names the run, never a success; so is any conclusion but success.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { OperationFailedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { pollDelay } from "../../core/publish-plan/poll-delay.js";
import type { PublishSettings } from "../../core/publish-plan/publish-settings.js";
import type { WaitClock } from "../wait-clock.js";
import { WaitReporter } from "../wait-reporter.js";

/** How the run ended. */
export interface FinishedRun {
  readonly id: number;
  readonly url: string;
  readonly conclusion: string;
  readonly polls: number;
}

/** Waits for run `runId`; throws OperationFailedError on a timeout or an unsuccessful conclusion. */
export async function waitForRun(
  gh: GitHubClient,
  settings: PublishSettings,
  run: { id: number; url: string },
  clock: WaitClock,
  logger: Logger,
): Promise<FinishedRun> {
  const { owner, repo } = splitRepo(settings.repo);
  const deadline = clock.now() + settings.timeoutMs;
  const minutes = Math.round(settings.timeoutMs / 60_000);
  let lastStatus = "queued";
  const reporter = new WaitReporter(
    {
      what: `${settings.workflow} run ${run.id} (${run.url})`,
      limitMs: settings.timeoutMs,
      limitSetting: "publish.timeout-minutes, --timeout-minutes",
    },
    clock,
    logger,
  );
  for (let attempt = 0; ; attempt++) {
    const { data } = await gh.rest.actions.getWorkflowRun({ owner, repo, run_id: run.id });
    if (data.status === "completed") {
      if (data.conclusion !== "success") {
        throw new OperationFailedError(
          `${settings.workflow} run ${run.id} ended ${data.conclusion ?? "without a conclusion"}, so ${settings.tag} is not published: fix it and re-run the workflow (${run.url}), then run release-kit publish again`,
        );
      }
      return { id: run.id, url: run.url, conclusion: "success", polls: attempt + 1 };
    }
    if (data.status !== lastStatus) logger.info(`run ${run.id} is ${data.status ?? "unknown"}`);
    lastStatus = data.status ?? lastStatus;
    const left = deadline - clock.now();
    if (left <= 0) {
      throw new OperationFailedError(
        `${settings.workflow} run ${run.id} did not finish within publish.timeout-minutes (${minutes} min; it is ${lastStatus}), so ${settings.tag} is not published: look at ${run.url}, then run release-kit publish again to keep waiting (--timeout-minutes N for a longer limit)`,
      );
    }
    // The last poll lands on the deadline, so a run finishing just in time still counts.
    await reporter.sleep(Math.min(pollDelay(attempt, settings.pollDelays), left), lastStatus);
  }
}
