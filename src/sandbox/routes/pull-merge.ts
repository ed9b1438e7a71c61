/**
 * Merging pull requests and reviewing them, as GitHub's merge button and review API do: PUT pulls/{n}/merge makes a
 * merge commit (or a squash commit) on the base branch and marks the pull request merged and closed; GET .../merge
 * says whether it is; POST .../reviews records an approval. A protected base lets a merge through only once its
 * rule's requirements hold (approving reviews by writers other than the author, required checks green on the head),
 * unless the merging token is on the rule's bypass list. The "rebase" method is not implemented (a visible 501).
 * https://docs.github.com/rest/pulls/pulls#merge-a-pull-request and https://docs.github.com/rest/pulls/reviews
 */
import { HttpError, conflict, forbidden, notFound, notImplemented, validationFailed } from "../http-errors.js";
import { authorAssociation, canWrite } from "../router.js";
import type { Route, RouteContext } from "../router.js";
import type { GitPerson } from "../git-store.js";
import type { IssueRecord, PullReviewRecord, RepoRecord } from "../state.js";
import { protectionRule } from "../branch-protection.js";
import { nodeId, simpleUser } from "../representations.js";
import { bodyObject, optionalString, repoOr404, requireToken } from "./guards.js";
import { liveHeadSha, pullOr404 } from "./pulls.js";

const MERGE_DOCS = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request";
const REVIEW_DOCS = "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request";
/** GitHub commits merges made through its API as itself (the "web-flow" committer). */
const WEB_FLOW = { name: "GitHub", email: "noreply@github.com" };

/** GitHub's 405 for a merge it will not make, with its reason. */
function notMergeable(message: string): HttpError {
  return new HttpError(405, { message, documentation_url: MERGE_DOCS, status: "405" });
}

/** The approving reviews that count for a protection rule: by writers other than the author, on any commit. */
function approvals(ctx: RouteContext, repo: RepoRecord, record: IssueRecord): number {
  const latest = new Map<string, PullReviewRecord>();
  for (const review of record.pull?.reviews ?? []) if (review.state !== "COMMENTED") latest.set(review.user, review);
  return [...latest.values()].filter(
    (r) =>
      r.state === "APPROVED" &&
      r.user.toLowerCase() !== record.user.toLowerCase() &&
      canWrite(
        ctx.tokens.find((t) => t.login.toLowerCase() === r.user.toLowerCase()),
        repo.fullName,
      ),
  ).length;
}

/** Throws GitHub's 405 when the base's protection rule is not satisfied for a merge of `headSha`. */
function assertRuleSatisfied(ctx: RouteContext, repo: RepoRecord, record: IssueRecord, headSha: string): void {
  const rule = protectionRule(repo, record.pull!.baseRef);
  if (!rule || ctx.caller?.bypassBranchProtection === true) return;
  // The sandbox's rules require one approving review (its protection shows required_approving_review_count: 1).
  if (approvals(ctx, repo, record) < 1)
    throw notMergeable("At least 1 approving review is required by reviewers with write access.");
  for (const name of rule.requiredChecks) {
    const statuses = ctx.state.data.statuses.filter((s) => s.repo === repo.fullName && s.sha === headSha);
    const runs = ctx.state.data.checkRuns.filter((c) => c.repo === repo.fullName && c.headSha === headSha);
    const status = statuses.filter((s) => s.context === name).at(-1);
    const run = runs.filter((c) => c.name === name).at(-1);
    const green =
      status?.state === "success" ||
      (run?.status === "completed" && ["success", "neutral", "skipped"].includes(run.conclusion ?? ""));
    if (!green) throw notMergeable(`Required status check "${name}" is expected.`);
  }
}

function personOf(ctx: RouteContext, login: string): GitPerson {
  return { name: login, email: `${login}@users.noreply.sandbox.invalid`, date: ctx.now() };
}

/** The commit message GitHub writes by default for each method. */
async function defaultMessage(
  ctx: RouteContext,
  repo: RepoRecord,
  record: IssueRecord,
  method: "merge" | "squash",
  baseSha: string,
  headSha: string,
): Promise<{ title: string; body: string }> {
  const pull = record.pull!;
  if (method === "merge") {
    const headOwner = ctx.state.repo(pull.headRepo)?.owner ?? repo.owner;
    return { title: `Merge pull request #${record.number} from ${headOwner}/${pull.headRef}`, body: record.title };
  }
  const shas = (await ctx.git.commitsBetween(repo.fullName, baseSha, headSha)).reverse();
  const messages = await Promise.all(shas.map(async (sha) => (await ctx.git.readCommit(repo.fullName, sha)).message));
  const only = messages.length === 1 ? messages[0]!.replace(/\n+$/, "") : undefined;
  if (only !== undefined) {
    const [subject = "", ...rest] = only.split("\n");
    return { title: `${subject} (#${record.number})`, body: rest.join("\n").replace(/^\n+/, "") };
  }
  return {
    title: `${record.title} (#${record.number})`,
    body: messages.map((m) => `* ${m.replace(/\n+$/, "")}`).join("\n\n"),
  };
}

/** The merge and review routes. */
export const pullMergeRoutes: Route[] = [
  {
    method: "PUT",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const caller = requireToken(ctx);
      const record = pullOr404(ctx, repo);
      if (!canWrite(caller, repo.fullName)) throw forbidden();
      const pull = record.pull!;
      const body = bodyObject(ctx);
      const method = optionalString(body, "merge_method") ?? "merge";
      if (!["merge", "squash", "rebase"].includes(method))
        throw validationFailed([{ resource: "PullRequest", field: "merge_method", code: "invalid" }]);
      if (method === "rebase")
        throw notImplemented("PUT", `/repos/${repo.fullName}/pulls/${record.number}/merge with merge_method rebase`);
      if (record.state !== "open" || pull.merged) throw notMergeable("Pull Request is not mergeable");
      const headSha = await liveHeadSha(ctx, repo, record, pull);
      const expected = optionalString(body, "sha");
      if (expected !== undefined && expected !== headSha)
        throw conflict("Head branch was modified. Review and try the merge again.");
      const baseSha = await ctx.git.readRef(repo.fullName, `refs/heads/${pull.baseRef}`);
      if (!baseSha || !headSha) throw notMergeable("Pull Request is not mergeable");
      assertRuleSatisfied(ctx, repo, record, headSha);
      const tree = await ctx.git.mergeTree(repo.fullName, baseSha, headSha);
      if (!tree) throw notMergeable("Pull Request is not mergeable");
      const fallback = await defaultMessage(ctx, repo, record, method as "merge" | "squash", baseSha, headSha);
      const title = optionalString(body, "commit_title") ?? fallback.title;
      const text = optionalString(body, "commit_message") ?? fallback.body;
      const message = `${title}${text ? `\n\n${text}` : ""}\n`;
      const now = ctx.now();
      const sha = await ctx.git.commitTree(
        repo.fullName,
        tree,
        method === "merge" ? [baseSha, headSha] : [baseSha],
        message,
        personOf(ctx, caller.login),
        { ...WEB_FLOW, date: now },
      );
      // Compare-and-swap: a base that moved meanwhile is GitHub's "Base branch was modified".
      if (!(await ctx.git.updateRef(repo.fullName, `refs/heads/${pull.baseRef}`, sha, baseSha)))
        throw notMergeable("Base branch was modified. Review and try the merge again.");
      repo.pushedAt = now;
      pull.merged = true;
      pull.mergedAt = now;
      pull.mergedBy = ctx.state.user(caller.login).login;
      pull.mergeCommitSha = sha;
      record.state = "closed";
      record.closedAt = now;
      record.updatedAt = now;
      return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    handler(ctx) {
      const repo = repoOr404(ctx);
      const record = pullOr404(ctx, repo);
      if (!record.pull?.merged) throw notFound();
      return Promise.resolve({ status: 204 });
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const caller = requireToken(ctx);
      const record = pullOr404(ctx, repo);
      const body = bodyObject(ctx);
      const event = optionalString(body, "event");
      const states = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" } as const;
      if (event === undefined || !(event in states))
        throw validationFailed([{ resource: "PullRequestReview", field: "event", code: "invalid" }]);
      const state = states[event as keyof typeof states];
      const own = caller.login.toLowerCase() === record.user.toLowerCase();
      if (own && state !== "COMMENTED") {
        const what = state === "APPROVED" ? "approve" : "request changes on";
        throw new HttpError(422, {
          message: "Unprocessable Entity",
          errors: [`Review Can not ${what} your own pull request`],
          documentation_url: REVIEW_DOCS,
          status: "422",
        });
      }
      const commitId = optionalString(body, "commit_id") ?? (await liveHeadSha(ctx, repo, record, record.pull!));
      const review: PullReviewRecord = {
        id: ctx.state.id(),
        user: ctx.state.user(caller.login).login,
        state,
        body: optionalString(body, "body") ?? "",
        commitId,
        submittedAt: ctx.now(),
      };
      record.pull!.reviews = [...(record.pull!.reviews ?? []), review];
      const html = `${ctx.urls.web}/${repo.fullName}/pull/${record.number}`;
      const pullUrl = `${ctx.urls.api}/repos/${repo.fullName}/pulls/${record.number}`;
      return {
        status: 200,
        body: {
          id: review.id,
          node_id: nodeId("PullRequestReview", review.id),
          user: simpleUser(ctx.urls, ctx.state.user(review.user)),
          body: review.body,
          state: review.state,
          html_url: `${html}#pullrequestreview-${review.id}`,
          pull_request_url: pullUrl,
          _links: { html: { href: `${html}#pullrequestreview-${review.id}` }, pull_request: { href: pullUrl } },
          submitted_at: review.submittedAt,
          commit_id: review.commitId,
          author_association: authorAssociation(ctx.tokens, review.user, repo),
        },
      };
    },
  },
];
