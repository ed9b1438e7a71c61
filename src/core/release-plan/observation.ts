/**
 * What the RC/final cut reads from GitHub before it plans: plain data, so planning is pure and tests can
 * build any remote state by hand (fresh; branch exists; rc1 tagged; commit made but no tag; tag but no release).
 */
import type { ObservedFinalGates } from "./final-gates.js";

/** A tag of the repository and what it points to. */
export interface ObservedTag {
  readonly name: string;
  /** SHA the ref points to (a tag object for annotated tags, else a commit). */
  readonly sha: string;
  readonly type: "tag" | "commit";
}

/** An annotated tag object (read for the tag being resumed). */
export interface ObservedTagObject {
  readonly sha: string;
  /** The commit it tags. */
  readonly commit: string;
  readonly message: string;
}

/** A tag of the base version being cut (a candidate or the final), read in full. */
export interface InspectedTag {
  readonly name: string;
  /** The annotated tag object; null for a lightweight tag. */
  readonly object: ObservedTagObject | null;
  /** The commit the tag points to. */
  readonly commit: string;
  readonly release: ObservedRelease | null;
}

/** A commit with what the plan needs of it. */
export interface ObservedCommit {
  readonly sha: string;
  readonly tree: string;
  readonly message: string;
  readonly parents: readonly string[];
}

/** A version file read at the commit the bump starts from. */
export interface ObservedVersionFile {
  readonly path: string;
  /** null when the file does not exist at that commit. */
  readonly text: string | null;
}

/** One check run or commit status on the commit the release is cut from. */
export interface ObservedCheck {
  readonly name: string;
  /** success, failure, pending, neutral, skipped, cancelled, timed_out, action_required, error. */
  readonly state: string;
  readonly source: "check-run" | "status";
}

/** An open issue that blocks the release. */
export interface ObservedBlocker {
  readonly number: number;
  readonly title: string;
  readonly url: string;
}

/** A GitHub release of the target tag. */
export interface ObservedRelease {
  readonly id: number;
  readonly url: string;
  readonly draft: boolean;
  readonly prerelease: boolean;
}

/**
 * Branch protection as the cut sees it before any write: whether the release branch is protected and, when the
 * token may read the rule (admins only on GitHub), whether it blocks creations and whether this token may bypass it.
 * For a release branch not created yet, GitHub knows no rule by its name: protected branches the release-branch
 * pattern also names (`rel-1.19.0` for `rel-1.20.0`) stand in as evidence.
 */
export interface ObservedProtection {
  /** The release branch exists and GitHub reports it `protected`. */
  readonly branchProtected: boolean;
  /** Existing protected branches named by the release-branch pattern (read only when the branch does not exist). */
  readonly protectedSiblings: readonly string[];
  /**
   * The rule of the release branch (or of the first protected sibling): `null` when nothing is protected, `unreadable`
   * when the token may not read it (GitHub answers 404 or 403 to non-admins).
   */
  readonly rule:
    | {
        /** The branch whose rule was read. */
        readonly of: string;
        readonly blockCreations: boolean;
        /** Why this token may write despite the rule (admin with enforce_admins off, or on the bypass list); null: it may not. */
        readonly bypass: string | null;
      }
    | "unreadable"
    | null;
}

/** A pull request from the version-bump branch (any state). */
export interface ObservedBumpPull {
  readonly number: number;
  readonly url: string;
  readonly state: "open" | "closed";
  readonly merged: boolean;
  /** The branch it merges into. */
  readonly base: string;
  readonly labels: readonly string[];
}

/**
 * Pull-request mode: the version-bump branch of the candidate being cut and the pull requests from it. Read only in
 * that mode, once the plan's target version is known (the branch is named after it).
 */
export interface ObservedBump {
  /** The branch name (`rc.pr-branch` with the version). */
  readonly branch: string;
  /** Its head, or null when it does not exist. */
  readonly head: string | null;
  /**
   * Commits on it that the release branch (or the base, before the release branch exists) lacks, oldest first, from
   * GitHub's comparison: one release-kit commit when the branch is release-kit's own.
   */
  readonly ahead: readonly { readonly sha: string; readonly message: string; readonly parents: readonly string[] }[];
  /** Pull requests from the branch, newest first. */
  readonly pulls: readonly ObservedBumpPull[];
}

/** Everything observed. */
export interface ReleaseObservation {
  readonly repo: {
    readonly fullName: string;
    readonly defaultBranch: string;
    /** Whether the token may push; null without a token (GitHub sends no `permissions` to anonymous reads). */
    readonly canPush: boolean | null;
  };
  /** Tags that match the configured pattern's prefix. */
  readonly tags: readonly ObservedTag[];
  /** The release branch head, or null when the branch does not exist. */
  readonly branch: ObservedCommit | null;
  /** The base ref (when the branch does not exist yet): its name and head, or null when it does not exist. */
  readonly base: { readonly ref: string; readonly commit: ObservedCommit | null };
  /** Version files at the commit the bump starts from (branch head, else base head). */
  readonly versionFiles: readonly ObservedVersionFile[];
  readonly checks: readonly ObservedCheck[];
  readonly blockers: readonly ObservedBlocker[];
  /**
   * Every tag of the base version being cut (its candidates and its final), with tag object and release: the plan
   * decides which of them matters, so observe never has to.
   */
  readonly versionTags: readonly InspectedTag[];
  /**
   * For a final: the commits on the release branch after the last candidate tag (oldest first), from GitHub's
   * comparison of that tag with the branch; null for a candidate, or when no candidate or no branch exists.
   */
  readonly afterCandidate: {
    readonly tag: string;
    readonly commits: readonly {
      readonly sha: string;
      readonly message: string;
      readonly parents: readonly string[];
    }[];
  } | null;
  /** Pull-request mode: the version-bump branch and its pull requests; absent in direct mode. */
  readonly bump?: ObservedBump;
  /** Protection of the release branch; absent when not read (observations built by hand in tests). */
  readonly protection?: ObservedProtection;
  /**
   * For a final with gates: what they read of its last candidate; null when nothing was read (no candidate, the final
   * tagged already); absent in observations built by hand.
   */
  readonly finalGates?: ObservedFinalGates | null;
  /** pyproject.toml at the start commit, for the support-policy warning (null when absent). */
  readonly pyproject: string | null;
}
