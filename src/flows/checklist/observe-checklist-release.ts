/**
 * The one observation of a release that both the checklist (`checklist sync`) and `release-kit status` read: the
 * live sources, plus what only the checklist issue remembers (the downstream report a sync recorded from a file that
 * the next run may not have). Two readers of one function cannot disagree on a fact again.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import {
  EMPTY_MEMORY,
  readMemory,
  readStatusSection,
  type ChecklistSettings,
  type Observation,
} from "../../core/checklist/index.js";
import type { ChecklistIssue } from "./find-checklist-issue.js";
import { observeReleaseFacts } from "./observe-release-facts.js";

/**
 * Observes the release of `settings.version` from `issue`'s memory and the live sources. `fresh` reads every source
 * again, settled or not (`status`); otherwise settled sources come from the memory and the rest are read
 * conditionally (`checklist sync`).
 */
export async function observeChecklistRelease(
  gh: GitHubClient,
  settings: ChecklistSettings,
  issue: ChecklistIssue | undefined,
  options: { readonly fresh: boolean },
): Promise<Observation> {
  const memory = issue ? readMemory(readStatusSection(issue.body)) : EMPTY_MEMORY;
  return observeReleaseFacts(
    gh,
    settings,
    issue ? { number: issue.number, url: issue.url, createdAt: issue.createdAt } : undefined,
    { memory, force: options.fresh },
  );
}
