/** What the conda-forge PR flow reads from GitHub before planning: plain data, so the plan stays pure. */
import type { RecipeFormat } from "../recipe/recipe-layout.js";

/** A commit on a branch. */
export interface ObservedBranch {
  readonly name: string;
  readonly sha: string;
  readonly treeSha: string;
}

/** An open pull request of the feedstock. */
export interface ObservedPull {
  readonly number: number;
  readonly url: string;
  readonly title: string;
  readonly body: string;
  /** `owner/name` of the head repository (null when the fork was deleted). */
  readonly headRepo: string | null;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
  readonly author: string;
}

/** The head commit of the fork branch a rerun finds. */
export interface ObservedBranchCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly message: string;
}

/** A file of a tree: its blob SHA (and text when it was read). */
export interface ObservedTreeFile {
  readonly path: string;
  readonly blobSha: string;
  readonly mode: string;
}

/** What the rc branch changed since it left the default branch (read for a final with rc-branch). */
export interface RcBranchChanges {
  readonly rcSha: string;
  readonly mergeBaseSha: string;
  /** Files under recipe/ the rc branch changed since the merge base. */
  readonly changed: readonly {
    readonly path: string;
    readonly status: "added" | "removed" | "modified";
    /** Blob at the rc head; null when removed. */
    readonly rcBlobSha: string | null;
    /** Blob at the merge base; null when absent there. */
    readonly baseBlobSha: string | null;
    /** Texts, read only for the files whose content decides the carry (recipe, build config, carried files). */
    readonly rcText?: string;
    readonly baseText?: string;
  }[];
}

/** Everything observed. */
export interface FeedstockObservation {
  readonly feedstock: { readonly fullName: string; readonly defaultBranch: string };
  /** The branch the PR targets; null when it does not exist (the rc branch before anyone made it). */
  readonly base: ObservedBranch | null;
  /** The default branch, when the base is another branch and must be created from it. */
  readonly defaultBranchHead: ObservedBranch | null;
  /** Whether the token may push to the feedstock (only read when create-rc-branch must act). */
  readonly canPushFeedstock: boolean | undefined;
  /** Files of the base tree under recipe/. */
  readonly recipeFiles: readonly ObservedTreeFile[];
  readonly recipe: { readonly format: RecipeFormat; readonly text: string } | null;
  readonly condaBuildConfig: string | undefined;
  /** The fork owner (configured or the token's login). */
  readonly forkOwner: string;
  readonly fork: {
    readonly fullName: string;
    readonly exists: boolean;
    /** Branch heads of the fork (only when it exists). */
    readonly branches: Readonly<Record<string, string>>;
  };
  /** Open PRs of the feedstock whose head is in the fork. */
  readonly pulls: readonly ObservedPull[];
  /** The head commit of the PR branch in the fork, when the branch exists. */
  readonly branchCommit: ObservedBranchCommit | null;
  readonly rcChanges: RcBranchChanges | null;
}
