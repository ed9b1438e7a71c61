/**
 * GitHub's refusals that a setting or another token fixes, recognised in one place and explained in one line: the
 * workflow token not allowed to open pull requests, an App installation or fine-grained token reaching outside
 * what it was given, and a protected branch. The client turns such an answer into a GitHubRefusalError that keeps
 * the status and the answer, so flows still recognise it as before.
 *
 * Why no pre-flight for the Actions setting: `GET /repos/{owner}/{repo}/actions/permissions/workflow` shows it, but
 * needs administration rights, which a workflow's GITHUB_TOKEN (the only token the setting restricts) never has.
 */
import { GitHubRefusalError } from "../../core/errors.js";
import { isProtectedBranchRefusal } from "./branch-protection.js";

interface HttpAnswer {
  readonly status?: unknown;
  readonly request?: { readonly method?: unknown; readonly url?: unknown };
  readonly response?: { readonly data?: unknown; readonly headers?: Readonly<Record<string, unknown>> };
}

/** `owner/name` and the rest of an API URL's path, when it is a repository's. */
function repoOfUrl(url: string): { repo?: string; path: string } {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // A relative URL is a path already.
  }
  path = path.replace(/^\/api\/v3(?=\/)/, "");
  // Octokit escapes the slash of a ref (`heads%2Frel-1.20.0`); the message shows the path as people write it.
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape stays as it came.
  }
  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  return m ? { repo: `${m[1]!}/${m[2]!}`, path } : { path };
}

const SETTING =
  'Settings > Actions > General > Workflow permissions > "Allow GitHub Actions to create and approve pull requests"';

/** The one-line explanation of a refusal GitHub gave, or undefined when it is no refusal of this kind. */
export function explainRefusal(error: unknown): string | undefined {
  const e = error as HttpAnswer | null;
  if (!e || typeof e.status !== "number") return undefined;
  const data = (e.response?.data ?? {}) as { message?: unknown };
  const message = typeof data.message === "string" ? data.message : "";
  const method = typeof e.request?.method === "string" ? e.request.method : "";
  const { repo, path } = repoOfUrl(typeof e.request?.url === "string" ? e.request.url : "");
  const where = repo ?? "this repository";
  const accepted = e.response?.headers?.["x-accepted-github-permissions"];
  const needs = typeof accepted === "string" && accepted !== "" ? ` (it needs ${accepted})` : "";
  if (e.status === 403 && /not permitted to create or approve pull requests/i.test(message))
    return `GitHub refused to let the workflow's GITHUB_TOKEN open a pull request in ${where}: turn on ${SETTING} in ${where} (and in its organisation's settings when it is off there), or pass a token of a user who may open pull requests`;
  if (e.status === 403 && /resource not accessible by integration/i.test(message)) {
    if (path === "/user")
      return `GitHub refused GET /user: the token is a GitHub App installation token (a workflow's GITHUB_TOKEN is one too), which is no user; configure the account to act as (e.g. conda-forge.fork-owner) or pass a user's token`;
    return `GitHub refused ${method} ${path} to the App installation token (or the workflow's GITHUB_TOKEN): the App is not installed on ${where} or lacks the permission${needs}; install the App on ${where} with it, add it to the job's permissions: for GITHUB_TOKEN, or pass a user's token`;
  }
  // A classic token (scopes echoed) gets the same words when its user lacks the rights: not a token-kind matter.
  const classic = typeof e.response?.headers?.["x-oauth-scopes"] === "string";
  if (e.status === 403 && !classic && /resource not accessible by personal access token/i.test(message))
    return `GitHub refused ${method} ${path} to the fine-grained token: it reaches only the selected repositories of its one resource owner, with the permissions it was given${needs}; select ${where} and the permission, or, when ${where} belongs to another owner, use a classic token`;
  if (isProtectedBranchRefusal(error))
    return `GitHub refused ${method} ${path}: the branch is protected ("${message}"); use a token of a user or App on the protection rule's bypass list, or let the change go through a pull request (a version bump: release-kit rc --via-pr opens it; once merged, release-kit rc --from-branch tags it)`;
  return undefined;
}

/** The error to throw for a failed request: a GitHubRefusalError with the explanation, or the error itself. */
export function refusalOrError(error: unknown): unknown {
  const explanation = explainRefusal(error);
  if (explanation === undefined) return error;
  const e = error as HttpAnswer;
  return new GitHubRefusalError(explanation, e.status as number, e.response, { cause: error });
}
