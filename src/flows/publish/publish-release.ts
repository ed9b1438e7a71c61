/**
 * The publish hand-off: observe (index first: a published version is done), plan (pure), stop on a dry
 * run, dispatch the project's workflow (or follow the run an earlier attempt dispatched), wait for it, and
 * wait for the files on the index. The dispatch is the only write, and a re-run finds its run instead of
 * dispatching twice.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import type { Logger } from "../../core/logger.js";
import type { IndexFile } from "../../core/publish-plan/publish-observation.js";
import { planPublish, type PublishPlan } from "../../core/publish-plan/plan-publish.js";
import type { PublishSettings } from "../../core/publish-plan/publish-settings.js";
import { dispatchRun } from "./dispatch-run.js";
import { observePublish } from "./observe.js";
import { systemClock, type WaitClock } from "../wait-clock.js";
import { waitForIndex } from "./wait-for-index.js";
import { waitForRun } from "./wait-for-run.js";

/** What one step did. */
export interface PublishStepOutcome {
  readonly id: "dispatch" | "wait" | "index";
  readonly outcome: "done" | "already done" | "skipped";
  readonly detail: string;
}

/** What the hand-off produced. */
export interface PublishOutcome {
  readonly runId: number | null;
  readonly runUrl: string | null;
  readonly files: readonly IndexFile[];
  readonly steps: readonly PublishStepOutcome[];
}

/** The plan, and what was done unless it was a dry run. */
export interface PublishResult {
  readonly plan: PublishPlan;
  readonly dryRun: boolean;
  readonly outcome: PublishOutcome | null;
}

/** Runs the hand-off. Throws OperationFailedError when the run fails or times out, or the files never appear. */
export async function publishRelease(
  gh: GitHubClient,
  settings: PublishSettings,
  logger: Logger,
  options: { dryRun: boolean; clock?: WaitClock },
): Promise<PublishResult> {
  const clock = options.clock ?? systemClock;
  const observation = await logger.group(`Reading ${settings.repo}`, () => observePublish(gh, settings));
  const plan = planPublish(settings, observation);
  if (options.dryRun) return { plan, dryRun: true, outcome: null };
  if (plan.action === "already-published") {
    logger.info(`${settings.package} ${settings.indexVersion} is already on ${settings.indexUrl}: nothing to publish`);
    return {
      plan,
      dryRun: false,
      outcome: {
        runId: null,
        runUrl: null,
        files: observation.indexFiles,
        steps: [
          { id: "dispatch", outcome: "skipped", detail: "already on the index" },
          { id: "wait", outcome: "skipped", detail: "no run" },
          { id: "index", outcome: "already done", detail: observation.indexFiles.map((f) => f.filename).join(", ") },
        ],
      },
    };
  }
  const steps: PublishStepOutcome[] = [];
  // 1. The run: an earlier attempt's, or a new dispatch.
  let run: { id: number; url: string };
  if (plan.run) {
    run = plan.run;
    steps.push({ id: "dispatch", outcome: "already done", detail: `run ${run.id}: ${run.url}` });
    logger.info(`following run ${run.id} dispatched earlier: ${run.url}`);
  } else {
    if (plan.failedRun)
      logger.warning(
        `run ${plan.failedRun.id} ended ${plan.failedRun.conclusion ?? plan.failedRun.status}: dispatching again`,
      );
    run = await logger.group("Dispatch", () =>
      dispatchRun(gh, settings, plan, observation.tagCommit ?? "", clock, logger),
    );
    steps.push({ id: "dispatch", outcome: "done", detail: `run ${run.id}: ${run.url}` });
  }
  // 2. The run must succeed in time.
  const finished = await logger.group("Wait for the run", () => waitForRun(gh, settings, run, clock, logger));
  steps.push({
    id: "wait",
    outcome: plan.steps.find((s) => s.id === "wait")?.status === "done" ? "already done" : "done",
    detail: `run ${finished.id} succeeded`,
  });
  // 3. And the files must reach the index.
  const files = await logger.group("Wait for the index", () => waitForIndex(settings, clock, logger, run.url));
  steps.push({
    id: "index",
    outcome: "done",
    detail: `${files.length} file(s) of ${settings.package} ${settings.indexVersion} on ${settings.indexUrl}`,
  });
  return { plan, dryRun: false, outcome: { runId: run.id, runUrl: run.url, files, steps } };
}
