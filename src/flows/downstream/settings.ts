/**
 * Typed settings of downstream checks: the `downstream:` list and the `downstream-check:` block of release-kit.yml,
 * as the shared config loader resolved them (the only parser of release-kit.yml; the CLI, the demo and the tests all
 * load the config through it), with what depends on where the run happens filled in: a `path:` entry's folder and
 * `concurrency: auto`.
 */
import { resolve } from "node:path";
import { availableParallelism } from "node:os";
import type { Category } from "../../core/downstream/outcomes.js";
import type { DownstreamConfig, ReleaseKitConfig } from "../../config/config-types.js";

/** The three steps of a downstream, each with its own time limit. */
export type StepName = "prepare" | "build" | "test";

/**
 * One entry of `downstream:` as the runner takes it: the config's own entry type, with a `path:` (a local folder)
 * resolved into `repo` so that every entry is cloned the same way.
 */
export type DownstreamEntry = Omit<DownstreamConfig, "repo" | "path"> & {
  /** `owner/name` on GitHub, a git URL, or an absolute local path. */
  readonly repo: string;
};

/** The `downstream-check:` block. */
export interface DownstreamSettings {
  readonly downstreams: readonly DownstreamEntry[];
  /** Matrix shards for `downstream plan` (default 4). */
  readonly shards: number;
  /** Extra runs of a failed candidate (default 2). */
  readonly retries: number;
  /** Jobs run at once within a shard (default: the number of CPUs). */
  readonly concurrency: number;
  /** Categories that make `downstream report` exit 1 (default `[regressed]`). */
  readonly failOn: readonly Category[];
  /** Seconds between polls of a dispatched workflow run (default 30, at least 30). */
  readonly pollSeconds: number;
  /** How long to wait for a dispatched run, in minutes; absent: until the shard job itself stops. */
  readonly waitMinutes?: number;
}

/**
 * The settings from a config the shared loader resolved. A `path:` entry (a local folder, for tests and the demo)
 * is resolved against the config file's folder and cloned like any repository.
 */
export function downstreamSettingsFromConfig(config: ReleaseKitConfig, configDir: string): DownstreamSettings {
  const check = config.downstreamCheck;
  return {
    downstreams: config.downstream.map(({ repo, path, ...entry }) => ({
      ...entry,
      repo: repo ?? resolve(configDir, path ?? "."),
    })),
    shards: check.shards,
    retries: check.retries,
    concurrency: check.concurrency === "auto" ? availableParallelism() : check.concurrency,
    failOn: check.failOn,
    pollSeconds: check.pollSeconds,
    ...(check.timeoutMinutes !== undefined ? { waitMinutes: check.timeoutMinutes } : {}),
  };
}
