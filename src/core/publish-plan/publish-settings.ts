/** The settings of a publish hand-off, parsed and validated once from the tag and the config, before any request. */
import type { PollDelays } from "./poll-delay.js";

/** Everything `planPublish` and the publish flow need besides the observation. */
export interface PublishSettings {
  /** `owner/name` of the project. */
  readonly repo: string;
  /** The tag that was cut (`v1.20.0rc1`). */
  readonly tag: string;
  /** The version the tag names, in the configured scheme (`1.20.0rc1`). */
  readonly version: string;
  /** The version as the package index spells it (PEP 440, e.g. `1.20.0rc1` also for a SemVer project). */
  readonly indexVersion: string;
  readonly kind: "rc" | "final";
  /** The release branch of the version (`rel-1.20.0`). */
  readonly branch: string;
  /** The package on the index (`pypi.package`). */
  readonly package: string;
  /** Base URL of the index the files must reach (`$indexUrl/pypi/<package>/<version>/json`). */
  readonly indexUrl: string;
  /** Workflow file name in .github/workflows. */
  readonly workflow: string;
  /** The ref the workflow is dispatched on, placeholders filled (`v1.20.0rc1` or `rel-1.20.0`). */
  readonly ref: string;
  /** workflow_dispatch inputs, placeholders filled. */
  readonly inputs: Readonly<Record<string, string>>;
  /** How long to wait for the run; a timeout is a failure. */
  readonly timeoutMs: number;
  /** How long to wait for the index to show the files after the run succeeded (index lag). */
  readonly indexWaitMs: number;
  readonly pollDelays: PollDelays;
}
