/**
 * The downstream report, as `downstream report` and the downstream action make it: the categories that fail the check
 * (given, else the config's `downstream-check.fail-on`, else `regressed`), the merged report files, the job summary
 * in Actions, and with partners the state of each partner's integration issue. Each caller shows the outcome its way.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { appendText, pathExists } from "../../adapters/files.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { displayPath, loadConfig, resolveConfigPath, type ReleaseKitConfig } from "../../config/index.js";
import { CATEGORIES, type Category } from "../../core/downstream/outcomes.js";
import { partnerIssueTitle } from "../../core/downstream/partner-issue-plan.js";
import type { DownstreamReport } from "../../core/downstream/shard-results.js";
import { InputError } from "../../core/errors.js";
import { baseVersionOf, formatVersion, parseVersion } from "../../core/versions/index.js";
import { readPartnerIssues } from "./partner-issues.js";
import { writeReport, type ReportOutcome } from "./write-report.js";

/**
 * The categories that fail the check: those given (each must be a category), else the config's. A report job may run
 * without a checkout, so without a config file (and none named) the default, `regressed`, applies.
 */
async function resolveFailOn(
  given: readonly unknown[],
  cwd: string,
  configName: string | undefined,
): Promise<Category[]> {
  if (given.length > 0) {
    const unknown = given.find((c) => !CATEGORIES.includes(c as Category));
    if (unknown !== undefined) {
      throw new InputError(`--fail-on ${JSON.stringify(unknown)} is not a category (${CATEGORIES.join(", ")})`);
    }
    return given as Category[];
  }
  const configPath = resolveConfigPath(cwd, configName);
  if (configName === undefined && !(await pathExists(configPath))) return ["regressed"];
  const config = await loadConfig(configPath, { displayName: displayPath(cwd, configPath) });
  return [...config.downstreamCheck.failOn];
}

/**
 * Reads the partner issues of the report's release: titled after the candidate's base version, opened by `author`
 * (default: the token's user). The config and the client are asked for only when the report is written.
 */
export function partnerIssuesReader(
  loadReleaseConfig: () => Promise<ReleaseKitConfig>,
  clientFor: (config: ReleaseKitConfig) => GitHubClient,
  author: string | undefined,
) {
  return async (report: DownstreamReport) => {
    const config = await loadReleaseConfig();
    const scheme = config.project.versionScheme;
    const version = formatVersion(baseVersionOf(parseVersion(report.candidate, scheme)), "pep440");
    const title = partnerIssueTitle(splitRepo(config.project.repo).repo, version);
    const states = await readPartnerIssues(
      clientFor(config),
      config.partners.map((p) => p.repo),
      title,
      author,
    );
    return { title, states };
  };
}

/** What `reportDownstream` needs besides the directories: where the config is, and what the caller gave. */
export interface DownstreamReportRequest {
  readonly dirs: readonly string[];
  readonly outDir: string;
  /** `--fail-on` / the action's `fail-on`; empty for the config's. */
  readonly failOn: readonly unknown[];
  readonly fullReport?: string;
  readonly readPartners?: Parameters<typeof writeReport>[2]["readPartners"];
  readonly cwd: string;
  /** The config file named by the caller, if any (else release-kit.yml in `cwd`, when it exists). */
  readonly configName?: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Writes the report from the shard directories and adds its Markdown to the job summary when in Actions. Returns the
 * outcome and the categories it was judged by.
 */
export async function reportDownstream(
  request: DownstreamReportRequest,
): Promise<{ readonly outcome: ReportOutcome; readonly failOn: readonly Category[] }> {
  if (request.dirs.length === 0) {
    throw new InputError("missing DIR: give the directories `downstream run --out` wrote");
  }
  const failOn = await resolveFailOn(request.failOn, request.cwd, request.configName);
  const outcome = await writeReport(request.dirs, request.outDir, {
    failOn,
    ...(request.fullReport !== undefined ? { fullReport: request.fullReport } : {}),
    ...(request.readPartners ? { readPartners: request.readPartners } : {}),
  });
  const summary = request.env["GITHUB_STEP_SUMMARY"];
  if (summary) await appendText(summary, outcome.markdown);
  return { outcome, failOn };
}

/** The one error line of a failing report: how many jobs, in which categories, and which. */
export function failingJobsLine(outcome: ReportOutcome, failOn: readonly Category[]): string {
  return `${outcome.failing.length} downstream job(s) in ${failOn.join(", ")}: ${outcome.failing.map((j) => `${j.name}@${j.platform} (${j.category})`).join(", ")}`;
}
