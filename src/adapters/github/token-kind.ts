/**
 * What kind of GitHub token the client holds, from the two things GitHub gives away without a request of its own:
 * the token's prefix and the `x-oauth-scopes` header of any answer.
 *
 * Prefixes (https://github.blog/changelog/2021-03-31-authentication-token-format-updates-are-generally-available):
 * `ghp_` classic personal access token, `gho_` OAuth app token, `ghu_` GitHub App user token, `ghs_` GitHub App
 * installation token (a workflow's GITHUB_TOKEN is one), `github_pat_` fine-grained personal access token.
 * Only classic and OAuth tokens are answered with `x-oauth-scopes` (their scopes); fine-grained and installation
 * tokens get `x-accepted-github-permissions` instead. Tokens of other servers may have no prefix: the header
 * still tells classic tokens apart.
 */

/** A token kind as release-kit names it in messages. */
export type TokenKind =
  | "classic"
  | "oauth"
  | "fine-grained"
  | "installation"
  | "app-user"
  /** No recognisable prefix (an older token, another server). */
  | "unknown"
  /** No token at all. */
  | "none";

const PREFIXES: ReadonlyArray<readonly [string, TokenKind]> = [
  ["github_pat_", "fine-grained"],
  ["ghp_", "classic"],
  ["gho_", "oauth"],
  ["ghu_", "app-user"],
  ["ghs_", "installation"],
];

/** The kind a token's prefix names. */
export function tokenKindOfPrefix(token: string | undefined): TokenKind {
  if (!token) return "none";
  return PREFIXES.find(([prefix]) => token.startsWith(prefix))?.[1] ?? "unknown";
}

/** The scopes GitHub echoes for a classic or OAuth token; undefined when the answer has no `x-oauth-scopes`. */
export function oauthScopesOf(headers: Readonly<Record<string, unknown>>): string[] | undefined {
  const raw = headers["x-oauth-scopes"];
  if (typeof raw !== "string") return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** How a message names each kind. */
export const TOKEN_KIND_NAMES: Readonly<Record<TokenKind, string>> = {
  classic: "a classic personal access token",
  oauth: "an OAuth app token",
  "fine-grained": "a fine-grained personal access token",
  installation: "a GitHub App installation token (a workflow's GITHUB_TOKEN is one too)",
  "app-user": "a GitHub App user token",
  unknown: "a token of unknown kind",
  none: "no token",
};
