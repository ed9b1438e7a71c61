/**
 * Reads what the next-dev plan needs: the default branch head and its version files, the next-dev branch,
 * and the pull requests (any state) from that branch, so a re-run never opens a second one.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { readBranchHead } from "../../adapters/github/git-refs.js";
import { listPullsFromBranch } from "../../adapters/github/pull-requests.js";
import { splitRepo } from "../../adapters/github/requests.js";
import {
  nextDevBranchName,
  type NextDevObservation,
  type NextDevSettings,
} from "../../core/release-plan/next-dev-version.js";

/** Reads everything `planNextDev` needs. */
export async function observeNextDev(
  gh: GitHubClient,
  settings: NextDevSettings,
  defaultBranch: string,
): Promise<NextDevObservation> {
  const { owner, repo } = splitRepo(settings.repo);
  const head = (await gh.rest.repos.getCommit({ owner, repo, ref: `heads/${defaultBranch}`, per_page: 1 })).data;
  const versionFiles = await Promise.all(
    settings.versionFiles.map(async (f) => ({
      path: f.path,
      text: await readRepoText(gh, settings.repo, f.path, head.sha),
    })),
  );
  const branch = nextDevBranchName(settings.released);
  const branchHead = await readBranchHead(gh, owner, repo, branch);
  // Listed even without the branch: a PR merged or closed and its branch deleted still counts.
  const pulls = await listPullsFromBranch(gh, owner, repo, branch, { state: "all", base: defaultBranch });
  return {
    defaultBranch,
    head: { sha: head.sha, tree: head.commit.tree.sha },
    versionFiles,
    branchHead,
    pulls,
  };
}
