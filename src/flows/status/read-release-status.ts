/**
 * `release-kit status`: everything about one release on one screen. Reads the same observation as the checklist
 * (every live source afresh, and what only the checklist issue remembers, such as a recorded downstream report) and
 * writes nothing.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import {
  checklistProgress,
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
import { observeChecklistRelease } from "../checklist/observe-checklist-release.js";

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
  const observation = await observeChecklistRelease(gh, settings, issue, { fresh: true });
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
