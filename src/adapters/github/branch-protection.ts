/**
 * Reading branch protection for a flow's pre-flight, and recognising GitHub's refusal of a write to a protected
 * branch. Only `GET branches/{branch}` and the branch list are used: their `protected` flag is visible to any token
 * that can read the repository, while `GET .../protection` needs admin rights most release tokens lack.
 */
import type { GitHubClient } from "./client.js";
import { isNotFound, statusOf } from "./requests.js";

/** What a pre-flight needs to know about one branch. */
export interface BranchProtectionState {
  readonly branch: string;
  /** The branch exists. */
  readonly exists: boolean;
  /** GitHub reports it protected (false for a branch that does not exist). */
  readonly protected: boolean;
  /** Head commit, when the branch exists. */
  readonly sha?: string;
}

/** Reads whether `branch` of `owner/repo` exists and is protected (one GET; a 404 means it does not exist). */
export async function readBranchProtection(
  gh: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<BranchProtectionState> {
  try {
    const { data } = await gh.rest.repos.getBranch({ owner, repo, branch });
    return { branch, exists: true, protected: data.protected, sha: data.commit.sha };
  } catch (error) {
    if (isNotFound(error)) return { branch, exists: false, protected: false };
    throw error;
  }
}

/**
 * Names of the protected branches of `owner/repo` (GET branches?protected=true, paginated). A branch that does not
 * exist yet reports nothing about the rule it will fall under; its would-be siblings (`rel-1.21.0` for `rel-1.22.0`)
 * are the evidence a pre-flight can show before creating it.
 */
export async function listProtectedBranches(gh: GitHubClient, owner: string, repo: string): Promise<string[]> {
  const branches = await gh.paginate(gh.rest.repos.listBranches, { owner, repo, protected: true, per_page: 100 });
  return branches.map((b) => b.name);
}

/** Messages GitHub gives when a protection rule refuses a ref write through the API (422) or a push (GH006). */
const PROTECTED_REFUSAL =
  /protected branch|changes must be made through a pull request|required status check|cannot force-push to this (protected )?branch|reference update failed/i;

/** Whether `error` is GitHub refusing a write because the branch is protected (422 with one of its messages). */
export function isProtectedBranchRefusal(error: unknown): boolean {
  if (statusOf(error) !== 422) return false;
  const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? "";
  return PROTECTED_REFUSAL.test(message);
}
