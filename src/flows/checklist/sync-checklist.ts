/**
 * `checklist sync`: read the issue (one list request), observe the release (settled sources from memory, the others
 * conditionally), tick and rebuild the status, and write only when something visible changed, merging with whatever a
 * person wrote in the meantime.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import {
  checklistProgress,
  planChecklistUpdate,
  readMemory,
  readStatusSection,
  type ChecklistProgress,
  type ChecklistSettings,
  type ChecklistUpdatePlan,
} from "../../core/checklist/index.js";
import { ConflictError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { listChecklistIssues, pickChecklistIssue, type ChecklistReadCache } from "./find-checklist-issue.js";
import { observeChecklistRelease } from "./observe-checklist-release.js";
import { writeChecklistBody } from "./write-checklist-body.js";

/** Options of a sync. */
export interface SyncOptions {
  readonly dryRun: boolean;
  /** Keeps the issue list's ETag between syncs in one process. */
  readonly cache?: ChecklistReadCache;
  /** Test hook, see {@link writeChecklistBody}. */
  readonly beforeWrite?: () => Promise<void>;
}

/** What a sync did. */
export interface SyncResult {
  readonly issue: { readonly number: number; readonly url: string };
  readonly plan: ChecklistUpdatePlan;
  readonly dryRun: boolean;
  /** True when the issue was written. */
  readonly wrote: boolean;
  /** Sources read besides the issue (one request each, two for CI). */
  readonly reads: readonly string[];
  readonly progress: ChecklistProgress;
}

/** Syncs the checklist of `settings.version` with the real state. */
export async function syncChecklist(
  gh: GitHubClient,
  settings: ChecklistSettings,
  logger: Logger,
  options: SyncOptions,
): Promise<SyncResult> {
  const issue = pickChecklistIssue(await listChecklistIssues(gh, settings, options.cache));
  if (!issue) {
    throw new ConflictError(
      `no checklist issue "${settings.title}" with label ${settings.labels.join(", ")} in ${settings.repo}: run release-kit checklist open --version ${settings.version} first`,
    );
  }
  const memory = readMemory(readStatusSection(issue.body));
  const observation = await logger.group(`Reading the state of ${settings.repo} ${settings.version}`, () =>
    observeChecklistRelease(gh, settings, issue, { fresh: false }),
  );
  // What was read, ticked and left is in the result (the text report, --json): here only for --verbose.
  logger.debug(`read ${observation.reads.length > 0 ? observation.reads.join(", ") : "nothing besides the issue"}`);
  const plan = planChecklistUpdate(issue.body, observation, memory, settings);
  for (const key of plan.ticked) logger.debug(`tick ${key}`);
  for (const s of plan.skipped) logger.debug(`leave ${s.key} as it is (${s.reason})`);
  const result = {
    issue: { number: issue.number, url: issue.url },
    plan,
    dryRun: options.dryRun,
    reads: observation.reads,
  };
  if (!plan.changed) {
    logger.debug(`${issue.url}: nothing changed, nothing written`);
    return { ...result, wrote: false, progress: checklistProgress(issue.body) };
  }
  if (options.dryRun) {
    logger.debug(`dry run: would update ${issue.url}${plan.statusChanged ? " (status section)" : ""}`);
    return { ...result, wrote: false, progress: checklistProgress(plan.body) };
  }
  const written = await writeChecklistBody(gh, settings, issue.number, issue.body, plan.body, options);
  if (written !== undefined) logger.debug(`updated ${issue.url}`);
  return { ...result, wrote: written !== undefined, progress: checklistProgress(written ?? plan.body) };
}
