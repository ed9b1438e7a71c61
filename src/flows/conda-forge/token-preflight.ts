/**
 * The feedstock PR's token pre-flight: before any write, refuse a token that cannot fork the feedstock and open the
 * PR, with one line naming its kind and the token to use instead.
 *
 * The PR is opened on conda-forge/<feedstock> from a fork owned by someone else, so the token must act in two
 * owners' repositories. Only a user's classic (or OAuth) token can: a fine-grained token reaches one resource
 * owner's repositories (github/roadmap#600), and an App installation token (a workflow's GITHUB_TOKEN too) reaches
 * only where the App is installed, never conda-forge, and is refused `GET /user`. conda-forge's own bot is a
 * machine user with a classic token; release-kit's workflows take one as the secret `feedstock-token`.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { statusOf } from "../../adapters/github/requests.js";
import { TOKEN_KIND_NAMES, oauthScopesOf, type TokenKind } from "../../adapters/github/token-kind.js";
import { PreflightError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";

/** What to use instead, said once for every refusal. */
export const SUPPORTED_FEEDSTOCK_TOKEN =
  "a machine user's classic personal access token with the public_repo and workflow scopes (the workflows' secret feedstock-token)";

/**
 * Checks the token from the headers of the first answer (`GET /repos/{feedstock}`). Asks `GET /user` only for a
 * token with neither scopes nor a known prefix and no fork owner configured (the flow asks it then anyway); with a
 * configured fork owner release-kit never asks it.
 */
export async function checkFeedstockToken(
  gh: GitHubClient,
  feedstock: string,
  forkOwner: string | undefined,
  headers: Readonly<Record<string, unknown>>,
  dryRun: { readonly logger: Logger } | undefined = undefined,
): Promise<void> {
  const scopes = oauthScopesOf(headers);
  if (scopes !== undefined) {
    const missing = [
      ...(scopes.includes("repo") || scopes.includes("public_repo") ? [] : ["public_repo"]),
      ...(scopes.includes("workflow") ? [] : ["workflow"]),
    ];
    if (missing.length > 0)
      throw new PreflightError(
        `the token is a classic token without the ${missing.join(" and ")} scope${missing.length > 1 ? "s" : ""} (it has: ${scopes.join(", ") || "none"}), which forking ${feedstock} and pushing its recipe branch need; add ${missing.length > 1 ? "them" : "it"} to the token, or use ${SUPPORTED_FEEDSTOCK_TOKEN}`,
      );
    return;
  }
  let kind: TokenKind | "fine-grained or installation" = gh.tokenKind;
  if ((kind === "unknown" || kind === "classic" || kind === "oauth") && forkOwner === undefined) {
    // No prefix to go by and no scopes echoed: GitHub refuses `GET /user` to installation tokens only.
    try {
      await gh.rest.users.getAuthenticated();
      kind = "fine-grained";
    } catch (error) {
      if (statusOf(error) !== 403) throw error;
      kind = "installation";
    }
  } else if (kind === "unknown" || kind === "classic" || kind === "oauth") {
    kind = "fine-grained or installation";
  }
  if (kind === "none" && dryRun) {
    // A dry run shows what public reads allow; only whose fork to use needs a token (`GET /user`) or the config.
    if (forkOwner === undefined)
      throw new PreflightError(
        `no GitHub token (GITHUB_TOKEN or --token), and no fork owner to look for: pass --fork-owner LOGIN or set conda-forge.fork-owner for a dry run without a token`,
      );
    dryRun.logger.warning(
      `no token: this dry run reads what is public of ${feedstock} and the fork; the real run needs ${SUPPORTED_FEEDSTOCK_TOKEN}`,
    );
    return;
  }
  if (kind === "none")
    throw new PreflightError(
      `no GitHub token was given (GITHUB_TOKEN or --token): forking ${feedstock} and opening its PR need ${SUPPORTED_FEEDSTOCK_TOKEN}`,
    );
  const what =
    kind === "fine-grained or installation"
      ? "not a classic token (GitHub sent no x-oauth-scopes: a fine-grained or App installation token)"
      : TOKEN_KIND_NAMES[kind];
  const why =
    kind === "fine-grained"
      ? `it reaches only its resource owner's repositories, so it cannot open a PR on ${feedstock} from a fork (GitHub answers "Resource not accessible by personal access token")`
      : kind === "fine-grained or installation"
        ? `neither can open a PR on ${feedstock} from a fork in another account`
        : `it reaches only the repositories its App is installed on, never ${feedstock}, so GitHub refuses the PR ("Resource not accessible by integration")`;
  throw new PreflightError(`the token is ${what}: ${why}; use ${SUPPORTED_FEEDSTOCK_TOKEN}`);
}
