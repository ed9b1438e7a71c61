/**
 * Forks GitHub is still copying. `POST /repos/{owner}/{repo}/forks` answers 202 at once and copies the git data
 * afterwards ("Forking a Repository happens asynchronously. You may have to wait a short period of time before you
 * can access the git objects": https://docs.github.com/rest/repos/forks#create-a-fork). Until then the fork answers
 * like an empty repository: the Git Data API and commits with 409 "Git Repository is empty." (the 409 GitHub's
 * description lists on those operations), contents with 404 "This repository is empty.", a branch with 404 "Branch
 * not found", the branch and tag lists empty. The sandbox copies at once and counts the reads the fork answered so;
 * after `fork-ready-after-polls` of them (the seed key) the copy is "done".
 */
import { HttpError } from "./http-errors.js";
import type { RouteContext, RouteResult } from "./router.js";

const DOCS = "https://docs.github.com/rest";

/** A fork made through the API reads as empty once, then is ready: a small repository's fork takes about a second. */
export const DEFAULT_FORK_READY_AFTER_POLLS = 1;
const REPO_PREFIX = "/repos/{owner}/{repo}/";

function emptyRepository(status: 404 | 409, message: string): HttpError {
  return new HttpError(status, { message, documentation_url: DOCS, status: String(status) });
}

/** What an empty repository answers on a route of its git data; undefined: the route does not read git data. */
function emptyAnswer(template: string): RouteResult | HttpError | undefined {
  const rest = template.slice(REPO_PREFIX.length);
  if (rest.startsWith("git/") || rest === "commits/{ref}" || rest === "merge-upstream")
    return emptyRepository(409, "Git Repository is empty.");
  if (rest.startsWith("contents/")) return emptyRepository(404, "This repository is empty.");
  if (rest.startsWith("compare/")) return emptyRepository(404, "Not Found");
  if (rest.startsWith("branches/")) return emptyRepository(404, "Branch not found");
  if (rest === "branches" || rest === "tags") return { status: 200, body: [] };
  return undefined;
}

/**
 * The answer of a fork whose copy is still pending, counting the read; undefined when the route's repository is
 * ready (or not a git-data route). Thrown answers are errors, returned ones a 200 with an empty list.
 */
export function answerWhileForkCopies(ctx: RouteContext): RouteResult | undefined {
  if (!ctx.template.startsWith(REPO_PREFIX)) return undefined;
  const repo = ctx.state.repo(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!repo?.forkCopyPendingReads) return undefined;
  const answer = emptyAnswer(ctx.template);
  if (!answer) return undefined;
  repo.forkCopyPendingReads -= 1;
  if (answer instanceof HttpError) throw answer;
  return answer;
}
