/**
 * Writes a checklist body without losing a person's concurrent edit: re-read the issue just before the write and
 * replay our changes (ticks, status, state) on what is there now (`mergeChecklist(base, ours, theirs)`). GitHub has
 * no conditional PATCH for issues, so the window left is the one between this re-read and the PATCH itself.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { mergeChecklist, type ChecklistSettings } from "../../core/checklist/index.js";

/** Options of {@link writeChecklistBody}. */
export interface WriteBodyOptions {
  /** Test hook: runs just before the re-read, e.g. to edit the issue as a person would. */
  readonly beforeWrite?: () => Promise<void>;
}

/** Re-reads, merges and writes; returns the body written, or undefined when the merge left nothing to write. */
export async function writeChecklistBody(
  gh: GitHubClient,
  settings: ChecklistSettings,
  issueNumber: number,
  base: string,
  ours: string,
  options: WriteBodyOptions = {},
): Promise<string | undefined> {
  const { owner, repo } = splitRepo(settings.repo);
  await options.beforeWrite?.();
  const fresh = await gh.rest.issues.get({ owner, repo, issue_number: issueNumber });
  const theirs = fresh.data.body ?? "";
  const merged = mergeChecklist(base, ours, theirs);
  if (merged === theirs) return undefined;
  await gh.rest.issues.update({ owner, repo, issue_number: issueNumber, body: merged });
  return merged;
}
