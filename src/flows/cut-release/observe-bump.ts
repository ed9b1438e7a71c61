/**
 * Pull-request mode: reads the version-bump branch of the target version and the pull requests from it. Three
 * requests at most: the branch ref, GitHub's comparison of the release branch with it (what it adds, only when it
 * exists), and the pull requests from it in any state (a merged or closed one counts: one pull request per candidate).
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { readBranchHead } from "../../adapters/github/git-refs.js";
import { listPullsFromBranch } from "../../adapters/github/pull-requests.js";
import { splitRepo } from "../../adapters/github/requests.js";
import type { ObservedBump } from "../../core/release-plan/observation.js";

/** Reads the bump branch `bumpBranch` and its pull requests; `against` is the release branch (or the base). */
export async function observeBump(
  gh: GitHubClient,
  fullName: string,
  bumpBranch: string,
  against: string,
): Promise<ObservedBump> {
  const { owner, repo } = splitRepo(fullName);
  const head = await readBranchHead(gh, owner, repo, bumpBranch);
  let ahead: ObservedBump["ahead"] = [];
  if (head) {
    const { data } = await gh.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${against}...${head}`,
      per_page: 100,
    });
    ahead = data.commits.map((c) => ({ sha: c.sha, message: c.commit.message, parents: c.parents.map((p) => p.sha) }));
  }
  const pulls = await listPullsFromBranch(gh, owner, repo, bumpBranch, { state: "all" });
  return { branch: bumpBranch, head, ahead, pulls };
}
