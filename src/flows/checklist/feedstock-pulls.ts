/**
 * release-kit's own PRs of a release on the conda-forge feedstock, as `conda-forge pr` names them (the fork branch
 * `release-kit/<package>-<version>`, from the configured fork owner when there is one), found in a list of the
 * feedstock's pull requests. The checklist, `status` and the final's feedstock-ci gate find them this one way.
 */
import type { PullFact } from "../../core/checklist/index.js";
import { prBranchName } from "../../core/feedstock-plan/pr-identity.js";

/** A pull request as GitHub lists it, with what is read of it here. */
export interface ListedPull {
  readonly number: number;
  readonly html_url: string;
  readonly state: string;
  readonly merged_at: string | null;
  readonly created_at: string;
  readonly head: { readonly ref: string; readonly sha: string; readonly repo: { owner: { login: string } } | null };
  readonly base: { readonly ref: string };
}

/**
 * The PRs whose branch starts with the one of `version` (X.Y.Z: the final's and every candidate's; X.YrcN: that
 * candidate's), from the fork owner when one is configured.
 */
export function releaseKitFeedstockPulls(
  pulls: readonly ListedPull[],
  feedstock: { readonly package: string; readonly forkOwner?: string },
  version: string,
): PullFact[] {
  const prefix = prBranchName(feedstock.package, version);
  return pulls
    .filter((p) => p.head.ref.startsWith(prefix))
    .filter((p) => !feedstock.forkOwner || p.head.repo?.owner.login === feedstock.forkOwner)
    .map((p): PullFact => ({
      number: p.number,
      url: p.html_url,
      state: p.state === "closed" ? "closed" : "open",
      merged: p.merged_at !== null,
      createdAt: p.created_at,
      headSha: p.head.sha,
      headRef: p.head.ref,
      base: p.base.ref,
    }));
}
