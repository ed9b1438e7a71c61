/**
 * The shapes of a downstream check's result files: one shard's results, the merged results.json and the retry list.
 */
import type { Category, DownstreamRun } from "./outcomes.js";
import type { PartnerIssueState } from "./render-partner-section.js";

/** The outcome of one job (downstream x platform): its category and every run. */
export interface DownstreamJobResult {
  readonly name: string;
  readonly platform: string;
  readonly category: Category;
  /** Set when the config marks the downstream `quiet`: reported, never failing the check. */
  readonly quiet?: string;
  /** A/A calibration only: share of runs that disagree with the most common result. */
  readonly flakeRate?: number;
  /** Set for a result read from conda-forge's CI (a dependent feedstock's draft PR), not run by `downstream run`. */
  readonly source?: "conda-forge";
  /** Where to see it: the dependent's draft PR. */
  readonly url?: string;
  readonly runs: readonly DownstreamRun[];
}

/**
 * What `downstream run` writes for one shard (`results-shard-I.json`), and `conda-forge dependents --results` for the
 * dependents' builds on conda-forge (`results-conda-forge-dependents.json`, `source: conda-forge`, whose baseline is
 * each dependent's default branch rather than a version).
 */
export interface ShardResults {
  readonly shard: string;
  readonly source?: "conda-forge";
  readonly baseline: string;
  readonly candidate: string;
  readonly calibrate?: boolean;
  readonly downstreams: readonly DownstreamJobResult[];
}

/** The merged `results.json` that `downstream report` writes. */
export interface DownstreamReport {
  readonly baseline: string;
  readonly candidate: string;
  readonly calibrate?: boolean;
  readonly counts: Readonly<Partial<Record<Category, number>>>;
  readonly downstreams: readonly DownstreamJobResult[];
  /** Partner issues of the release (`downstream report --partners`): state and labels. */
  readonly partners?: readonly PartnerIssueState[];
}

/** One entry of `retry-list.json`, which `downstream run --only FILE` reads back. */
export interface RetryEntry {
  readonly name: string;
  readonly platform: string;
  readonly category: Category;
}
