/**
 * `downstream notify`: opens, or updates, one "Integrate with <project> <version>" issue per partner repository.
 * Observe (the newest candidate, its release date, the checklist issue, the templates, each partner's existing
 * issue) -> plan (pure: create, update or nothing) -> apply. Every write follows a fresh read of the issue by its
 * exact title among the token user's issues, so a rerun after a crash at any write finishes the job and never opens
 * a second issue.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { fillPlaceholders } from "../../core/checklist/fill-placeholders.js";
import { planPartnerIssues, type PartnerIssueAction } from "../../core/downstream/partner-issue-plan.js";
import { ConfigError, InputError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import {
  formatVersion,
  isReleaseCandidate,
  parseVersion,
  sameBaseVersion,
  taggedVersions,
} from "../../core/versions/index.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { readPackagedTemplate } from "../checklist/read-checklist-sources.js";
import { readIndexFiles } from "../publish/read-index.js";
import type { NotifySettings } from "./notify-settings.js";
import { findCreatedIssue, tokenLogin } from "./partner-issues.js";
import { listProjectTags } from "./versions-from-tags.js";

/** How long partners get by default, from the candidate's release. */
export const DEFAULT_TEST_DAYS = 14;

/** What notify found, planned and did. */
export interface NotifyResult {
  readonly title: string;
  readonly rcVersion: string;
  readonly rcTag: string;
  /** The token's user, who opens the issues. */
  readonly login: string;
  readonly actions: readonly PartnerIssueAction[];
  /**
   * Set when the candidate is not on its index yet: partners would be told to install a version they cannot get,
   * so nothing is opened or updated, and this says where it was looked for.
   */
  readonly notOnIndex?: { readonly indexUrl: string; readonly package: string; readonly version: string };
  /** After apply (absent in a dry run): each partner's issue. */
  readonly applied?: readonly {
    readonly repo: string;
    readonly kind: string;
    readonly number: number;
    readonly url: string;
  }[];
}

/** Notifies every partner (or, with dryRun, only plans). */
export async function notifyPartners(
  gh: GitHubClient,
  settings: NotifySettings,
  logger: Logger,
  options: { readonly dryRun: boolean },
): Promise<NotifyResult> {
  // Step 1: the candidate partners should try, and the values of the template.
  const rc = await newestCandidate(gh, settings);
  // The issue tells partners to install the candidate from the index: until it is there, that would fail for them.
  const indexVersion = formatVersion(parseVersion(rc.version, settings.scheme), "pep440");
  if ((await readIndexFiles(settings.rcIndexUrl, settings.pypiPackage, indexVersion)).length === 0) {
    const notOnIndex = { indexUrl: settings.rcIndexUrl, package: settings.pypiPackage, version: indexVersion };
    logger.warning(
      `${settings.pypiPackage} ${indexVersion} is not on ${settings.rcIndexUrl} yet, so no partner issue is opened or updated: publish it first (release-kit publish --tag ${rc.tag}), then run downstream notify again`,
    );
    return { title: settings.title, rcVersion: rc.version, rcTag: rc.tag, login: "", actions: [], notOnIndex };
  }
  const values: Record<string, string> = {
    project: settings.project,
    version: settings.version,
    "rc-version": rc.version,
    "rc-tag": rc.tag,
    branch: settings.branch,
    repo: settings.repo,
    "pypi-package": settings.pypiPackage,
    "conda-label": settings.condaLabel,
    deadline: settings.deadline ?? (await defaultDeadline(gh, settings, rc)),
    "checklist-url": await checklistUrl(gh, settings),
  };

  // Step 2: one body per partner (templates read once each) and the issue each already has.
  const templates = new Map<string, string>();
  const bodies: string[] = [];
  for (const partner of settings.partners) {
    const key = partner.template ?? "";
    if (!templates.has(key)) templates.set(key, await readTemplate(gh, settings, partner.template));
    bodies.push(fillPlaceholders(templates.get(key) ?? "", values, partner.template ?? "checklists/partner-issue.md"));
  }
  const login = await tokenLogin(gh);
  const inputs = [];
  for (const [i, partner] of settings.partners.entries()) {
    const existing = await findCreatedIssue(gh, partner.repo, login, settings.title);
    inputs.push({ repo: partner.repo, body: bodies[i] ?? "", ...(existing ? { existing } : {}) });
  }

  // Step 3: the plan; a dry run stops here.
  const actions = planPartnerIssues(settings.title, inputs);
  const base = { title: settings.title, rcVersion: rc.version, rcTag: rc.tag, login, actions };
  if (options.dryRun) return base;

  // Step 4: apply, one write per partner at most.
  const applied = [];
  for (const action of actions) {
    const { owner, repo } = splitRepo(action.repo);
    if (action.kind === "create") {
      const { data } = await gh.rest.issues.create({ owner, repo, title: action.title, body: action.body });
      logger.info(`${action.repo}: opened #${data.number} ${data.html_url}`);
      applied.push({ repo: action.repo, kind: "created", number: data.number, url: data.html_url });
    } else if (action.kind === "update") {
      await gh.rest.issues.update({ owner, repo, issue_number: action.issue.number, body: action.body });
      logger.info(`${action.repo}: updated #${action.issue.number} ${action.issue.url}`);
      applied.push({ repo: action.repo, kind: "updated", number: action.issue.number, url: action.issue.url });
    } else {
      logger.info(`${action.repo}: #${action.issue.number} is up to date (${action.issue.state})`);
      applied.push({ repo: action.repo, kind: "unchanged", number: action.issue.number, url: action.issue.url });
    }
  }
  return { ...base, applied };
}

/** The newest release candidate of the version, from the project's tags. */
async function newestCandidate(gh: GitHubClient, settings: NotifySettings): Promise<{ version: string; tag: string }> {
  const base = parseVersion(settings.version, "pep440");
  const tags = await listProjectTags(gh, {
    repo: settings.repo,
    tagPattern: settings.tagPattern,
    scheme: settings.scheme,
  });
  const rcs = taggedVersions(tags, settings.tagPattern, settings.scheme).filter(
    ({ version }) => isReleaseCandidate(version) && sameBaseVersion(version, base),
  );
  const newest = rcs[rcs.length - 1];
  if (newest === undefined) {
    throw new InputError(
      `no release candidate of ${settings.version} is tagged: cut one first (release-kit rc --version ${settings.version})`,
    );
  }
  return { version: formatVersion(newest.version, settings.scheme), tag: newest.tag };
}

/** Two weeks after the candidate's GitHub release, as a date; a fixed phrase when it has no release yet. */
async function defaultDeadline(
  gh: GitHubClient,
  settings: NotifySettings,
  rc: { version: string; tag: string },
): Promise<string> {
  try {
    const { data } = await gh.rest.repos.getReleaseByTag({ ...splitRepo(settings.repo), tag: rc.tag });
    const from = Date.parse(data.published_at ?? data.created_at);
    return new Date(from + DEFAULT_TEST_DAYS * 86_400_000).toISOString().slice(0, 10);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    return `two weeks after ${rc.version} is published`;
  }
}

/**
 * The checklist issue's URL, found by its title among the issues with the checklist's labels; else a search for
 * that title, which finds the issue once it is opened.
 */
async function checklistUrl(gh: GitHubClient, settings: NotifySettings): Promise<string> {
  if (settings.checklistLabels.length > 0) {
    const { data } = await gh.rest.issues.listForRepo({
      ...splitRepo(settings.repo),
      labels: settings.checklistLabels.join(","),
      state: "all",
      per_page: 100,
    });
    const hit = data.find((i) => i.title === settings.checklistTitle && !i.pull_request);
    if (hit) return hit.html_url;
  }
  const query = encodeURIComponent(`is:issue in:title "${settings.checklistTitle}"`);
  return `${settings.serverUrl}/${settings.repo}/issues?q=${query}`;
}

/** A partner's template: a path in the project repository, or release-kit's own. */
async function readTemplate(gh: GitHubClient, settings: NotifySettings, path: string | undefined): Promise<string> {
  if (path === undefined) return readPackagedTemplate("partner-issue.md");
  const text = await readRepoText(gh, settings.repo, path);
  if (text === null) {
    throw new ConfigError(
      `partners: template ${path} is not in ${settings.repo} (default branch): add it, or drop template: to use release-kit's own`,
    );
  }
  return text;
}

/** One line per partner, for people: what was (or, in a dry run, would be) done. */
export function renderNotifyText(result: NotifyResult, dryRun: boolean): string {
  if (result.notOnIndex) {
    const { package: pkg, version, indexUrl } = result.notOnIndex;
    return `${result.title}: not yet, ${pkg} ${version} is not on ${indexUrl}; run this again once release-kit publish --tag ${result.rcTag} has put it there\n`;
  }
  const lines = [`${result.title} (candidate ${result.rcVersion}, issues by ${result.login})`];
  for (const action of result.actions) {
    const done = result.applied?.find((a) => a.repo === action.repo);
    if (dryRun) {
      if (action.kind === "none") {
        lines.push(`  ${action.repo}: #${action.issue.number} is up to date (${action.issue.state})`);
        continue;
      }
      const what =
        action.kind === "create"
          ? `POST /repos/${action.repo}/issues (title "${action.title}")`
          : `PATCH /repos/${action.repo}/issues/${action.issue.number} (body)`;
      lines.push(`  ${action.repo}: would ${what} with this body:`);
      lines.push(
        ...action.body
          .trimEnd()
          .split("\n")
          .map((l) => `    | ${l}`),
      );
    } else lines.push(`  ${action.repo}: ${done?.kind ?? action.kind} #${done?.number ?? "?"} ${done?.url ?? ""}`);
  }
  return `${lines.join("\n")}\n`;
}
