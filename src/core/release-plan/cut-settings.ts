/** The settings of a cut, parsed and validated once from flags/inputs and the config, before any request. */
import type { VersionFileConfig } from "../version-files/version-file-kinds.js";
import type { VersionScheme } from "../versions/index.js";
import type { FinalGateSettings, GateLevel } from "./final-gates.js";

/** Everything `planCut` needs besides the observation. */
export interface CutSettings {
  /** `owner/name`. */
  readonly repo: string;
  readonly kind: "rc" | "final";
  /** X.Y.Z */
  readonly baseVersion: string;
  /** `--rc N`: cut, resume or finish exactly this candidate. */
  readonly rc?: number;
  /** `--next`: cut the next candidate when the latest one is cut and released (refused without it). */
  readonly next?: boolean;
  /** How this caller asks for the next candidate, named by the refusal (default `--next`; the action: its input). */
  readonly nextHint?: string;
  /** `--base REF`: where a missing release branch starts; default: the repository's default branch. */
  readonly baseRef?: string;
  readonly scheme: VersionScheme;
  readonly tagPattern: string;
  readonly branchPattern: string;
  readonly versionFiles: readonly VersionFileConfig[];
  readonly requiredChecks: readonly string[];
  /** `--skip-checks REASON`: the reason is recorded in the tag message and the release notes. */
  readonly skipChecksReason?: string;
  readonly blockerLabel: string;
  /**
   * What an open release blocker does to a final (`final.gates.release-blockers`): refuse it (error), warn, or
   * nothing (off). A candidate is always refused.
   */
  readonly finalBlockerGate?: GateLevel;
  /**
   * A final's other gates (`final.gates`: downstream regressions, candidate files, feedstock CI, partner issues) and
   * where they read; absent: none of them is looked at (a candidate has none).
   */
  readonly finalGates?: FinalGateSettings;
  /** The workflow run (GITHUB_RUN_ID or --run-id); a re-run of the same run resumes its own candidate. */
  readonly runId: string;
  /**
   * `final --accept-untested REASON`: release although commits landed after the last candidate; the reason and the
   * commits go into the tag message and the release notes.
   */
  readonly acceptUntestedReason?: string;
  /** `final --no-rc`: release without a candidate. */
  readonly noRc: boolean;
  /** `rc --from-branch`: tag the version the release branch already holds (bumped by a PR). */
  readonly fromBranch: boolean;
  /** `rc.next-dev-pr` on a final: after the release, open a PR moving the default branch to the next version. */
  readonly nextDevPr?: boolean;
  /**
   * How the bump reaches the release branch (`rc.via`, `--via-pr`): a commit on the branch (direct, the default), or
   * one version-bump pull request into it that the tag-on-bump workflow tags once merged.
   */
  readonly via?: "direct" | "pull-request";
  /** Pull-request mode: the bump PR's branch (`rc.pr-branch`); `{version}` is the full version. */
  readonly prBranchPattern?: string;
  /** Pull-request mode: labels of the bump PR (`rc.pr-labels`). */
  readonly prLabels?: readonly string[];
  /** Author of the version-bump commit (`project.commit-author` or GIT_AUTHOR_*); absent: the token's user. */
  readonly author?: { readonly name: string; readonly email: string };
  /** `project.sign-off`: the bump commit carries `Signed-off-by:` for `author`. */
  readonly signOff?: boolean;
  /** Warnings of the Python support policy, computed by the caller from pyproject.toml. */
  readonly supportWarnings?: (pyproject: string | null) => string[];
}
