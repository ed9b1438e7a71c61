/**
 * How release-kit names its feedstock PRs so that a rerun finds them again: the fork branch
 * `release-kit/<package>-<version>`, the title the autotick bot would use (`onnx v1.20.0rc1`, `[rc] ` in front when
 * the PR targets the rc branch), and which older release-kit PRs a new one supersedes.
 */
import { compare as comparePep440, explain } from "@renovatebot/pep440";
import type { ObservedPull } from "./feedstock-observation.js";

const branchPrefix = "release-kit/";

/** The fork branch of a version's PR. */
export function prBranchName(pkg: string, version: string): string {
  return `${branchPrefix}${pkg}-${version}`;
}

/** The version a release-kit branch name holds for `pkg`, or undefined for any other branch. */
export function versionOfPrBranch(pkg: string, branch: string): string | undefined {
  const prefix = `${branchPrefix}${pkg}-`;
  if (!branch.startsWith(prefix)) return undefined;
  const version = branch.slice(prefix.length);
  return explain(version) ? version : undefined;
}

/** The PR title, as conda-forge's bot writes it. */
export function prTitle(pkg: string, version: string, base: string, rcBranch: string): string {
  return `${base === rcBranch ? "[rc] " : ""}${pkg} v${version}`;
}

/** X.Y.Z of a PEP 440 version (its release series). */
export function releaseSeries(version: string): string {
  const parts = explain(version)?.release ?? [];
  return [0, 1, 2].map((i) => parts[i] ?? 0).join(".");
}

/** Whether a PEP 440 version is a pre-release (a, b or rc). */
export function isPreRelease(version: string): boolean {
  return explain(version)?.is_prerelease === true && explain(version)?.dev === null;
}

/**
 * The open release-kit PRs from `fork` that the PR of `version` supersedes: candidates of the same release series
 * that are older than `version` (a final supersedes every candidate of its series).
 */
export function supersededPulls(
  pulls: readonly ObservedPull[],
  fork: string,
  pkg: string,
  version: string,
): ObservedPull[] {
  const series = releaseSeries(version);
  return pulls.filter((pull) => {
    if (pull.headRepo?.toLowerCase() !== fork.toLowerCase()) return false;
    const other = versionOfPrBranch(pkg, pull.headRef);
    if (other === undefined || other === version || !isPreRelease(other)) return false;
    return releaseSeries(other) === series && comparePep440(other, version) < 0;
  });
}

/** The open PR of this version from the fork, if any. */
export function existingPull(pulls: readonly ObservedPull[], fork: string, branch: string): ObservedPull | undefined {
  return pulls.find((p) => p.headRepo?.toLowerCase() === fork.toLowerCase() && p.headRef === branch);
}
