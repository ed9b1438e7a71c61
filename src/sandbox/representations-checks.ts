/**
 * GitHub's JSON shapes for CI results: check runs, commit statuses and workflow runs, built from the sandbox's
 * records. Like representations.ts, they carry every field GitHub's OpenAPI description requires.
 */
import type { CheckRunRecord, StatusRecord, UserRecord, WorkflowRecord, WorkflowRunRecord } from "./state.js";
import type { Urls } from "./representations.js";
import { nodeId, simpleUser } from "./representations.js";

/** The app that owns every check run of the sandbox (on GitHub, Actions' check runs belong to this app). */
const ACTIONS_APP_OWNER: UserRecord = { id: 9919, login: "github", type: "Organization" };

function actionsApp(urls: Urls): Record<string, unknown> {
  return {
    id: 15368,
    slug: "github-actions",
    node_id: nodeId("Integration", 15368),
    owner: simpleUser(urls, ACTIONS_APP_OWNER),
    name: "GitHub Actions",
    description: "Automate your workflow from idea to production",
    external_url: "https://help.github.com/en/actions",
    html_url: `${urls.web}/apps/github-actions`,
    created_at: "2018-07-30T09:30:17Z",
    updated_at: "2019-12-10T19:04:12Z",
    permissions: { checks: "write", contents: "write", statuses: "write" },
    events: ["check_run", "push", "workflow_dispatch"],
  };
}

/** `check-run`. */
export function checkRun(urls: Urls, r: CheckRunRecord): Record<string, unknown> {
  const api = `${urls.api}/repos/${r.repo}/check-runs/${r.id}`;
  return {
    id: r.id,
    node_id: nodeId("CheckRun", r.id),
    head_sha: r.headSha,
    external_id: r.externalId,
    url: api,
    html_url: `${urls.web}/${r.repo}/runs/${r.id}`,
    details_url: r.detailsUrl,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    output: {
      title: null,
      summary: null,
      text: null,
      annotations_count: 0,
      annotations_url: `${api}/annotations`,
    },
    name: r.name,
    // The sandbox has no check suites; each run stands in for its own suite.
    check_suite: { id: r.id },
    app: actionsApp(urls),
    pull_requests: [],
  };
}

/** `simple-commit-status` (an entry of a combined status). */
export function simpleCommitStatus(urls: Urls, s: StatusRecord, creator: UserRecord): Record<string, unknown> {
  return {
    url: `${urls.api}/repos/${s.repo}/statuses/${s.sha}`,
    avatar_url: simpleUser(urls, creator).avatar_url,
    id: s.id,
    node_id: nodeId("StatusContext", s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

/** `status` (the answer to creating one). */
export function commitStatus(urls: Urls, s: StatusRecord, creator: UserRecord): Record<string, unknown> {
  return { ...simpleCommitStatus(urls, s, creator), creator: simpleUser(urls, creator) };
}

/** Where a workflow run is in its life at `nowMs`, from its creation and completion times. */
export function runPhase(
  run: WorkflowRunRecord,
  nowMs: number,
): { status: "queued" | "in_progress" | "completed"; conclusion: string | null } {
  if (run.completesAt !== null && nowMs >= run.completesAt) return { status: "completed", conclusion: run.conclusion };
  if (nowMs <= Date.parse(run.createdAt)) return { status: "queued", conclusion: null };
  return { status: "in_progress", conclusion: null };
}

/** The head commit of a workflow run, GitHub's `nullable-simple-commit`. */
export interface HeadCommit {
  readonly sha: string;
  readonly tree: string;
  readonly message: string;
  readonly timestamp: string;
  readonly author: { readonly name: string; readonly email: string };
  readonly committer: { readonly name: string; readonly email: string };
}

/** `workflow-run`, as it stands at `nowMs`. `repository` is the repository's `minimal-repository` shape. */
export function workflowRun(
  urls: Urls,
  run: WorkflowRunRecord,
  workflow: WorkflowRecord,
  actor: UserRecord,
  headCommit: HeadCommit,
  repository: Record<string, unknown>,
  nowMs: number,
): Record<string, unknown> {
  const api = `${urls.api}/repos/${run.repo}/actions/runs/${run.id}`;
  const { status, conclusion } = runPhase(run, nowMs);
  const name = workflow.file.replace(/\.ya?ml$/, "");
  const updated =
    status === "completed" && run.completesAt !== null
      ? new Date(run.completesAt).toISOString().replace(/\.\d{3}Z$/, "Z")
      : run.createdAt;
  return {
    id: run.id,
    name,
    node_id: nodeId("WorkflowRun", run.id),
    check_suite_id: run.id,
    check_suite_node_id: nodeId("CheckSuite", run.id),
    head_branch: run.ref,
    head_sha: run.headSha,
    path: `.github/workflows/${workflow.file}`,
    display_title: name,
    run_number: run.runNumber,
    event: run.event,
    status,
    conclusion,
    workflow_id: workflow.id,
    url: api,
    html_url: `${urls.web}/${run.repo}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: updated,
    actor: simpleUser(urls, actor),
    triggering_actor: simpleUser(urls, actor),
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: run.createdAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${urls.api}/repos/${run.repo}/check-suites/${run.id}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${urls.api}/repos/${run.repo}/actions/workflows/${workflow.id}`,
    head_commit: {
      id: headCommit.sha,
      tree_id: headCommit.tree,
      message: headCommit.message,
      timestamp: headCommit.timestamp,
      author: headCommit.author,
      committer: headCommit.committer,
    },
    repository,
    head_repository: repository,
  };
}
