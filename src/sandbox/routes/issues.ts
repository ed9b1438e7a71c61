/**
 * Issues and their comments. Issues and pull requests share one number sequence per repository, and the issue
 * list includes pull requests (with `pull_request`), as on GitHub.
 * https://docs.github.com/rest/issues
 */
import { forbidden, notFound, validationFailed } from "../http-errors.js";
import { authorAssociation, canWrite } from "../router.js";
import type { Route, RouteContext } from "../router.js";
import type { CommentRecord, IssueRecord, RepoRecord } from "../state.js";
import { issue, issueComment, label, simpleUser } from "../representations.js";
import { bodyObject, paginate, repoOr404, requireToken, requireWrite } from "./guards.js";
import { ensureLabels, labelNames, labelsOf } from "./labels.js";

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The issue (or pull request) `number` of a repository, or a 404. */
export function issueOr404(ctx: RouteContext, repo: RepoRecord, number: number): IssueRecord {
  const found = ctx.state.data.issues.find((i) => sameName(i.repo, repo.fullName) && i.number === number);
  if (!found) throw notFound();
  return found;
}

/** Comments of one issue, oldest first. */
function commentsOf(ctx: RouteContext, repo: RepoRecord, number: number): CommentRecord[] {
  return ctx.state.data.comments
    .filter((c) => sameName(c.repo, repo.fullName) && c.issueNumber === number)
    .sort((a, b) => a.id - b.id);
}

/** How many comments an issue has. */
export function commentCount(ctx: RouteContext, repo: RepoRecord, number: number): number {
  return commentsOf(ctx, repo, number).length;
}

/** The `issue` JSON of a record, as the caller sees it. */
export function issueJson(ctx: RouteContext, repo: RepoRecord, record: IssueRecord): Record<string, unknown> {
  const json = issue(
    ctx.urls,
    record,
    ctx.state.user(record.user),
    labelsOf(ctx, repo, record.labels),
    commentCount(ctx, repo, record.number),
    authorAssociation(ctx.tokens, record.user, repo),
  );
  const assignees = record.assignees.map((login) => simpleUser(ctx.urls, ctx.state.user(login)));
  return { ...json, assignee: assignees[0] ?? null, assignees };
}

/** One issue as its own endpoints answer it: lists leave out `closed_by`, single-issue answers carry it. */
function singleIssueJson(ctx: RouteContext, repo: RepoRecord, record: IssueRecord): Record<string, unknown> {
  const closedBy = record.closedBy ? simpleUser(ctx.urls, ctx.state.user(record.closedBy)) : null;
  return { ...issueJson(ctx, repo, record), closed_by: closedBy };
}

function commentJson(ctx: RouteContext, repo: RepoRecord, c: CommentRecord): Record<string, unknown> {
  return issueComment(ctx.urls, c, ctx.state.user(c.user), authorAssociation(ctx.tokens, c.user, repo));
}

/** Users an issue may be assigned to: the owner and everyone who may write the repository. */
function assigneesFrom(ctx: RouteContext, repo: RepoRecord, value: unknown, single: unknown): string[] {
  const raw: unknown[] = Array.isArray(value) ? value : [];
  if (typeof single === "string") raw.unshift(single);
  const logins = raw.map((a) => {
    const login = typeof a === "string" ? a : (a as { login?: unknown } | null)?.login;
    return typeof login === "string" ? login : "";
  });
  const result: string[] = [];
  for (const login of logins) {
    const token = ctx.tokens.find((t) => sameName(t.login, login));
    const assignable = sameName(login, repo.owner) || (token !== undefined && canWrite(token, repo.fullName));
    if (!assignable) throw validationFailed([{ resource: "Issue", field: "assignees", code: "invalid" }]);
    const spelled = token?.login ?? repo.owner;
    if (!result.some((r) => sameName(r, spelled))) result.push(spelled);
  }
  return result;
}

/** A title from a body: a string or an integer (GitHub's description allows both); blank is missing. */
function titleFrom(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return undefined;
  return value.trim() === "" ? "" : value;
}

function noMilestones(body: Record<string, unknown>): void {
  // The sandbox has no milestones, so any milestone a client names does not exist.
  if (body.milestone !== undefined && body.milestone !== null)
    throw validationFailed([{ resource: "Issue", field: "milestone", code: "invalid" }]);
}

function numberParam(ctx: RouteContext): number {
  return Number(ctx.params.issue_number);
}

function compareIssues(ctx: RouteContext, repo: RepoRecord): (a: IssueRecord, b: IssueRecord) => number {
  const sort = ctx.query.get("sort") ?? "created";
  const sign = (ctx.query.get("direction") ?? "desc") === "asc" ? 1 : -1;
  const key = (i: IssueRecord): string | number =>
    sort === "updated" ? i.updatedAt : sort === "comments" ? commentCount(ctx, repo, i.number) : i.createdAt;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    const primary = ka < kb ? -1 : ka > kb ? 1 : 0;
    // Numbers grow with creation, so they break ties between issues made in the same second.
    return sign * (primary || a.number - b.number);
  };
}

function filterIssues(ctx: RouteContext, repo: RepoRecord): IssueRecord[] {
  const q = ctx.query;
  const state = q.get("state") ?? "open";
  if (!["open", "closed", "all"].includes(state))
    throw validationFailed([{ resource: "Issue", field: "state", code: "invalid" }]);
  const wanted = (q.get("labels") ?? "")
    .split(",")
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const creator = q.get("creator");
  const assignee = q.get("assignee");
  const since = q.get("since");
  const sinceMs = since ? Date.parse(since) : undefined;
  if (sinceMs !== undefined && Number.isNaN(sinceMs))
    throw validationFailed([{ resource: "Issue", field: "since", code: "invalid" }]);
  return ctx.state.data.issues
    .filter((i) => sameName(i.repo, repo.fullName))
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
    .filter((i) => !creator || sameName(i.user, creator))
    .filter((i) => {
      if (!assignee || assignee === "*") return !assignee || i.assignees.length > 0;
      if (assignee === "none") return i.assignees.length === 0;
      return i.assignees.some((a) => sameName(a, assignee));
    })
    .filter((i) => sinceMs === undefined || Date.parse(i.updatedAt) >= sinceMs)
    .sort(compareIssues(ctx, repo));
}

/** The issue routes. */
export const issueRoutes: Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues",
    handler(ctx) {
      const repo = repoOr404(ctx);
      const page = paginate(ctx, filterIssues(ctx, repo));
      return { status: 200, body: page.items.map((i) => issueJson(ctx, repo, i)), headers: page.headers };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues",
    handler(ctx) {
      const repo = repoOr404(ctx);
      // Anyone signed in may open an issue on a public repository; only writers may label or assign it.
      const caller = requireToken(ctx);
      const body = bodyObject(ctx);
      const title = titleFrom(body.title);
      if (!title) throw validationFailed([{ resource: "Issue", field: "title", code: "missing_field" }]);
      noMilestones(body);
      const writer = canWrite(caller, repo.fullName);
      // GitHub silently drops labels and assignees sent by users without push access.
      const assignees = writer ? assigneesFrom(ctx, repo, body.assignees, body.assignee) : [];
      const labels = writer ? ensureLabels(ctx, repo, labelNames(body.labels, "Issue")).map((l) => l.name) : [];
      const now = ctx.now();
      const record: IssueRecord = {
        id: ctx.state.id(),
        repo: repo.fullName,
        number: repo.nextNumber++,
        title,
        body: typeof body.body === "string" ? body.body : null,
        state: "open",
        stateReason: null,
        labels,
        assignees,
        user: ctx.state.user(caller.login).login,
        locked: false,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        pull: null,
      };
      ctx.state.data.issues.push(record);
      return {
        status: 201,
        body: singleIssueJson(ctx, repo, record),
        headers: { location: `${ctx.urls.api}/repos/${repo.fullName}/issues/${record.number}` },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    handler(ctx) {
      const repo = repoOr404(ctx);
      return { status: 200, body: singleIssueJson(ctx, repo, issueOr404(ctx, repo, numberParam(ctx))) };
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    handler(ctx) {
      const repo = repoOr404(ctx);
      const caller = requireToken(ctx);
      const record = issueOr404(ctx, repo, numberParam(ctx));
      const writer = canWrite(caller, repo.fullName);
      // The author may edit the title and body and close or reopen their own issue; everything else needs push.
      if (!writer && !sameName(caller.login, record.user)) throw forbidden();
      const body = bodyObject(ctx);
      // Validate everything first: a 422 must leave the issue untouched.
      noMilestones(body);
      const title = body.title === undefined || body.title === null ? undefined : titleFrom(body.title);
      if (title === "") throw validationFailed([{ resource: "Issue", field: "title", code: "missing_field" }]);
      const reason = body.state_reason;
      if (reason === "duplicate")
        throw validationFailed([
          {
            resource: "Issue",
            field: "state_reason",
            code: "invalid",
            message: "the sandbox does not record duplicates; use not_planned",
          },
        ]);
      const assignees =
        writer && (body.assignees !== undefined || body.assignee !== undefined)
          ? assigneesFrom(ctx, repo, body.assignees, body.assignee)
          : undefined;
      const names = writer && body.labels !== undefined ? labelNames(body.labels, "Issue") : undefined;

      let changed = false;
      if (title !== undefined && title !== record.title) {
        record.title = title;
        changed = true;
      }
      if (body.body !== undefined) {
        const text = typeof body.body === "string" ? body.body : null;
        changed ||= text !== record.body;
        record.body = text;
      }
      if (body.state === "closed" && record.state === "open") {
        record.state = "closed";
        record.closedAt = ctx.now();
        record.closedBy = caller.login;
        record.stateReason = reason === "not_planned" ? "not_planned" : "completed";
        changed = true;
      } else if (body.state === "open" && record.state === "closed") {
        record.state = "open";
        record.closedAt = null;
        record.closedBy = null;
        record.stateReason = "reopened";
        changed = true;
      } else if (record.state === "closed" && (reason === "completed" || reason === "not_planned")) {
        changed ||= record.stateReason !== reason;
        record.stateReason = reason;
      }
      if (names !== undefined) {
        record.labels = ensureLabels(ctx, repo, names).map((l) => l.name);
        changed = true;
      }
      if (assignees !== undefined) {
        record.assignees = assignees;
        changed = true;
      }
      if (changed) record.updatedAt = ctx.now();
      return { status: 200, body: singleIssueJson(ctx, repo, record) };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const record = issueOr404(ctx, repo, numberParam(ctx));
      const body = ctx.body;
      // GitHub accepts `{ labels: [...] }` and, for older clients, a bare array of names.
      const names = labelNames(Array.isArray(body) ? body : bodyObject(ctx).labels, "Label");
      const added = ensureLabels(ctx, repo, names).map((l) => l.name);
      for (const name of added) if (!record.labels.some((l) => sameName(l, name))) record.labels.push(name);
      record.updatedAt = ctx.now();
      return { status: 200, body: labelsOf(ctx, repo, record.labels).map((l) => label(ctx.urls, l)) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    handler(ctx) {
      const repo = repoOr404(ctx);
      const record = issueOr404(ctx, repo, numberParam(ctx));
      const since = ctx.query.get("since");
      const sinceMs = since ? Date.parse(since) : undefined;
      if (sinceMs !== undefined && Number.isNaN(sinceMs))
        throw validationFailed([{ resource: "IssueComment", field: "since", code: "invalid" }]);
      const all = commentsOf(ctx, repo, record.number).filter(
        (c) => sinceMs === undefined || Date.parse(c.updatedAt) >= sinceMs,
      );
      const page = paginate(ctx, all);
      return { status: 200, body: page.items.map((c) => commentJson(ctx, repo, c)), headers: page.headers };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    handler(ctx) {
      const repo = repoOr404(ctx);
      const caller = requireToken(ctx);
      const record = issueOr404(ctx, repo, numberParam(ctx));
      if (record.locked && !canWrite(caller, repo.fullName)) throw forbidden();
      const text = bodyObject(ctx).body;
      if (typeof text !== "string" || text === "")
        throw validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
      const now = ctx.now();
      const comment: CommentRecord = {
        id: ctx.state.id(),
        repo: repo.fullName,
        issueNumber: record.number,
        body: text,
        user: ctx.state.user(caller.login).login,
        createdAt: now,
        updatedAt: now,
      };
      ctx.state.data.comments.push(comment);
      record.updatedAt = now;
      return {
        status: 201,
        body: commentJson(ctx, repo, comment),
        headers: { location: `${ctx.urls.api}/repos/${repo.fullName}/issues/comments/${comment.id}` },
      };
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    handler(ctx) {
      const repo = repoOr404(ctx);
      const caller = requireToken(ctx);
      const id = Number(ctx.params.comment_id);
      const comment = ctx.state.data.comments.find((c) => c.id === id && sameName(c.repo, repo.fullName));
      if (!comment) throw notFound();
      if (!sameName(caller.login, comment.user) && !canWrite(caller, repo.fullName)) throw forbidden();
      const text = bodyObject(ctx).body;
      if (typeof text !== "string" || text === "")
        throw validationFailed([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
      if (text !== comment.body) {
        comment.body = text;
        comment.updatedAt = ctx.now();
      }
      return { status: 200, body: commentJson(ctx, repo, comment) };
    },
  },
];
