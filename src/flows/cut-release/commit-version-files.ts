/**
 * The version-bump commit on its parent: the version files' new texts over the parent's tree, authored by the
 * configured identity when there is one. The direct cut (onto the release branch) and the pull-request mode (onto
 * release-kit's bump branch) make the same commit; only where its ref goes differs, so that stays with each caller.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { commitFiles } from "../../adapters/github/repo-files.js";
import type { CutPlan } from "../../core/release-plan/plan-cut.js";

/** What a bump step says about its commit. */
interface BumpCommit {
  readonly message: string;
  readonly files: readonly { readonly path: string; readonly newText: string }[];
}

/** Makes the commit on `parent` and returns its sha; moves no ref. */
export function commitVersionFiles(
  gh: GitHubClient,
  plan: CutPlan,
  parent: { readonly sha: string; readonly tree: string },
  step: BumpCommit,
): Promise<string> {
  return commitFiles(gh, plan.repo, {
    parent: parent.sha,
    baseTree: parent.tree,
    message: step.message,
    files: step.files.map((u) => ({ path: u.path, content: u.newText })),
    ...(plan.author ? { author: plan.author } : {}),
  });
}
