/**
 * What each kind of GitHub token may reach, and GitHub's answers when it reaches further. One table of rules for
 * the whole sandbox: the server asks it before a route runs (`tokenKindRefusal`) and for the headers of every
 * answer (`tokenKindHeaders`); `canWrite` asks it which repositories a token's writes reach.
 *
 * GitHub's rules, as its documentation states them:
 * - a classic personal access token (`user`) acts as its user, bounded by scopes GitHub echoes in `x-oauth-scopes`
 *   (without `repo` or `public_repo` a repository write answers 404, as GitHub hides what a token may not touch);
 * - a fine-grained token reaches only repositories of its one resource owner (optionally a selection of them), so it
 *   cannot open a pull request in another owner's repository ("Resource not accessible by personal access token");
 *   https://docs.github.com/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens
 * - an App installation token reaches the repositories the App is installed on and is no user: `GET /user` and
 *   writes elsewhere answer 403 "Resource not accessible by integration";
 *   https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation
 * - a workflow's `GITHUB_TOKEN` (`actions`) is an installation token of one repository with the job's
 *   `permissions:`, and opens pull requests only when the repository allows it ("GitHub Actions is not permitted to
 *   create or approve pull requests."). Events it causes start no workflow except workflow_dispatch and
 *   repository_dispatch; the sandbox starts runs only on dispatch, so nothing more is modelled for that.
 *   https://docs.github.com/actions/security-for-github-actions/security-guides/automatic-token-authentication
 * Fine-grained and installation tokens get `x-accepted-github-permissions` instead of `x-oauth-scopes`
 * (https://github.blog/changelog/2023-08-10-x-accepted-github-permissions-header-for-fine-grained-permission-actors).
 */
import { HttpError, notFound } from "./http-errors.js";
import type { Caller } from "./router.js";
import type { TokenKind } from "./seed.js";
import type { SandboxState } from "./state.js";

const INTEGRATION = "Resource not accessible by integration";
const PERSONAL_TOKEN = "Resource not accessible by personal access token";
const ACTIONS_PULLS = "GitHub Actions is not permitted to create or approve pull requests.";
const DOCS = "https://docs.github.com/rest";

/** What a token reaches in a repository: yes, no, or whatever its user may (classic and fine-grained tokens). */
export type Reach = boolean | "user-rights";

/** A request as the rules see it. */
export interface TokenRequest {
  readonly method: string;
  readonly template: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly write: boolean;
}

function matches(patterns: readonly string[], fullName: string): boolean {
  const f = fullName.toLowerCase();
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === f || (p.endsWith("/*") && f.startsWith(p.slice(0, -1)));
  });
}

function ownerOf(fullName: string): string {
  return (fullName.split("/")[0] ?? "").toLowerCase();
}

/** The level a workflow's `permissions:` grants (its keys are spelled `pull-requests`, the header's `pull_requests`). */
function actionsLevel(caller: Caller, permission: string): "read" | "write" | "none" {
  const grants = caller.permissions ?? { contents: "read" };
  const level = grants[permission.replace(/_/g, "-")] ?? grants[permission];
  if (permission === "metadata") return "read";
  return level ?? "none";
}

/** The reach of each kind of token, by repository and fine-grained permission. */
const REACH: Readonly<Record<TokenKind, (caller: Caller, fullName: string, permission: string) => Reach>> = {
  user: () => "user-rights",
  "fine-grained": (caller, fullName) =>
    ownerOf(fullName) === (caller.resourceOwner ?? caller.login).toLowerCase() &&
    (caller.repositories === undefined || matches(caller.repositories, fullName))
      ? "user-rights"
      : false,
  "app-installation": (caller, fullName) => matches(caller.repositories ?? [], fullName),
  actions: (caller, fullName, permission) =>
    matches(caller.repositories ?? [], fullName) && actionsLevel(caller, permission) === "write",
};

/** Whether `caller`'s kind of token reaches `fullName` for writing under `permission` (see REACH). */
export function tokenReaches(caller: Caller, fullName: string, permission: string): Reach {
  return REACH[caller.kind ?? "user"](caller, fullName, permission);
}

/** The fine-grained permission an API route needs (the names of `x-accepted-github-permissions`). */
export function permissionOfRoute(method: string, template: string): string {
  if (template === "/repos/{owner}/{repo}" && method === "GET") return "metadata";
  if (template === "/repos/{owner}/{repo}/forks") return "administration";
  if (/\/pulls(\/|$)/.test(template)) return "pull_requests";
  if (/\/(issues|labels)(\/|$)/.test(template)) return "issues";
  if (/\/statuses(\/|$)|\/commits\/\{ref\}\/status$/.test(template)) return "statuses";
  if (/\/check-runs(\/|$)/.test(template)) return "checks";
  if (/\/actions\//.test(template)) return "actions";
  return "contents";
}

/** The repository a write lands in: the fork's for a fork, else the path's. */
function targetOf(caller: Caller, request: TokenRequest): string | undefined {
  const { owner, repo } = request.params;
  if (!owner || !repo || !request.template.startsWith("/repos/")) return undefined;
  if (request.template === "/repos/{owner}/{repo}/forks") {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const into = typeof body.organization === "string" ? body.organization : (caller.resourceOwner ?? caller.login);
    return `${into}/${typeof body.name === "string" ? body.name : repo}`;
  }
  return `${owner}/${repo}`;
}

function refuse(message: string, documentation = DOCS): HttpError {
  return new HttpError(403, { message, documentation_url: documentation, status: "403" });
}

/**
 * GitHub's 403 when the caller's kind of token may not make this request, or undefined. Reads are not limited:
 * every sandbox repository is public, and every kind of token may read public repositories.
 */
export function tokenKindRefusal(
  caller: Caller | undefined,
  request: TokenRequest,
  state: SandboxState,
): HttpError | undefined {
  const kind = caller?.kind ?? "user";
  if (!caller) return undefined;
  if (kind === "user") {
    // A classic token without `repo` or `public_repo` writes no repository; GitHub answers such writes 404.
    const scopes = caller.scopes ?? ["repo", "workflow"];
    const writesRepo = request.write && request.template.startsWith("/repos/");
    return writesRepo && !scopes.includes("repo") && !scopes.includes("public_repo") ? notFound() : undefined;
  }
  const integration = kind === "app-installation" || kind === "actions";
  if (request.method === "GET" && request.template === "/user")
    return integration
      ? refuse(INTEGRATION, "https://docs.github.com/rest/users/users#get-the-authenticated-user")
      : undefined;
  if (!request.write) return undefined;
  const target = targetOf(caller, request);
  if (!target) return undefined;
  const permission = permissionOfRoute(request.method, request.template);
  if (tokenReaches(caller, target, permission) === false) return refuse(integration ? INTEGRATION : PERSONAL_TOKEN);
  const createsPull = request.method === "POST" && request.template === "/repos/{owner}/{repo}/pulls";
  if (kind === "actions" && createsPull && state.repo(target)?.actionsCanCreatePullRequests !== true)
    return refuse(ACTIONS_PULLS, "https://docs.github.com/rest/pulls/pulls#create-a-pull-request");
  return undefined;
}

/**
 * Headers GitHub adds for the caller's kind of token: `x-oauth-scopes` for a classic token (its scopes; what tells
 * a client the token is classic), `x-accepted-github-permissions` for the fine-grained kinds (what the route needs).
 */
export function tokenKindHeaders(caller: Caller | undefined, method: string, template: string): Record<string, string> {
  if (!caller) return {};
  if ((caller.kind ?? "user") === "user")
    return { "x-oauth-scopes": (caller.scopes ?? ["repo", "workflow"]).join(", "), "x-accepted-oauth-scopes": "" };
  if (!template) return {};
  const level = ["GET", "HEAD"].includes(method) ? "read" : "write";
  const permission = permissionOfRoute(method, template);
  return { "x-accepted-github-permissions": `${permission}=${permission === "metadata" ? "read" : level}` };
}
