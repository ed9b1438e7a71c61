/**
 * Reads the protection of the release branch for the cut's pre-flight: the `protected` flag comes with the branch
 * (GET branches/{branch}, read by observe anyway); the rule itself (GET .../protection) only when something is
 * protected, and it answers only to admins on GitHub, so a 404 or 403 there means "unreadable", never "unprotected".
 * For a branch the cut creates, the protected branches its pattern also names stand in for the rule it will get.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { listProtectedBranches } from "../../adapters/github/branch-protection.js";
import { statusOf } from "../../adapters/github/requests.js";
import type { ObservedProtection } from "../../core/release-plan/observation.js";

/** The rule's part the pre-flight uses, as GitHub returns it from GET .../protection. */
interface ProtectionRule {
  readonly enforce_admins?: { readonly enabled?: boolean } | null;
  readonly block_creations?: { readonly enabled?: boolean } | null;
  readonly required_pull_request_reviews?: {
    readonly bypass_pull_request_allowances?: { readonly users?: readonly { readonly login?: string }[] };
  } | null;
}

/** A regular expression for the branch names a release-branch pattern (`rel-{version}`) makes. */
function patternRegExp(pattern: string): RegExp {
  const [before = "", after = ""] = pattern.split("{version}");
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escape(before)}\\d[^/]*${escape(after)}$`);
}

/** Reads the rule of `branch`; "unreadable" when the token may not, null when GitHub says it is not protected. */
async function readRule(
  gh: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
  isAdmin: boolean,
): Promise<ObservedProtection["rule"]> {
  let data: ProtectionRule;
  try {
    data = (await gh.rest.repos.getBranchProtection({ owner, repo, branch })).data;
  } catch (error) {
    const status = statusOf(error);
    const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? "";
    if (status === 404 && /not protected/i.test(message)) return null;
    if (status === 404 || status === 403) return "unreadable";
    throw error;
  }
  let bypass: string | null = null;
  if (isAdmin && data.enforce_admins?.enabled !== true) bypass = "admin, and the rule does not include administrators";
  const allowed = (data.required_pull_request_reviews?.bypass_pull_request_allowances?.users ?? [])
    .map((u) => u.login?.toLowerCase())
    .filter((l): l is string => typeof l === "string");
  if (!bypass && allowed.length > 0) {
    // The login of the token, only when there is a list to find it on (an App's installation token has no user).
    const login = await gh.rest.users
      .getAuthenticated()
      .then((r) => r.data.login.toLowerCase())
      .catch(() => undefined);
    if (login && allowed.includes(login)) bypass = `${login} is on the rule's bypass list`;
  }
  return { of: branch, blockCreations: data.block_creations?.enabled === true, bypass };
}

/**
 * The protection of the release branch. `branchProtected` comes from the GET of the branch observe made (undefined:
 * the branch does not exist).
 */
export async function observeProtection(
  gh: GitHubClient,
  owner: string,
  repo: string,
  release: { readonly name: string; readonly pattern: string; readonly protected: boolean | undefined },
  isAdmin: boolean,
): Promise<ObservedProtection> {
  if (release.protected !== undefined) {
    if (!release.protected) return { branchProtected: false, protectedSiblings: [], rule: null };
    return {
      branchProtected: true,
      protectedSiblings: [],
      rule: await readRule(gh, owner, repo, release.name, isAdmin),
    };
  }
  const like = patternRegExp(release.pattern);
  const siblings = (await listProtectedBranches(gh, owner, repo))
    .filter((b) => like.test(b))
    .sort()
    .reverse();
  const first = siblings[0];
  return {
    branchProtected: false,
    protectedSiblings: siblings,
    rule: first === undefined ? null : await readRule(gh, owner, repo, first, isAdmin),
  };
}
