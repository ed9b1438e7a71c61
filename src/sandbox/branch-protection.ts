/**
 * Branch protection in the sandbox, as GitHub's classic protection rules behave for a token that is not on a
 * rule's bypass list: a matching branch reports `protected: true`, its protection is readable, and a Git Data API
 * update of it is refused with GitHub's 422 (creation too when the rule restricts creations).
 * Seeded per repository with `protected-branches: [patterns]`; a token with `bypass-branch-protection: true`
 * writes as if there were no rule.
 */
import { HttpError } from "./http-errors.js";
import type { Caller } from "./router.js";
import type { ProtectionRuleRecord, RepoRecord } from "./state.js";
import type { Urls } from "./representations.js";

/** GitHub links its protected-branch refusals to this article rather than to the REST reference. */
const PROTECTED_DOCS = "https://docs.github.com/articles/about-protected-branches";

/**
 * Whether `branch` matches a rule pattern. GitHub matches with Ruby's `File.fnmatch` and `FNM_PATHNAME`: `*` and
 * `?` stop at `/`, `**` crosses it, `[...]` is a character class.
 * https://docs.github.com/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/managing-a-branch-protection-rule#about-branch-protection-rules
 */
export function matchesBranchPattern(pattern: string, branch: string): boolean {
  let source = "";
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? "";
    if (c === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i += 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) source += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        source += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`).test(branch);
}

/** The rule protecting `branch` of `repo`, if any (an exact name wins over a wildcard, as on GitHub). */
export function protectionRule(repo: RepoRecord, branch: string): ProtectionRuleRecord | undefined {
  const rules = (repo.protectedBranches ?? []).filter((r) => matchesBranchPattern(r.pattern, branch));
  return rules.find((r) => r.pattern === branch) ?? rules[0];
}

/** What a Git Data API write does to a branch. */
export type BranchWrite = "create" | "update" | "force-update" | "delete";

/**
 * Throws GitHub's answer when `caller` may not perform `write` on `ref` because of a protection rule: 422 with
 * "Changes must be made through a pull request." for an update (the rule requires pull requests), "Cannot
 * force-push to this protected branch" for a non-fast-forward update, "Cannot delete this protected branch" for a
 * deletion, and "Reference update failed" for a creation the rule restricts. Refs outside `refs/heads/` pass.
 */
export function assertMayWriteBranch(
  repo: RepoRecord,
  ref: string,
  write: BranchWrite,
  caller: Caller | undefined,
): void {
  if (!ref.startsWith("refs/heads/")) return;
  if (caller?.bypassBranchProtection === true) return;
  const rule = protectionRule(repo, ref.slice("refs/heads/".length));
  if (!rule) return;
  const refuse = (message: string) => new HttpError(422, { message, documentation_url: PROTECTED_DOCS, status: "422" });
  if (write === "create") {
    if (rule.blockCreations) throw refuse("Reference update failed");
    return;
  }
  if (write === "delete") throw refuse("Cannot delete this protected branch");
  if (write === "force-update") throw refuse("Cannot force-push to this protected branch");
  throw refuse("Changes must be made through a pull request.");
}

/** GitHub's `branch-protection` object for a protected branch (GET .../branches/{branch}/protection). */
export function protectionJson(
  urls: Urls,
  repo: RepoRecord,
  branch: string,
  rule: ProtectionRuleRecord,
  bypassUsers: readonly Record<string, unknown>[] = [],
): Record<string, unknown> {
  const url = `${urls.api}/repos/${repo.fullName}/branches/${encodeURIComponent(branch)}/protection`;
  return {
    url,
    required_status_checks: {
      url: `${url}/required_status_checks`,
      strict: false,
      contexts: rule.requiredChecks,
      contexts_url: `${url}/required_status_checks/contexts`,
      checks: rule.requiredChecks.map((context) => ({ context, app_id: null })),
    },
    required_pull_request_reviews: {
      url: `${url}/required_pull_request_reviews`,
      dismiss_stale_reviews: false,
      require_code_owner_reviews: false,
      require_last_push_approval: false,
      required_approving_review_count: 1,
      // Tokens seeded with bypass-branch-protection are the rule's bypass list, as GitHub shows it to admins.
      bypass_pull_request_allowances: {
        users: bypassUsers,
        teams: [],
        apps: [],
      },
    },
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    // The sandbox applies rules to administrators too: only tokens seeded with bypass-branch-protection write.
    enforce_admins: { url: `${url}/enforce_admins`, enabled: true },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
    block_creations: { enabled: rule.blockCreations },
    required_conversation_resolution: { enabled: false },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
}

/** The `protected`/`protection` part of a branch as GET .../branches/{branch} and the branch list show it. */
export function branchProtectionSummary(
  repo: RepoRecord,
  branch: string,
): {
  protected: boolean;
  protection: Record<string, unknown>;
} {
  const rule = protectionRule(repo, branch);
  if (!rule) {
    return {
      protected: false,
      protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
    };
  }
  return {
    protected: true,
    protection: {
      enabled: true,
      required_status_checks: {
        enforcement_level: rule.requiredChecks.length > 0 ? "everyone" : "off",
        contexts: rule.requiredChecks,
        checks: rule.requiredChecks.map((context) => ({ context, app_id: null })),
      },
    },
  };
}
