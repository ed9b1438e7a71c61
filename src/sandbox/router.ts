/**
 * Route table of the sandbox's REST API. Templates use OpenAPI path syntax (`/repos/{owner}/{repo}/git/refs`)
 * so each route maps one-to-one onto an operation of GitHub's OpenAPI description for validation.
 */
import type { GitStore } from "./git-store.js";
import type { SandboxState, RepoRecord } from "./state.js";
import type { Urls } from "./representations.js";
import type { PermissionLevel, TokenKind } from "./seed.js";
import { tokenReaches } from "./token-kinds.js";

/** Who is calling: the seed token's user, what it may write, and the kind of token that bounds it. */
export interface Caller {
  readonly token: string;
  readonly login: string;
  readonly write: readonly string[];
  /** May update protected branches (on a protection rule's bypass list). */
  readonly bypassBranchProtection?: boolean;
  /** Absent: `user` (a classic token). */
  readonly kind?: TokenKind;
  readonly scopes?: readonly string[];
  readonly repositories?: readonly string[];
  readonly resourceOwner?: string;
  readonly permissions?: Readonly<Record<string, PermissionLevel>>;
}

/** What a route handler gets. */
export interface RouteContext {
  readonly method: string;
  readonly template: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly caller: Caller | undefined;
  readonly state: SandboxState;
  readonly git: GitStore;
  readonly urls: Urls;
  /** All tokens of the seed (to compute author associations of other users). */
  readonly tokens: readonly Caller[];
  /** Current time, ISO 8601 without milliseconds, as GitHub prints it. */
  now(): string;
  /** The caller's rate limits as GET /rate_limit shows them. */
  rateLimitOverview(): Record<string, unknown>;
}

/** What a handler returns. */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One route. */
export interface Route {
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  readonly template: string;
  readonly handler: (ctx: RouteContext) => Promise<RouteResult> | RouteResult;
}

/** Parameters that may contain slashes (a ref such as `heads/main`, a file path). */
const GREEDY = new Set(["ref", "path", "basehead", "tag"]);
/**
 * Sub-resources GitHub serves below a template whose last parameter is greedy. GitHub routes
 * `commits/{sha}/statuses` to the statuses list, never to a commit named `{sha}/statuses`; so a greedy match whose
 * value ends in one of these is no match at all, and an unimplemented one falls through to the router's 501.
 * https://docs.github.com/rest/commits (commits/{ref}/status, /statuses, /check-runs, /check-suites, /pulls,
 * /comments, /branches-where-head)
 */
const SUBRESOURCES_AFTER_GREEDY: Readonly<Record<string, readonly string[]>> = {
  "/repos/{owner}/{repo}/commits/{ref}": [
    "status",
    "statuses",
    "check-runs",
    "check-suites",
    "pulls",
    "comments",
    "branches-where-head",
  ],
};
/**
 * Templates whose greedy parameter may be empty: `contents/` is the root directory, `git/matching-refs/` lists
 * every ref (what Octokit asks for with `ref: ""`).
 */
const MAY_BE_EMPTY = new Set([
  "/repos/{owner}/{repo}/contents/{path}",
  "/repos/{owner}/{repo}/git/matching-refs/{ref}",
]);
/** Parameters that are numbers in GitHub's API. */
const NUMERIC = /(_number|_id)$/;

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: string[];
  readonly literalLength: number;
  /** Last-segment values the greedy last parameter may not end with (see SUBRESOURCES_AFTER_GREEDY). */
  readonly reservedTails: readonly string[];
}

/** Matches concrete paths against templates, preferring the most literal template. */
export class Router {
  private readonly compiled: CompiledRoute[] = [];

  /** Adds routes. */
  add(...routes: Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const pattern = route.template
        .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
        .replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string, b: string) => {
          const name = a ?? b;
          names.push(name);
          if (GREEDY.has(name)) return MAY_BE_EMPTY.has(route.template) ? "(.*)" : "(.+)";
          if (NUMERIC.test(name) && name !== "workflow_id") return "(\\d+)";
          return "([^/]+)";
        });
      const literalLength = route.template.replace(/\{\w+\}/g, "").length;
      const reservedTails = SUBRESOURCES_AFTER_GREEDY[route.template] ?? [];
      this.compiled.push({ route, regex: new RegExp(`^${pattern}$`), names, literalLength, reservedTails });
    }
    this.compiled.sort((a, b) => b.literalLength - a.literalLength);
  }

  /** The route and parameters for a method and path, or undefined. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const c of this.compiled) {
      if (c.route.method !== method) continue;
      const m = c.regex.exec(path);
      if (!m) continue;
      const greedyValue = m[c.names.length] ?? "";
      if (c.reservedTails.length > 0 && greedyValue.includes("/")) {
        const tail = greedyValue.slice(greedyValue.lastIndexOf("/") + 1);
        if (c.reservedTails.includes(tail)) continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? "");
      });
      return { route: c.route, params };
    }
    return undefined;
  }

  /** Whether any route has this path under another method (405-ish; GitHub answers 404). */
  templates(): string[] {
    return this.compiled.map((c) => `${c.route.method} ${c.route.template}`);
  }
}

/**
 * Whether the caller may write `owner/name`'s contents: its user's rights (its own repositories and its write
 * patterns) within what its kind of token reaches; an installation or workflow token has only the latter.
 */
export function canWrite(caller: Caller | undefined, fullName: string): boolean {
  if (!caller) return false;
  const reach = tokenReaches(caller, fullName, "contents");
  if (reach !== "user-rights") return reach;
  const [owner = ""] = fullName.split("/");
  if (owner.toLowerCase() === caller.login.toLowerCase()) return true;
  return caller.write.some((pattern) => {
    const p = pattern.toLowerCase();
    const f = fullName.toLowerCase();
    return p === f || (p.endsWith("/*") && f.startsWith(p.slice(0, -1)));
  });
}

/** GitHub's `author_association` of a login on a repository. */
export function authorAssociation(tokens: readonly Caller[], login: string, repo: RepoRecord): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  const token = tokens.find((t) => t.login.toLowerCase() === login.toLowerCase());
  if (token && canWrite(token, repo.fullName)) return "COLLABORATOR";
  return "NONE";
}
