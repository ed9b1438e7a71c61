/**
 * Reading partner issues: the login of the token's user (who opens them) and, per partner repository, the issue of
 * this release among the issues that user created. Listing by creator keeps this to a page or two even in a
 * repository with tens of thousands of issues.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { isNotFound, splitRepo, statusOf } from "../../adapters/github/requests.js";
import { findPartnerIssue, type ObservedPartnerIssue } from "../../core/downstream/partner-issue-plan.js";
import type { PartnerIssueState } from "../../core/downstream/render-partner-section.js";
import { errorMessage, RemoteError } from "../../core/errors.js";

/**
 * GitHub Actions' own token cannot read `/user`, and the issues it opens are created by `github-actions[bot]`.
 * https://docs.github.com/rest/users/users#get-the-authenticated-user
 */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

/** The login of the token's user, or the Actions bot's for an installation token. */
export async function tokenLogin(gh: GitHubClient): Promise<string> {
  try {
    return (await gh.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    if (statusOf(error) === 403) return ACTIONS_BOT_LOGIN;
    if (statusOf(error) === 401) {
      throw new RemoteError("the GitHub token was refused (401): set GITHUB_TOKEN to a valid token");
    }
    throw error;
  }
}

/** The issue titled exactly `title` that `creator` opened in `repo`, or undefined; a missing repository throws. */
export async function findCreatedIssue(
  gh: GitHubClient,
  repo: string,
  creator: string,
  title: string,
): Promise<ObservedPartnerIssue | undefined> {
  let issues;
  try {
    issues = await gh.paginate(gh.rest.issues.listForRepo, {
      ...splitRepo(repo),
      creator,
      state: "all",
      per_page: 100,
    });
  } catch (error) {
    if (isNotFound(error)) {
      throw new RemoteError(`partner repository ${repo} was not found (or the token cannot see it): check partners:`);
    }
    throw error;
  }
  const hit = findPartnerIssue(
    issues.filter((i) => i.pull_request === undefined || i.pull_request === null),
    title,
  );
  if (hit === undefined) return undefined;
  return {
    number: hit.number,
    url: hit.html_url,
    body: hit.body ?? "",
    state: hit.state === "closed" ? "closed" : "open",
    labels: hit.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
  };
}

/**
 * The state of each partner's issue for the report. A partner that cannot be read is listed with a note instead
 * of failing the report: the downstream results matter more than one unreadable repository.
 */
export async function readPartnerIssues(
  gh: GitHubClient,
  partners: readonly string[],
  title: string,
  creator?: string,
): Promise<PartnerIssueState[]> {
  const login = creator ?? (await tokenLogin(gh));
  const states: PartnerIssueState[] = [];
  for (const repo of partners) {
    try {
      const issue = await findCreatedIssue(gh, repo, login, title);
      states.push(
        issue === undefined
          ? { repo }
          : { repo, issue: { number: issue.number, url: issue.url, state: issue.state, labels: issue.labels } },
      );
    } catch (error) {
      states.push({ repo, note: `could not read: ${errorMessage(error)}` });
    }
  }
  return states;
}
