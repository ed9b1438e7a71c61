/**
 * The "branch protection" pre-flight line of a cut: from the observed protection and what the plan is about to do
 * to the release branch (create it, move it), whether GitHub would refuse, and what to do instead. Pure.
 */
import type { ObservedProtection } from "./observation.js";
import type { PreflightLine } from "./plan-cut.js";

/** What the plan writes to the release branch. */
export interface BranchWrites {
  readonly branch: string;
  /** The ref the branch would be created from. */
  readonly base: string;
  readonly via: "direct" | "pull-request";
  /** The branch does not exist and the plan creates it. */
  readonly create: boolean;
  /** The branch exists and a direct cut moves it (the version commit). */
  readonly update: boolean;
}

const CHECK = "branch protection";

/** The way out of a refused direct push, named the same everywhere. */
export const VIA_PR_HINT =
  "rerun with --via-pr (or set rc.via: pull-request in release-kit.yml) to bring the bump through a pull request, or use a token allowed to bypass the branch's protection";

/** The pre-flight line, or null when protection was not observed. */
export function protectionLine(protection: ObservedProtection | undefined, writes: BranchWrites): PreflightLine | null {
  if (!protection) return null;
  const { branch } = writes;
  const { rule } = protection;
  const bypass = rule !== null && rule !== "unreadable" ? rule.bypass : null;
  if (!writes.create) {
    if (!protection.branchProtected) return { check: CHECK, status: "pass", detail: `${branch} is not protected` };
    if (writes.via === "pull-request")
      return { check: CHECK, status: "pass", detail: `${branch} is protected; the bump goes through a pull request` };
    if (!writes.update)
      return {
        check: CHECK,
        status: "pass",
        detail: `${branch} is protected; this cut does not move it (tag and release only)`,
      };
    if (bypass)
      return { check: CHECK, status: "pass", detail: `${branch} is protected; the token may bypass it (${bypass})` };
    return {
      check: CHECK,
      status: "fail",
      detail: `${branch} is protected, so GitHub would refuse the version commit ("Changes must be made through a pull request.")${rule === "unreadable" ? " and the token cannot read its rule to show it may bypass it" : ""}: ${VIA_PR_HINT}`,
    };
  }
  // The branch is created by this cut: only a rule that blocks creations refuses that.
  const siblings = protection.protectedSiblings;
  if (siblings.length === 0)
    return {
      check: CHECK,
      status: "pass",
      detail: `${branch} will be created from ${writes.base}; no branch like it is protected`,
    };
  const like = `protected like ${siblings.slice(0, 3).join(", ")}${siblings.length > 3 ? ", ..." : ""}`;
  if (rule !== null && rule !== "unreadable" && rule.blockCreations && !bypass)
    return {
      check: CHECK,
      status: "fail",
      detail: `${branch} would be ${like}, whose rule blocks creating branches (block creations): have an admin create ${branch} from ${writes.base}, or use a token allowed to bypass the rule, then rerun`,
    };
  const later = writes.via === "direct" ? "; later candidates and the final need --via-pr (rc.via: pull-request)" : "";
  if (rule === "unreadable")
    return {
      check: CHECK,
      status: "warn",
      detail: `${branch} will be ${like} (the token cannot read their rule: if it blocks creations, creating ${branch} is refused)${later}`,
    };
  return {
    check: CHECK,
    status: later && !bypass ? "warn" : "pass",
    detail: `${branch} will be created from ${writes.base} and ${like}${bypass ? ` (the token may bypass it: ${bypass})` : later}`,
  };
}
