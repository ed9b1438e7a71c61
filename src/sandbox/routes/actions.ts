/**
 * GitHub Actions, faked: the seed declares which workflows a repository can dispatch and how their runs end;
 * a dispatch records a run whose status follows the sandbox clock (queued, then in progress, then completed
 * after the workflow's `duration_ms`, or never for a `never` workflow).
 * https://docs.github.com/rest/actions/workflows and https://docs.github.com/rest/actions/workflow-runs
 */
import { conflict, notFound, unprocessable } from "../http-errors.js";
import type { Route, RouteContext } from "../router.js";
import type { RepoRecord, WorkflowRecord, WorkflowRunRecord } from "../state.js";
import { repository } from "../representations.js";
import { runPhase, workflowRun } from "../representations-checks.js";
import { bodyObject, paginate, repoOr404, requireWrite, requiredString } from "./guards.js";

/**
 * The sandbox clock in milliseconds. It has GitHub's one-second timestamp resolution, so a run with a
 * `duration_ms` under a second completes once the second in which it was created has passed.
 */
function nowMs(ctx: RouteContext): number {
  return Date.parse(ctx.now());
}

/** A workflow by numeric id or file name (`create_release.yml`), as GitHub accepts both. */
function workflowOr404(ctx: RouteContext, repo: RepoRecord): WorkflowRecord {
  const key = ctx.params.workflow_id ?? "";
  const workflow = ctx.state.data.workflows.find(
    (w) => w.repo === repo.fullName && (String(w.id) === key || w.file === key),
  );
  if (!workflow) throw notFound();
  return workflow;
}

/** A branch or tag name (short or `refs/...`) to its short name and commit, as a dispatch resolves its ref. */
async function resolveDispatchRef(
  ctx: RouteContext,
  repo: RepoRecord,
  ref: string,
): Promise<{ name: string; sha: string } | undefined> {
  const short = ref.replace(/^refs\/(heads|tags)\//, "");
  const candidates = ref.startsWith("refs/") ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
  for (const candidate of candidates) {
    if (!(await ctx.git.readRef(repo.fullName, candidate))) continue;
    const sha = await ctx.git.resolveCommit(repo.fullName, candidate);
    if (sha) return { name: short, sha };
  }
  return undefined;
}

async function runJson(ctx: RouteContext, repo: RepoRecord, run: WorkflowRunRecord): Promise<Record<string, unknown>> {
  const workflow = ctx.state.data.workflows.find((w) => w.id === run.workflowId);
  if (!workflow) throw notFound();
  const commit = await ctx.git.readCommit(repo.fullName, run.headSha);
  return workflowRun(
    ctx.urls,
    run,
    workflow,
    ctx.state.user(run.actor),
    {
      sha: run.headSha,
      tree: commit.tree,
      message: commit.message.replace(/\n$/, ""),
      timestamp: commit.committer.date,
      author: { name: commit.author.name, email: commit.author.email },
      committer: { name: commit.committer.name, email: commit.committer.email },
    },
    repository(ctx.urls, repo, ctx.state.user(repo.owner)),
    nowMs(ctx),
  );
}

/** The Actions routes: dispatch a workflow, list its runs, get one run, cancel one run. */
export const actionRoutes: Route[] = [
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const workflow = workflowOr404(ctx, repo);
      const body = bodyObject(ctx);
      const ref = requiredString(body, "ref", "WorkflowDispatch");
      const target = await resolveDispatchRef(ctx, repo, ref);
      if (!target) throw unprocessable(`No ref found for: ${ref}`);
      const created = nowMs(ctx);
      const run: WorkflowRunRecord = {
        id: ctx.state.id(),
        repo: repo.fullName,
        workflowId: workflow.id,
        ref: target.name,
        headSha: target.sha,
        inputs: (body.inputs as Record<string, unknown> | undefined) ?? {},
        event: "workflow_dispatch",
        actor: ctx.caller?.login ?? "ghost",
        createdAt: ctx.now(),
        completesAt: workflow.conclusion === "never" ? null : created + workflow.durationMs,
        conclusion: workflow.conclusion === "never" ? null : workflow.conclusion,
        runNumber: ctx.state.data.workflowRuns.filter((r) => r.workflowId === workflow.id).length + 1,
      };
      ctx.state.data.workflowRuns.push(run);
      // `return_run_details: true` (2025) answers 200 with the new run's id instead of an empty 204.
      if (body.return_run_details !== true) return { status: 204 };
      return {
        status: 200,
        body: {
          workflow_run_id: run.id,
          run_url: `${ctx.urls.api}/repos/${repo.fullName}/actions/runs/${run.id}`,
          html_url: `${ctx.urls.web}/${repo.fullName}/actions/runs/${run.id}`,
        },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const workflow = workflowOr404(ctx, repo);
      const q = (name: string) => ctx.query.get(name);
      const now = nowMs(ctx);
      const runs = ctx.state.data.workflowRuns
        .filter((r) => r.workflowId === workflow.id)
        .filter((r) => {
          const phase = runPhase(r, now);
          const status = q("status");
          return (
            (q("event") === null || r.event === q("event")) &&
            (q("branch") === null || r.ref === q("branch")) &&
            (q("head_sha") === null || r.headSha === q("head_sha")) &&
            (q("actor") === null || r.actor.toLowerCase() === q("actor")?.toLowerCase()) &&
            // `status` takes a status (queued, completed...) or a conclusion (success, failure...).
            (status === null || phase.status === status || phase.conclusion === status)
          );
        })
        .sort((a, b) => b.id - a.id);
      const page = paginate(ctx, runs);
      return {
        status: 200,
        body: {
          total_count: runs.length,
          workflow_runs: await Promise.all(page.items.map((r) => runJson(ctx, repo, r))),
        },
        headers: page.headers,
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      return { status: 200, body: await runJson(ctx, repo, runOr404(ctx, repo)) };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel",
    handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const run = runOr404(ctx, repo);
      const now = nowMs(ctx);
      if (runPhase(run, now).status === "completed") throw conflict("Cannot cancel a workflow run that is completed.");
      // GitHub cancels asynchronously; the sandbox stops the run at once, which a caller cannot tell apart.
      run.completesAt = now;
      run.conclusion = "cancelled";
      return { status: 202, body: {} };
    },
  },
];

/** The run named by `{run_id}` in the repository, or a 404. */
function runOr404(ctx: RouteContext, repo: RepoRecord): WorkflowRunRecord {
  const run = ctx.state.data.workflowRuns.find((r) => r.repo === repo.fullName && String(r.id) === ctx.params.run_id);
  if (!run) throw notFound();
  return run;
}
