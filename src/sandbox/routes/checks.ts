/**
 * CI results on commits: check runs (seeded from the seed's `checks:` or created through the API) and commit
 * statuses with GitHub's combined state.
 * https://docs.github.com/rest/checks/runs and https://docs.github.com/rest/commits/statuses
 */
import { notFound, unprocessable, validationFailed } from "../http-errors.js";
import type { Route, RouteContext } from "../router.js";
import type { CheckRunRecord, RepoRecord, StatusRecord } from "../state.js";
import { repository } from "../representations.js";
import { checkRun, commitStatus, simpleCommitStatus } from "../representations-checks.js";
import { bodyObject, optionalString, paginate, repoOr404, requireWrite, requiredString } from "./guards.js";

const STATUS_STATES = ["error", "failure", "pending", "success"] as const;

/**
 * The commit a `{ref}` names (branch, tag or SHA). GitHub answers 422 for an unknown ref on some of these
 * endpoints, but the description documents only 404 for them, so the sandbox answers 404 to stay describable.
 */
async function refCommitOr404(ctx: RouteContext, repo: RepoRecord): Promise<string> {
  const sha = await ctx.git.resolveCommit(repo.fullName, (ctx.params.ref ?? "").replace(/^refs\//, ""));
  if (!sha) throw notFound();
  return sha;
}

/** The newest record per key (records are appended in creation order). */
function latestPer<T>(records: readonly T[], key: (r: T) => string): T[] {
  const latest = new Map<string, T>();
  for (const r of records) latest.set(key(r), r);
  return [...latest.values()];
}

/** GitHub's combined state: failure if any failed or errored, pending if any is pending or there is none. */
export function combinedState(states: readonly StatusRecord["state"][]): "failure" | "pending" | "success" {
  if (states.some((s) => s === "failure" || s === "error")) return "failure";
  if (states.length === 0 || states.includes("pending")) return "pending";
  return "success";
}

/** The check-run and status routes. */
export const checkRoutes: Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const sha = await refCommitOr404(ctx, repo);
      const checkName = ctx.query.get("check_name");
      const status = ctx.query.get("status");
      let runs = ctx.state.data.checkRuns.filter((r) => r.repo === repo.fullName && r.headSha === sha);
      // filter=latest (the default) keeps the most recent run of each name, as a re-run replaces the old one.
      if ((ctx.query.get("filter") ?? "latest") === "latest") runs = latestPer(runs, (r) => r.name);
      runs = runs
        .filter((r) => (checkName === null || r.name === checkName) && (status === null || r.status === status))
        .sort((a, b) => b.id - a.id);
      const page = paginate(ctx, runs);
      return {
        status: 200,
        body: { total_count: runs.length, check_runs: page.items.map((r) => checkRun(ctx.urls, r)) },
        headers: page.headers,
      };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/check-runs",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const name = requiredString(body, "name", "CheckRun");
      const headSha = requiredString(body, "head_sha", "CheckRun");
      if ((await ctx.git.objectType(repo.fullName, headSha)) !== "commit")
        throw unprocessable(`No commit found for SHA: ${headSha}`);
      const conclusion = optionalString(body, "conclusion") ?? null;
      // GitHub: giving a conclusion completes the run whatever status was sent.
      const status = conclusion
        ? "completed"
        : ((optionalString(body, "status") ?? "queued") as CheckRunRecord["status"]);
      if (status === "completed" && !conclusion)
        throw validationFailed([{ resource: "CheckRun", field: "conclusion", code: "missing_field" }]);
      const now = ctx.now();
      const record: CheckRunRecord = {
        id: ctx.state.id(),
        repo: repo.fullName,
        headSha,
        name,
        status,
        conclusion,
        startedAt: optionalString(body, "started_at") ?? now,
        completedAt: status === "completed" ? (optionalString(body, "completed_at") ?? now) : null,
        externalId: optionalString(body, "external_id") ?? null,
        detailsUrl: optionalString(body, "details_url") ?? null,
      };
      ctx.state.data.checkRuns.push(record);
      return { status: 201, body: checkRun(ctx.urls, record) };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/statuses/{sha}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const state = requiredString(body, "state", "Status") as StatusRecord["state"];
      if (!STATUS_STATES.includes(state))
        throw validationFailed([{ resource: "Status", field: "state", code: "invalid" }]);
      const sha = ctx.params.sha ?? "";
      if ((await ctx.git.objectType(repo.fullName, sha)) !== "commit")
        throw unprocessable(`No commit found for SHA: ${sha}`);
      const now = ctx.now();
      const record: StatusRecord = {
        id: ctx.state.id(),
        repo: repo.fullName,
        sha,
        state,
        context: optionalString(body, "context") ?? "default",
        description: optionalString(body, "description") ?? null,
        targetUrl: optionalString(body, "target_url") ?? null,
        creator: ctx.caller?.login ?? "ghost",
        createdAt: now,
        updatedAt: now,
      };
      ctx.state.data.statuses.push(record);
      return {
        status: 201,
        body: commitStatus(ctx.urls, record, ctx.state.user(record.creator)),
        // GitHub's Location for a new status is the statuses URL of the commit, not of the status itself.
        headers: { location: `${ctx.urls.api}/repos/${repo.fullName}/statuses/${sha}` },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{ref}/statuses",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const sha = await refCommitOr404(ctx, repo);
      // Every status, newest first (the combined status keeps only the newest per context; this list keeps all).
      const statuses = ctx.state.data.statuses
        .filter((s) => s.repo === repo.fullName && s.sha === sha)
        .sort((a, b) => b.id - a.id);
      const page = paginate(ctx, statuses);
      return {
        status: 200,
        body: page.items.map((s) => commitStatus(ctx.urls, s, ctx.state.user(s.creator))),
        headers: page.headers,
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{ref}/status",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const sha = await refCommitOr404(ctx, repo);
      const statuses = latestPer(
        ctx.state.data.statuses.filter((s) => s.repo === repo.fullName && s.sha === sha),
        (s) => s.context,
      ).sort((a, b) => b.id - a.id);
      const page = paginate(ctx, statuses);
      const api = `${ctx.urls.api}/repos/${repo.fullName}`;
      return {
        status: 200,
        body: {
          state: combinedState(statuses.map((s) => s.state)),
          statuses: page.items.map((s) => simpleCommitStatus(ctx.urls, s, ctx.state.user(s.creator))),
          sha,
          total_count: statuses.length,
          repository: repository(ctx.urls, repo, ctx.state.user(repo.owner)),
          commit_url: `${api}/commits/${sha}`,
          url: `${api}/commits/${sha}/status`,
        },
        headers: page.headers,
      };
    },
  },
];
