/**
 * `release-kit status`: everything about one release on one screen. Reads every source afresh (nothing from the
 * issue's memory) and writes nothing.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import {
  checklistProgress,
  EMPTY_MEMORY,
  nextStep,
  releaseMilestones,
  statusFacts,
  type ChecklistProgress,
  type ChecklistSettings,
  type Milestone,
  type ReleaseFacts,
  type StatusFact,
} from "../../core/checklist/index.js";
import { listChecklistIssues, pickChecklistIssue } from "../checklist/find-checklist-issue.js";
import { observeReleaseFacts } from "../checklist/observe-release-facts.js";

/** The status of a release. */
export interface ReleaseStatus {
  readonly version: string;
  readonly repo: string;
  readonly facts: ReleaseFacts;
  readonly rows: readonly StatusFact[];
  readonly milestones: readonly Milestone[];
  readonly checklist?: { readonly number: number; readonly url: string; readonly progress: ChecklistProgress };
  readonly next: string;
}

/** Reads the status of `settings.version`. */
export async function readReleaseStatus(gh: GitHubClient, settings: ChecklistSettings): Promise<ReleaseStatus> {
  const issue = pickChecklistIssue(await listChecklistIssues(gh, settings));
  const observation = await observeReleaseFacts(
    gh,
    settings,
    issue ? { number: issue.number, url: issue.url, createdAt: issue.createdAt } : undefined,
    { memory: EMPTY_MEMORY, force: true },
  );
  const facts = observation.facts;
  return {
    version: settings.version,
    repo: settings.repo,
    facts,
    rows: statusFacts(facts, settings),
    milestones: releaseMilestones(facts),
    ...(issue ? { checklist: { number: issue.number, url: issue.url, progress: checklistProgress(issue.body) } } : {}),
    next: nextStep(facts, settings),
  };
}
