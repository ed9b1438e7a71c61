/**
 * What the checklist flows observed about a release: plain data, kept small so that it can be remembered in the issue
 * (hidden, inside the status section) and reused by the next sync when a source has not changed.
 */

/** A pull request as the checklist shows it. */
export interface PullFact {
  readonly number: number;
  readonly url: string;
  readonly state: "open" | "closed";
  readonly merged: boolean;
  readonly createdAt: string;
  readonly headSha: string;
  readonly headRef: string;
  readonly base: string;
  /** Combined CI of the head commit (check runs and statuses): absent until read. */
  readonly ci?: { readonly state: "success" | "failure" | "pending" | "none"; readonly at?: string };
}

/** A GitHub release of the project. */
export interface ReleaseFact {
  readonly tag: string;
  readonly url: string;
  readonly prerelease: boolean;
  readonly draft: boolean;
  readonly publishedAt?: string;
  /** A final that shipped commits no candidate tested (`final --accept-untested`): the reason and the short SHAs. */
  readonly untested?: { readonly reason: string; readonly commits: readonly string[] };
}

/** Files of one version on the package index. */
export interface PackageFilesFact {
  readonly version: string;
  readonly files: number;
  readonly url: string;
}

/** The downstream report's summary. */
export interface DownstreamFact {
  readonly candidate: string;
  readonly baseline: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly regressed: number;
  /** The dependents' builds on conda-forge merged into the report: platforms (feedstock x platform) by state. */
  readonly dependents?: {
    readonly total: number;
    readonly green: number;
    readonly pending: number;
    readonly failing: number;
  };
  /** When release-kit first saw it (the file's modification time). */
  readonly at: string;
}

/** A partner repository's integration issue. */
export interface PartnerFact {
  readonly repo: string;
  readonly issue?: { readonly number: number; readonly url: string; readonly state: "open" | "closed" };
}

/** Everything observed; each part is absent when its source is not configured or was not read. */
export interface ReleaseFacts {
  readonly issue?: { readonly number: number; readonly url: string; readonly createdAt: string };
  readonly branch?: { readonly name: string; readonly exists: boolean };
  /** The candidate version the version file on the release branch names, once seen. */
  readonly bumpedTo?: string;
  /** Tags of this version: candidates in ascending order, and the final. */
  readonly tags?: {
    readonly rcs: readonly { readonly tag: string; readonly version: string; readonly rc: number }[];
    readonly final?: string;
  };
  /** When the first candidate was tagged (tagger or commit date). */
  readonly rc1At?: string;
  readonly releases?: readonly ReleaseFact[];
  readonly pypi?: { readonly rc?: PackageFilesFact; readonly final?: PackageFilesFact; readonly missing?: boolean };
  readonly feedstock?: { readonly rc?: PullFact; readonly final?: PullFact };
  readonly downstream?: DownstreamFact;
  readonly partners?: readonly PartnerFact[];
  readonly lessonsPr?: PullFact;
}

/** The ids of the sources a sync reads, one request each (partners: one per partner repository). */
export type FactSource =
  | "branch"
  | "bump"
  | "tags"
  | "rc1"
  | "releases"
  | "pypi"
  | "pypi-rc"
  | "feedstock"
  | "feedstock-ci"
  | "partners"
  | "lessons-pr";
