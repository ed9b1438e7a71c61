/**
 * The pull requests opened from one branch of the repository itself, as the flows that open one per version read them:
 * number, address, state, whether it merged, its base and labels, newest first. The flows look them up by head branch
 * so that a rerun finds the pull request an earlier run opened (in any state when a merged or closed one also counts).
 */
import type { GitHubClient } from "./client.js";

/** A pull request as the version-bump, next-dev and lessons flows need it. */
export interface BranchPull {
  readonly number: number;
  readonly url: string;
  readonly state: "open" | "closed";
  readonly merged: boolean;
  readonly base: string;
  readonly labels: readonly string[];
}

/**
 * The pull requests from `branch` (a branch of `owner/repo`, not of a fork), newest first; `base` narrows them to one
 * target branch. One request: a version has one such pull request, so 100 is more than a page ever holds.
 */
export async function listPullsFromBranch(
  gh: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
  filter: { readonly state: "open" | "all"; readonly base?: string },
): Promise<BranchPull[]> {
  const { data } = await gh.rest.pulls.list({
    owner,
    repo,
    state: filter.state,
    head: `${owner}:${branch}`,
    ...(filter.base === undefined ? {} : { base: filter.base }),
    per_page: 100,
  });
  return data
    .map((p) => ({
      number: p.number,
      url: p.html_url,
      state: p.state === "open" ? ("open" as const) : ("closed" as const),
      merged: p.merged_at !== null,
      base: p.base.ref,
      labels: p.labels.map((l) => l.name),
    }))
    .sort((a, b) => b.number - a.number);
}
