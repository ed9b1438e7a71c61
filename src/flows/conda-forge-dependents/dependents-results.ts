/**
 * `conda-forge dependents --results`: reads, never writes, how each dependent feedstock's draft PR builds on
 * conda-forge's CI against the candidate, per platform, next to the same feedstock's default-branch head (the
 * baseline), and turns them into downstream jobs (`source: conda-forge`) that `downstream report` merges with the
 * other results. Seven reads per dependent: the repository, its branch, its open PRs, and the check runs and combined
 * status of both heads (plus `GET /user` once when no fork owner is configured).
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { readCiReports } from "../../adapters/github/commit-ci.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { classifyDependentChecks, type CiSide } from "../../core/dependents-plan/classify-dependent-checks.js";
import { dependentBranchName } from "../../core/dependents-plan/plan-dependent-pr.js";
import type { DownstreamJobResult, ShardResults } from "../../core/downstream/shard-results.js";
import type { Logger } from "../../core/logger.js";
import { listPullsFromFork } from "../../adapters/github/pull-requests.js";
import type { DependentsFlowSettings } from "./settings.js";

/** The file `--results --out DIR` writes, which `downstream report DIR` finds beside the shards' files. */
export const DEPENDENTS_RESULTS_FILE = "results-conda-forge-dependents.json";

/** What was read of one dependent. */
export interface DependentCiResult {
  readonly feedstock: string;
  /** The draft PR from the fork, when there is one; `version` is the candidate its title names. */
  readonly pr: {
    readonly number: number;
    readonly url: string;
    readonly headSha: string;
    readonly version?: string;
  } | null;
  readonly baseline: { readonly branch: string; readonly sha: string };
  readonly jobs: readonly DownstreamJobResult[];
  readonly requests: number;
}

/** The whole read. */
export interface DependentsResults {
  readonly version: string;
  readonly dependents: readonly DependentCiResult[];
  /** The jobs as a results file of the downstream report. */
  readonly results: ShardResults;
  readonly requests: number;
}

/** The version a dependent PR's title names (`[release-kit] build against onnx 1.20.0rc2 (do not merge)`). */
function titleVersion(title: string, pkg: string): string | undefined {
  const at = title.indexOf(`build against ${pkg} `);
  return at < 0 ? undefined : title.slice(at + `build against ${pkg} `.length).split(/\s/)[0];
}

/** Reads every dependent's per-platform results for `settings.version`. */
export async function readDependentsResults(
  gh: GitHubClient,
  settings: DependentsFlowSettings,
  logger: Logger,
): Promise<DependentsResults> {
  const start = gh.requestLog.length;
  const forkOwner = settings.forkOwner ?? (await gh.rest.users.getAuthenticated()).data.login;
  const branchName = dependentBranchName(settings.package, settings.version);
  const dependents: DependentCiResult[] = [];
  for (const target of settings.targets) {
    const before = gh.requestLog.length;
    const { owner, repo } = splitRepo(target.feedstock);
    const repoData = (await gh.rest.repos.get({ owner, repo })).data;
    const branch = target.branch ?? repoData.default_branch;
    const head = (await gh.rest.repos.getBranch({ owner, repo, branch })).data.commit.sha;
    const pull = (await listPullsFromFork(gh, repoData.full_name, `${forkOwner}/${repo}`)).find(
      (p) => p.headRef === branchName,
    );
    const version = pull ? titleVersion(pull.title, settings.package) : undefined;
    const current = pull !== undefined && version === settings.version;
    if (pull && !current)
      logger.warning(
        `${target.feedstock}: draft PR #${pull.number} builds ${version ?? "another version"}, not ${settings.version}: run \`release-kit conda-forge dependents --version ${settings.version}\``,
      );
    const candidate: CiSide | undefined = current
      ? { label: settings.version, reports: await readCiReports(gh, repoData.full_name, pull.headSha) }
      : undefined;
    const baseline: CiSide = {
      label: `${branch}@${head.slice(0, 7)}`,
      reports: await readCiReports(gh, repoData.full_name, head),
    };
    const jobs = classifyDependentChecks({
      feedstock: repoData.full_name,
      ...(pull ? { url: pull.url } : {}),
      platforms: target.platforms,
      candidate,
      baseline,
    });
    for (const job of jobs) logger.info(`${job.name} on ${job.platform}: ${job.category}`);
    dependents.push({
      feedstock: repoData.full_name,
      pr: pull ? { number: pull.number, url: pull.url, headSha: pull.headSha, ...(version ? { version } : {}) } : null,
      baseline: { branch, sha: head },
      jobs,
      requests: gh.requestLog.length - before,
    });
  }
  return {
    version: settings.version,
    dependents,
    results: {
      shard: "conda-forge",
      source: "conda-forge",
      baseline: "default branches",
      candidate: settings.version,
      downstreams: dependents.flatMap((d) => d.jobs),
    },
    requests: gh.requestLog.length - start,
  };
}

/** The text `--results` prints: one line per dependent and platform, with the PR. */
export function renderDependentsResultsText(results: DependentsResults): string {
  const lines = [`conda-forge dependents against ${results.version}:`];
  for (const d of results.dependents) {
    lines.push(`${d.feedstock} ${d.pr ? d.pr.url : "(no draft PR yet)"}`);
    for (const job of d.jobs) {
      const candidate = job.runs.find((r) => r.side === "candidate");
      const baseline = job.runs.find((r) => r.side === "baseline");
      lines.push(
        `  ${job.platform}: ${job.category} (candidate ${candidate?.result ?? "none"}, ${baseline?.version ?? "baseline"} ${baseline?.result ?? "none"})`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
