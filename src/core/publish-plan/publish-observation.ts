/** What the publish hand-off reads before it plans: the index, the tag's commit, and earlier runs of the workflow. */

/** A file of the version on the package index. */
export interface IndexFile {
  readonly filename: string;
  readonly sha256: string;
  readonly url: string;
}

/** A run of the publishing workflow. */
export interface ObservedRun {
  readonly id: number;
  readonly url: string;
  readonly status: string;
  /** null until the run completes. */
  readonly conclusion: string | null;
  readonly headSha: string;
  /** The branch or tag the run was dispatched on. */
  readonly headBranch: string | null;
  readonly event: string;
  readonly createdAt: string;
}

/** Everything observed. */
export interface PublishObservation {
  /** The files of the version on the index; empty when the version is not there. */
  readonly indexFiles: readonly IndexFile[];
  /** The commit the tag points to (peeled), or null when the tag does not exist. */
  readonly tagCommit: string | null;
  /** The commit the dispatch ref resolves to, or null when it does not exist. */
  readonly refCommit: string | null;
  /** workflow_dispatch runs of the workflow on the tag's commit, newest first. */
  readonly runs: readonly ObservedRun[];
}
