/**
 * Pull requests. A pull request is an issue with a pull part (one number sequence per repository); its head may
 * be a branch of the repository itself or of a fork in the same network. Head and base SHAs are read live from
 * git, and the head's commits are fetched into the base repository as `refs/pull/N/head`, as GitHub does, so
 * commit counts and diff totals are computed by git in one repository.
 * https://docs.github.com/rest/pulls/pulls
 */
import { HttpError, forbidden, notFound, validationFailed } from "../http-errors.js";
import { authorAssociation, canWrite } from "../router.js";
import type { Route, RouteContext } from "../router.js";
import type { IssueRecord, PullPart, RepoRecord } from "../state.js";
import { pullRequest, pullRequestSimple } from "../representations-pulls.js";
import type { PullSide, PullView } from "../representations-pulls.js";
import { bodyObject, optionalString, paginate, repoOr404, requireToken } from "./guards.js";
import { commentCount, issueOr404 } from "./issues.js";
import { labelsOf } from "./labels.js";

const DOCS = "https://docs.github.com/rest/pulls/pulls";
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** GitHub's 422 for a rule about the pull request as a whole (`code: custom`, no field). */
function customInvalid(message: string): HttpError {
  return new HttpError(422, {
    message: "Validation Failed",
    errors: [{ resource: "PullRequest", code: "custom", message }],
    documentation_url: DOCS,
    status: "422",
  });
}

function invalidField(field: "head" | "base" | "title" | "state"): HttpError {
  return validationFailed([{ resource: "PullRequest", field, code: field === "title" ? "missing_field" : "invalid" }]);
}

/** The repository at the root of a fork network. */
function networkRoot(ctx: RouteContext, repo: RepoRecord): RepoRecord {
  let current = repo;
  for (let hops = 0; current.parent && hops < 50; hops += 1) {
    const parent = ctx.state.repo(current.parent);
    if (!parent) break;
    current = parent;
  }
  return current;
}

/** The head repository named by `owner:branch` (or `head_repo`), which must be in the base's fork network. */
function headRepoOf(ctx: RouteContext, base: RepoRecord, headOwner: string, headRepoName?: string): RepoRecord {
  const root = networkRoot(ctx, base).fullName;
  const inNetwork = (r: RepoRecord) => sameName(networkRoot(ctx, r).fullName, root);
  if (headRepoName) {
    const named = ctx.state.repo(headRepoName);
    if (!named || !inNetwork(named)) throw invalidField("head");
    return named;
  }
  if (sameName(headOwner, base.owner)) return base;
  const candidates = Object.values(ctx.state.data.repos)
    .filter((r) => sameName(r.owner, headOwner) && inNetwork(r))
    .sort((a, b) => a.id - b.id);
  const found = candidates.find((r) => sameName(r.name, base.name)) ?? candidates[0];
  if (!found) throw invalidField("head");
  return found;
}

/** Splits `owner:branch` (or a bare `branch` of the base repository). */
function parseHead(head: string, base: RepoRecord): { owner: string; ref: string } {
  const colon = head.indexOf(":");
  return colon < 0 ? { owner: base.owner, ref: head } : { owner: head.slice(0, colon), ref: head.slice(colon + 1) };
}

/** The head's current commit, present in the base repository and recorded as `refs/pull/N/head`. */
export async function liveHeadSha(
  ctx: RouteContext,
  base: RepoRecord,
  record: IssueRecord,
  pull: PullPart,
): Promise<string> {
  const headRepo = ctx.state.repo(pull.headRepo);
  const pullRef = `refs/pull/${record.number}/head`;
  const live = headRepo ? await ctx.git.readRef(headRepo.fullName, `refs/heads/${pull.headRef}`) : undefined;
  if (!live || !headRepo) return (await ctx.git.readRef(base.fullName, pullRef)) ?? "";
  if (!sameName(headRepo.fullName, base.fullName) && !(await ctx.git.objectType(base.fullName, live)))
    await ctx.git.fetchFrom(base.fullName, headRepo.fullName, pull.headRef);
  const recorded = await ctx.git.readRef(base.fullName, pullRef);
  if (recorded !== live) await ctx.git.updateRef(base.fullName, pullRef, live);
  return live;
}

async function viewOf(ctx: RouteContext, base: RepoRecord, record: IssueRecord): Promise<PullView> {
  const pull = record.pull!;
  const headRepo = ctx.state.repo(pull.headRepo) ?? base;
  const headSha = await liveHeadSha(ctx, base, record, pull);
  const baseSha = (await ctx.git.readRef(base.fullName, `refs/heads/${pull.baseRef}`)) ?? "";
  const head: PullSide = { repo: headRepo, owner: ctx.state.user(headRepo.owner), ref: pull.headRef, sha: headSha };
  const baseSide: PullSide = { repo: base, owner: ctx.state.user(base.owner), ref: pull.baseRef, sha: baseSha };
  return {
    record,
    author: ctx.state.user(record.user),
    association: authorAssociation(ctx.tokens, record.user, base),
    labels: labelsOf(ctx, base, record.labels),
    assignees: record.assignees.map((login) => ctx.state.user(login)),
    head,
    base: baseSide,
    ...(pull.mergedBy ? { mergedBy: ctx.state.user(pull.mergedBy) } : {}),
  };
}

/** The full `pull-request` JSON, with commit count and diff totals from git (three-dot, as GitHub shows). */
async function pullJson(ctx: RouteContext, base: RepoRecord, record: IssueRecord): Promise<Record<string, unknown>> {
  const view = await viewOf(ctx, base, record);
  let commits = 0;
  let additions = 0;
  let deletions = 0;
  let changedFiles = 0;
  if (view.head.sha && view.base.sha) {
    commits = (await ctx.git.commitsBetween(base.fullName, view.base.sha, view.head.sha)).length;
    const mergeBase = await ctx.git.mergeBase(base.fullName, view.base.sha, view.head.sha);
    if (mergeBase) {
      const stat = await ctx.git.diffStat(base.fullName, mergeBase, view.head.sha);
      changedFiles = stat.length;
      for (const s of stat) {
        additions += s.additions;
        deletions += s.deletions;
      }
    }
  }
  return pullRequest(ctx.urls, view, {
    commits,
    additions,
    deletions,
    changedFiles,
    comments: commentCount(ctx, base, record.number),
  });
}

export function pullOr404(ctx: RouteContext, repo: RepoRecord): IssueRecord {
  const record = issueOr404(ctx, repo, Number(ctx.params.pull_number));
  if (!record.pull) throw notFound();
  return record;
}

/** An open pull request of `repo` with this head and base, other than `except`. */
function openDuplicate(
  ctx: RouteContext,
  repo: RepoRecord,
  pull: Pick<PullPart, "headRepo" | "headRef" | "baseRef">,
  except?: IssueRecord,
): IssueRecord | undefined {
  return ctx.state.data.issues.find(
    (i) =>
      i !== except &&
      i.state === "open" &&
      i.pull !== null &&
      sameName(i.repo, repo.fullName) &&
      sameName(i.pull.headRepo, pull.headRepo) &&
      i.pull.headRef === pull.headRef &&
      i.pull.baseRef === pull.baseRef,
  );
}

function headLabel(ctx: RouteContext, pull: Pick<PullPart, "headRepo" | "headRef">): string {
  const owner = ctx.state.repo(pull.headRepo)?.owner ?? pull.headRepo.split("/")[0] ?? "";
  return `${owner}:${pull.headRef}`;
}

function comparePulls(ctx: RouteContext, repo: RepoRecord): (a: IssueRecord, b: IssueRecord) => number {
  const sort = ctx.query.get("sort") ?? "created";
  const sign = (ctx.query.get("direction") ?? "desc") === "asc" ? 1 : -1;
  const key = (i: IssueRecord): string | number =>
    sort === "updated" ? i.updatedAt : sort === "popularity" ? commentCount(ctx, repo, i.number) : i.createdAt;
  // long-running: the oldest first when descending, so invert the creation order.
  const flip = sort === "long-running" ? -1 : 1;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    const primary = ka < kb ? -1 : ka > kb ? 1 : 0;
    return sign * flip * (primary || a.number - b.number);
  };
}

/** The pull-request routes. */
export const pullRoutes: Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const q = ctx.query;
      const state = q.get("state") ?? "open";
      if (!["open", "closed", "all"].includes(state)) throw invalidField("state");
      // GitHub ignores a `head` filter that is not `owner:branch` (a well-known surprise); the sandbox does too.
      const headFilter = q.get("head")?.includes(":") ? parseHead(q.get("head") ?? "", repo) : undefined;
      const baseFilter = q.get("base");
      const matching = ctx.state.data.issues
        .filter((i) => i.pull !== null && sameName(i.repo, repo.fullName))
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => !baseFilter || i.pull!.baseRef === baseFilter)
        .filter((i) => {
          if (!headFilter) return true;
          const owner = ctx.state.repo(i.pull!.headRepo)?.owner ?? "";
          return sameName(owner, headFilter.owner) && (headFilter.ref === "" || i.pull!.headRef === headFilter.ref);
        })
        .sort(comparePulls(ctx, repo));
      const page = paginate(ctx, matching);
      const body = [];
      for (const record of page.items) body.push(pullRequestSimple(ctx.urls, await viewOf(ctx, repo, record)));
      return { status: 200, body, headers: page.headers };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/pulls",
    async handler(ctx) {
      const base = repoOr404(ctx);
      const caller = requireToken(ctx);
      const body = bodyObject(ctx);
      if (body.issue !== undefined)
        throw validationFailed([
          {
            resource: "PullRequest",
            field: "issue",
            code: "invalid",
            message: "the sandbox does not turn issues into pull requests; send a title instead",
          },
        ]);
      const title = optionalString(body, "title");
      if (title === undefined || title.trim() === "") throw invalidField("title");
      const headParam = optionalString(body, "head") ?? "";
      const baseRef = optionalString(body, "base") ?? "";
      if (!headParam) throw invalidField("head");
      const { owner: headOwner, ref: headRef } = parseHead(headParam, base);
      const headRepo = headRepoOf(ctx, base, headOwner, optionalString(body, "head_repo"));
      const headSha = await ctx.git.readRef(headRepo.fullName, `refs/heads/${headRef}`);
      if (!headRef || !headSha) throw invalidField("head");
      const baseSha = await ctx.git.readRef(base.fullName, `refs/heads/${baseRef}`);
      if (!baseRef || !baseSha) throw invalidField("base");
      const pull: PullPart = {
        headRepo: headRepo.fullName,
        headRef,
        baseRef,
        draft: body.draft === true,
        merged: false,
        mergedAt: null,
        // Maintainers may push to a fork's branch unless its author says no; a same-repo branch needs no grant.
        maintainerCanModify:
          typeof body.maintainer_can_modify === "boolean"
            ? body.maintainer_can_modify
            : !sameName(headRepo.fullName, base.fullName),
      };
      if (openDuplicate(ctx, base, pull))
        throw customInvalid(`A pull request already exists for ${headLabel(ctx, pull)}.`);
      if (!sameName(headRepo.fullName, base.fullName) && !(await ctx.git.objectType(base.fullName, headSha)))
        await ctx.git.fetchFrom(base.fullName, headRepo.fullName, headRef);
      if (!(await ctx.git.mergeBase(base.fullName, baseSha, headSha)))
        throw customInvalid(`The ${baseRef} branch has no history in common with ${headParam}`);
      if ((await ctx.git.commitsBetween(base.fullName, baseSha, headSha, 1)).length === 0)
        throw customInvalid(`No commits between ${baseRef} and ${headParam}`);
      const now = ctx.now();
      const record: IssueRecord = {
        id: ctx.state.id(),
        repo: base.fullName,
        number: base.nextNumber++,
        title,
        body: optionalString(body, "body") ?? null,
        state: "open",
        stateReason: null,
        labels: [],
        assignees: [],
        user: ctx.state.user(caller.login).login,
        locked: false,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        pull,
      };
      ctx.state.data.issues.push(record);
      return {
        status: 201,
        body: await pullJson(ctx, base, record),
        headers: { location: `${ctx.urls.api}/repos/${base.fullName}/pulls/${record.number}` },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      return { status: 200, body: await pullJson(ctx, repo, pullOr404(ctx, repo)) };
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/pulls/{pull_number}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const caller = requireToken(ctx);
      const record = pullOr404(ctx, repo);
      const pull = record.pull!;
      // The author may edit and close their own pull request; everyone else needs push access to the base.
      if (!canWrite(caller, repo.fullName) && !sameName(caller.login, record.user)) throw forbidden();
      const body = bodyObject(ctx);
      // Validate everything first: a 422 must leave the pull request untouched.
      const title = optionalString(body, "title");
      if (title !== undefined && title.trim() === "") throw invalidField("title");
      const baseRef = optionalString(body, "base");
      if (baseRef !== undefined && !(await ctx.git.readRef(repo.fullName, `refs/heads/${baseRef}`)))
        throw invalidField("base");
      const reopening = body.state === "open" && record.state === "closed";
      if (reopening) {
        const headRepo = ctx.state.repo(pull.headRepo);
        const headAlive = headRepo && (await ctx.git.readRef(headRepo.fullName, `refs/heads/${pull.headRef}`));
        if (!headAlive) throw customInvalid(`state cannot be changed. The ${pull.headRef} branch has been deleted.`);
      }
      const next = { ...pull, baseRef: baseRef ?? pull.baseRef };
      if ((reopening || (baseRef !== undefined && record.state === "open")) && openDuplicate(ctx, repo, next, record))
        throw customInvalid(`A pull request already exists for ${headLabel(ctx, next)}.`);

      let changed = false;
      if (title !== undefined && title !== record.title) {
        record.title = title;
        changed = true;
      }
      const text = optionalString(body, "body");
      if (text !== undefined && text !== record.body) {
        record.body = text;
        changed = true;
      }
      if (baseRef !== undefined && baseRef !== pull.baseRef) {
        pull.baseRef = baseRef;
        changed = true;
      }
      if (typeof body.maintainer_can_modify === "boolean" && body.maintainer_can_modify !== pull.maintainerCanModify) {
        pull.maintainerCanModify = body.maintainer_can_modify;
        changed = true;
      }
      if (body.state === "closed" && record.state === "open") {
        record.state = "closed";
        record.closedAt = ctx.now();
        changed = true;
      } else if (reopening) {
        record.state = "open";
        record.closedAt = null;
        changed = true;
      }
      if (changed) record.updatedAt = ctx.now();
      return { status: 200, body: await pullJson(ctx, repo, record) };
    },
  },
];
