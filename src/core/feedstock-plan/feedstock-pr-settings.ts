/** The settings of a conda-forge feedstock PR, parsed and validated once from flags/inputs and the config. */

/** Everything the feedstock PR plan needs besides what is observed. */
export interface FeedstockPrSettings {
  /** The project (`owner/name`), for links to its tag and release. */
  readonly upstreamRepo: string;
  /** The project's tag of this version (e.g. `v1.20.0rc1`). */
  readonly tag: string;
  /** The conda version, PEP 440 canonical (`1.20.0rc1`). */
  readonly version: string;
  /**
   * The package version the bumped recipe must render when it is not `version` (protobuf's 4.24.4 for 24.4), from
   * `--package-version` or `conda-forge.package-version`; absent: `version`.
   */
  readonly packageVersion?: string;
  /** The release segment as written (`1.20.0` of 1.20.0rc1, `2.1` of 2.1rc1): a main-opt-in recipe's version. */
  readonly baseVersion: string;
  /** The candidate number for a release candidate, undefined for a final. */
  readonly rcNumber: number | undefined;
  readonly kind: "rc" | "final";
  /** The feedstock, `owner/name`. */
  readonly feedstock: string;
  /** Owner of the fork; undefined: the token's login (one extra request). */
  readonly forkOwner: string | undefined;
  /** The conda package name (titles, branch names, the rc label). */
  readonly package: string;
  /** The package's name on the index, to cross-check digests. */
  readonly indexPackage: string;
  /** Base URL of the package index (PyPI's JSON API). */
  readonly indexUrl: string;
  /** How candidates are built: a PR into the rc branch (CFEP-05) or into main with the RC marker set. */
  readonly strategy: "rc-branch" | "main-opt-in";
  readonly rcBranch: string;
  readonly createRcBranch: boolean;
  /** The label a candidate is uploaded to (`onnx_rc`). */
  readonly rcLabel: string;
  /** With main-opt-in: the recipe key that marks a candidate. */
  readonly rcMarker: string | undefined;
  readonly rerender: "auto" | "always" | "never";
  /** How long to wait for a source that is not published yet. */
  readonly sourceWaitMs: number;
  readonly maxDownloadBytes: number;
  /** The release checklist issue, when known (a link in the PR body). */
  readonly checklistUrl: string | undefined;
}

/** The feedstock branch the PR targets: the rc branch for a candidate with rc-branch, else the default branch. */
export function targetBase(settings: FeedstockPrSettings, defaultBranch: string): string {
  return settings.kind === "rc" && settings.strategy === "rc-branch" ? settings.rcBranch : defaultBranch;
}
