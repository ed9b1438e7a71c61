/**
 * Dispatches the publishing workflow and names the run it started. GitHub answers a dispatch with
 * `return_run_details: true` with the run's id (2025); where it does not (204, older GitHub Enterprise), the
 * run is the newest workflow_dispatch run on the tag's commit that did not exist before the dispatch. A
 * dispatch is not idempotent, so one whose answer is lost (5xx, dropped connection) is resent only when
 * no new run shows up in the list.
 * https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { splitRepo, statusOf } from "../../adapters/github/requests.js";
import { RemoteError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { PublishPlan } from "../../core/publish-plan/plan-publish.js";
import { shortRefName } from "../../core/publish-plan/plan-publish.js";
import { pollDelay } from "../../core/publish-plan/poll-delay.js";
import type { PublishSettings } from "../../core/publish-plan/publish-settings.js";
import { listDispatchRuns } from "./observe.js";
import type { WaitClock } from "../wait-clock.js";

/** A run release-kit started. */
export interface DispatchedRun {
  readonly id: number;
  readonly url: string;
  /** True when the run was found by listing runs (the dispatch answered without its id). */
  readonly foundByListing: boolean;
}

/**
 * Attempts at the dispatch: as many as the client gives any other request (1 + its 3 retries). The dispatch turns
 * the client's retries off to look for the run before resending, but must not give up sooner than they would.
 */
export const DISPATCH_ATTEMPTS = 4;

/** How long a dispatched run may take to show up in the run list. */
const RUN_APPEAR_MS = 2 * 60_000;

interface RunDetails {
  readonly workflow_run_id?: number;
  readonly html_url?: string;
}

/** Sends the dispatch (the only write of the hand-off) and returns the run. */
export async function dispatchRun(
  gh: GitHubClient,
  settings: PublishSettings,
  plan: PublishPlan,
  tagCommit: string,
  clock: WaitClock,
  logger: Logger,
): Promise<DispatchedRun> {
  const { owner, repo } = splitRepo(settings.repo);
  const known = new Set(plan.knownRunIds);
  const findNew = async () =>
    (await listDispatchRuns(gh, settings, tagCommit)).find(
      (r) => !known.has(r.id) && (r.headBranch === null || r.headBranch === shortRefName(plan.dispatch.ref)),
    );
  let details: RunDetails = {};
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await gh.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: plan.dispatch.workflow,
        ref: plan.dispatch.ref,
        inputs: { ...plan.dispatch.inputs },
        return_run_details: true,
        // A dispatch is not idempotent: never let the client resend it blindly after a 5xx or a dropped
        // connection, whose outcome is unknown; look for the run first (below).
        request: { retries: 0 },
      });
      // Octokit's types still say 204; with return_run_details GitHub answers 200 and a body.
      const data: unknown = (response as { data?: unknown }).data;
      details = typeof data === "object" && data !== null ? data : {};
      break;
    } catch (error) {
      const status = statusOf(error);
      if (attempt >= DISPATCH_ATTEMPTS || (status !== undefined && status < 500)) throw error;
      await clock.sleep(pollDelay(0, settings.pollDelays));
      const landed = await findNew();
      if (landed) {
        logger.info(`the dispatch failed to answer but started ${landed.url}`);
        return { id: landed.id, url: landed.url, foundByListing: true };
      }
      logger.warning(
        `dispatch of ${plan.dispatch.workflow} failed (${status ?? "no answer"}); no run started: retrying`,
      );
    }
  }
  if (typeof details.workflow_run_id === "number") {
    const url = details.html_url ?? `run ${details.workflow_run_id}`;
    logger.info(`dispatched ${plan.dispatch.workflow} on ${plan.dispatch.ref}: ${url}`);
    return { id: details.workflow_run_id, url, foundByListing: false };
  }
  const deadline = clock.now() + RUN_APPEAR_MS;
  for (let attempt = 0; ; attempt++) {
    const ours = await findNew();
    if (ours) {
      logger.info(`dispatched ${plan.dispatch.workflow} on ${plan.dispatch.ref}: ${ours.url} (found in the run list)`);
      return { id: ours.id, url: ours.url, foundByListing: true };
    }
    const left = deadline - clock.now();
    if (left <= 0)
      throw new RemoteError(
        `${plan.dispatch.workflow} was dispatched on ${plan.dispatch.ref} but no run appeared within 2 minutes: look at the repository's Actions tab, then run release-kit publish again (it follows the run once it exists)`,
      );
    await clock.sleep(Math.min(pollDelay(attempt, settings.pollDelays), left));
  }
}
