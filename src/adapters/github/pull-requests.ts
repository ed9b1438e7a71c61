/**
 * The pull requests a rerun must find before it opens one: those from one branch of the repository itself (the
 * version-bump, next-dev and lessons PRs: number, address, state, merged, base, labels, newest first), and those a
 * fork opened on a feedstock (release-kit's own candidate and dependent PRs, told apart by their head repository).
 */
import type { ObservedPull } from "../../core/feedstock-plan/feedstock-observation.js";
import type { GitHubClient } from "./client.js";
import { splitRepo } from "./requests.js";

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

/**
 * The pull requests on `repo` whose head is a branch of `fork` (compared as GitHub does, case-insensitively), in
 * `state`; every page, since a busy feedstock has many pull requests from other forks.
 */
export async function listPullsFromFork(
  gh: GitHubClient,
  repo: string,
  fork: string,
  state: "open" | "closed" = "open",
): Promise<ObservedPull[]> {
  const pulls = await gh.paginate(gh.rest.pulls.list, { ...splitRepo(repo), state, per_page: 100 });
  return pulls
    .filter((p) => p.head.repo?.full_name.toLowerCase() === fork.toLowerCase())
    .map((p) => ({
      number: p.number,
      url: p.html_url,
      title: p.title,
      body: p.body ?? "",
      headRepo: p.head.repo?.full_name ?? null,
      headRef: p.head.ref,
      headSha: p.head.sha,
      baseRef: p.base.ref,
      author: p.user?.login ?? "",
    }));
}
