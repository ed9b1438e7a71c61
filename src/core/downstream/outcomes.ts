/**
 * The vocabulary of downstream checks, after Rust's crater: what one run of one side produced, why it failed, and
 * the category a downstream lands in once both sides are compared.
 */

/** Which version a run used: the last final release or the release candidate. */
export type Side = "baseline" | "candidate";

/** What one run of one side produced; `pending` is a build still running elsewhere (a conda-forge CI job). */
export type SideResult =
  | "broken"
  | "prepare-fail"
  | "build-fail"
  | "test-fail"
  | "test-pass"
  | "test-skipped"
  | "skipped"
  | "error"
  | "pending";

/** Why a run failed, as far as its exit status and log tell. */
export type FailureReason =
  | "timeout"
  | "oom"
  | "no-space"
  | "network"
  | "infra"
  | "patch"
  | "abi"
  | "link"
  | "cmake-config"
  | "import"
  | "unknown";

/** Comparison categories of a downstream; `flaky` when runs of one side disagree. */
export type Category =
  | "regressed"
  | "fixed"
  | "spurious-regressed"
  | "spurious-fixed"
  | "same-build-fail"
  | "same-test-fail"
  | "same-test-pass"
  | "skipped"
  | "broken"
  | "prepare-fail"
  | "error"
  | "unknown"
  | "pending"
  | "flaky";

/** How the report and the terminal summary title each category. */
export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  regressed: "Regressed",
  flaky: "Flaky",
  "spurious-regressed": "Spurious regressions",
  "prepare-fail": "Prepare failed",
  broken: "Broken",
  error: "Errors",
  unknown: "Unknown",
  pending: "Still building",
  fixed: "Fixed",
  "spurious-fixed": "Spurious fixes",
  "same-build-fail": "Build fails on both",
  "same-test-fail": "Tests fail on both",
  "same-test-pass": "Tests pass on both",
  skipped: "Skipped",
};

/** The categories whose runs failed in a way a maintainer reads the log of: shown with log excerpts. */
export const FAILURE_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  "regressed",
  "flaky",
  "spurious-regressed",
  "prepare-fail",
  "broken",
  "error",
  "unknown",
]);

/** Every category, in the order the report shows them (what needs attention first). */
export const CATEGORIES: readonly Category[] = [
  "regressed",
  "flaky",
  "spurious-regressed",
  "prepare-fail",
  "broken",
  "error",
  "unknown",
  "pending",
  "fixed",
  "spurious-fixed",
  "same-build-fail",
  "same-test-fail",
  "same-test-pass",
  "skipped",
];

/** Every side result, for validation. */
export const SIDE_RESULTS: readonly SideResult[] = [
  "broken",
  "prepare-fail",
  "build-fail",
  "test-fail",
  "test-pass",
  "test-skipped",
  "skipped",
  "error",
  "pending",
];

/** Every failure reason, for validation. */
export const FAILURE_REASONS: readonly FailureReason[] = [
  "timeout",
  "oom",
  "no-space",
  "network",
  "infra",
  "patch",
  "abi",
  "link",
  "cmake-config",
  "import",
  "unknown",
];

/** Reasons that say the machine, not the code, failed: such a failure is never a regression. */
export const SPURIOUS_REASONS: ReadonlySet<FailureReason> = new Set(["timeout", "oom", "no-space", "network", "infra"]);

/** One run of one side of one downstream, as written to the shard results and `results.json`. */
export interface DownstreamRun {
  readonly side: Side;
  /** The version installed for this run. */
  readonly version: string;
  /** 1 for the first run of this side, 2 for its first retry... */
  readonly attempt: number;
  readonly result: SideResult;
  /** Set when the run did not pass. */
  readonly reason?: FailureReason;
  /** The log line that gave the reason (trimmed, bounded), quoted in the report; absent in results of older versions. */
  readonly reasonLine?: string;
  /** Free text: the skip reason, the failing step, the internal error. */
  readonly detail?: string;
  /** Path of the whole log (relative to the results file that lists it). */
  readonly log: string;
  readonly durationSeconds: number;
  /** Last lines of the log, for the report. */
  readonly tail?: string;
  /** Set when this baseline run was not run now but reused from the baseline cache (`downstream run --baseline-cache`). */
  readonly cached?: CachedRunOrigin;
}

/** Where a reused baseline result comes from: the run that made it. */
export interface CachedRunOrigin {
  /** When it was run (ISO 8601). */
  readonly savedAt: string;
  /** The candidate that run compared against (the baseline was run for it). */
  readonly candidate: string;
  /** The downstream commit both sides were built from. */
  readonly commit: string;
}

/** Whether a result counts as success when comparing sides (tests skipped by config still built). */
export function isPassing(result: SideResult): boolean {
  return result === "test-pass" || result === "test-skipped";
}

/** Whether a run failed for a reason that says nothing about the code. */
export function isSpurious(run: Pick<DownstreamRun, "reason">): boolean {
  return run.reason !== undefined && SPURIOUS_REASONS.has(run.reason);
}
