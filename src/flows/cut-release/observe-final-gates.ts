/**
 * Reads what a final's gates look at, before any write, from the places the rest of release-kit keeps it: the
 * downstream report (`--downstream-report FILE`, else the fact the checklist issue remembers from its last sync), the
 * candidate's files on its index (as `publish` reads them), the candidate's feedstock PR (as the checklist finds it)
 * and its CI (as the dependents' results read it), and each partner's issue (by the title `downstream notify` gives
 * it) with its comments. Only gates that are on and configured are read. Requests: 1 for the checklist issue (none
 * with a report file), 1 to the package index, 1 for the feedstock PRs plus 2 for the CI of an open one, and per
 * partner 1 plus 1 when its issue is open with comments.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { readCiReports } from "../../adapters/github/commit-ci.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { readMemory, readStatusSection } from "../../core/checklist/index.js";
import { ciVerdict } from "../../core/dependents-plan/classify-dependent-checks.js";
import { findPartnerIssue, partnerIssueTitle } from "../../core/downstream/partner-issue-plan.js";
import { prBranchName } from "../../core/feedstock-plan/pr-identity.js";
import { errorMessage } from "../../core/errors.js";
import type {
  FinalGateSettings,
  ObservedFeedstockPull,
  ObservedFinalGates,
  ObservedPartnerGate,
} from "../../core/release-plan/final-gates.js";
import { convertVersion, type VersionScheme } from "../../core/versions/index.js";
import { releaseKitFeedstockPulls } from "../checklist/feedstock-pulls.js";
import { listChecklistIssues, pickChecklistIssue } from "../checklist/find-checklist-issue.js";
import { readDownstreamReport } from "../checklist/read-downstream-report.js";
import { readIndexFiles } from "../publish/read-index.js";

/** The release the gates are about. */
export interface GatedRelease {
  /** `owner/name` of the project. */
  readonly repo: string;
  /** X.Y.Z in PEP 440 spelling. */
  readonly baseVersion: string;
  readonly scheme: VersionScheme;
  /** The last candidate: its version in PEP 440 spelling and its tag. */
  readonly candidate: { readonly version: string; readonly tag: string };
}

/** Reads every gate that is on and configured; the others are left out of the result. */
export async function observeFinalGates(
  gh: GitHubClient,
  gates: FinalGateSettings,
  release: GatedRelease,
): Promise<ObservedFinalGates> {
  const on = (level: FinalGateSettings["downstreamRegressions"]) => level !== "off";
  const downstream =
    on(gates.downstreamRegressions) && gates.downstream ? await observeDownstream(gh, gates.downstream, release) : null;
  const candidateFiles = on(gates.candidateFiles) && gates.index ? await observeFiles(gates.index, release) : null;
  const feedstock =
    on(gates.feedstockCi) && gates.feedstock ? await observeFeedstock(gh, gates.feedstock, release) : null;
  const partners =
    on(gates.partnerIssues) && gates.partners ? await observePartners(gh, gates.partners, release) : null;
  return {
    candidate: release.candidate,
    ...(downstream ? { downstream } : {}),
    ...(candidateFiles ? { candidateFiles } : {}),
    ...(feedstock ? { feedstock } : {}),
    ...(partners ? { partners } : {}),
  };
}

async function observeDownstream(
  gh: GitHubClient,
  source: NonNullable<FinalGateSettings["downstream"]>,
  release: GatedRelease,
): Promise<NonNullable<ObservedFinalGates["downstream"]>> {
  const asRead = { version: release.baseVersion, scheme: release.scheme };
  if (source.reportFile !== undefined) {
    const fact = await readDownstreamReport(source.reportFile, asRead, undefined);
    return { source: `--downstream-report ${source.reportFile}`, report: fact ? reportOf(fact, release.scheme) : null };
  }
  const issue = pickChecklistIssue(
    await listChecklistIssues(gh, {
      repo: release.repo,
      title: source.checklist.title,
      labels: source.checklist.labels,
    }),
  );
  if (!issue) return { source: `the checklist (no issue titled "${source.checklist.title}")`, report: null };
  const fact = readMemory(readStatusSection(issue.body)).facts.downstream;
  return { source: `checklist #${issue.number}`, report: fact ? reportOf(fact, release.scheme) : null };
}

/** The report's candidate in PEP 440 spelling, as the gate compares it with the last candidate. */
function reportOf(
  fact: { candidate: string; baseline: string; regressed: number },
  scheme: VersionScheme,
): { candidate: string; baseline: string; regressed: number } {
  let candidate = fact.candidate;
  try {
    candidate = convertVersion(fact.candidate, scheme, "pep440");
  } catch {
    // A candidate the scheme cannot read is shown as written; it matches no tag.
  }
  return { candidate, baseline: fact.baseline, regressed: fact.regressed };
}

async function observeFiles(
  index: NonNullable<FinalGateSettings["index"]>,
  release: GatedRelease,
): Promise<NonNullable<ObservedFinalGates["candidateFiles"]>> {
  try {
    const files = await readIndexFiles(index.url, index.package, release.candidate.version);
    return { indexUrl: index.url, package: index.package, files: files.length };
  } catch (error) {
    return { indexUrl: index.url, package: index.package, files: null, error: errorMessage(error) };
  }
}

async function observeFeedstock(
  gh: GitHubClient,
  feedstock: NonNullable<FinalGateSettings["feedstock"]>,
  release: GatedRelease,
): Promise<NonNullable<ObservedFinalGates["feedstock"]>> {
  const branch = prBranchName(feedstock.package, release.candidate.version);
  let listed;
  try {
    listed = (await gh.rest.pulls.list({ ...splitRepo(feedstock.repo), state: "all", per_page: 100 })).data;
  } catch (error) {
    if (isNotFound(error)) return { repo: feedstock.repo, branch, pull: null };
    throw error;
  }
  // The candidate's own branch (a later candidate's PR supersedes it, so an older one says nothing about this one).
  const ours = releaseKitFeedstockPulls(listed, feedstock, release.candidate.version).filter(
    (p) => p.headRef === branch,
  );
  const found =
    ours.find((p) => p.merged) ?? ours.find((p) => p.state === "open") ?? ours.sort((a, b) => b.number - a.number)[0];
  if (!found) return { repo: feedstock.repo, branch, pull: null };
  let pull: ObservedFeedstockPull = { number: found.number, url: found.url, state: found.state, merged: found.merged };
  // Only an open PR's CI matters: merged is built and uploaded, closed unmerged never will be.
  if (found.state === "open" && !found.merged) {
    const { verdict, notGreen } = ciVerdict(await readCiReports(gh, feedstock.repo, found.headSha));
    pull = { ...pull, ci: verdict, notGreen };
  }
  return { repo: feedstock.repo, branch, pull };
}

/**
 * A partner's issue is answered once it is closed, or once someone other than its author (release-kit's token, which
 * opened it and may update it) and other than a bot has commented: a person on the partner's side has seen it.
 */
async function observePartners(
  gh: GitHubClient,
  partners: NonNullable<FinalGateSettings["partners"]>,
  release: GatedRelease,
): Promise<ObservedPartnerGate[]> {
  const title = partnerIssueTitle(partners.project, release.baseVersion);
  const seen: ObservedPartnerGate[] = [];
  for (const repo of partners.repos) {
    try {
      const { data } = await gh.rest.issues.listForRepo({ ...splitRepo(repo), state: "all", per_page: 100 });
      const hit = findPartnerIssue(
        data.filter((i) => !i.pull_request),
        title,
      );
      if (!hit) {
        seen.push({ repo, issue: null });
        continue;
      }
      const issue = {
        number: hit.number,
        url: hit.html_url,
        state: hit.state === "closed" ? "closed" : "open",
      } as const;
      if (issue.state === "closed" || hit.comments === 0) {
        seen.push({ repo, issue });
        continue;
      }
      const author = hit.user?.login;
      const comments = (
        await gh.rest.issues.listComments({ ...splitRepo(repo), issue_number: hit.number, per_page: 100 })
      ).data;
      const answer = comments.find(
        (c) => c.user && c.user.login !== author && c.user.type !== "Bot" && !c.user.login.endsWith("[bot]"),
      );
      seen.push({ repo, issue: answer?.user ? { ...issue, answeredBy: answer.user.login } : issue });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      seen.push({ repo, issue: null, error: "not found, or the token cannot see it" });
    }
  }
  return seen;
}
