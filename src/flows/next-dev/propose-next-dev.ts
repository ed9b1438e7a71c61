/** The next-dev PR after a final: observe, plan (pure), apply unless it is a dry run. */
import type { GitHubClient } from "../../adapters/github/client.js";
import type { Logger } from "../../core/logger.js";
import { planNextDev, type NextDevPlan, type NextDevSettings } from "../../core/release-plan/next-dev-version.js";
import { applyNextDev, type NextDevOutcome } from "./apply.js";
import { observeNextDev } from "./observe.js";

/** The plan, and what was done unless it was a dry run. */
export interface NextDevResult {
  readonly plan: NextDevPlan;
  readonly outcome: NextDevOutcome | null;
}

/** Plans (and unless `dryRun`, opens) the PR moving `defaultBranch` to the next development version. */
export async function proposeNextDev(
  gh: GitHubClient,
  settings: NextDevSettings,
  defaultBranch: string,
  logger: Logger,
  options: { dryRun: boolean },
): Promise<NextDevResult> {
  const observation = await observeNextDev(gh, settings, defaultBranch);
  const plan = planNextDev(settings, observation);
  if (options.dryRun) return { plan, outcome: null };
  return { plan, outcome: await applyNextDev(gh, plan, logger) };
}
