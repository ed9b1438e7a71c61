/**
 * The sandbox's check runs, commit statuses and Actions endpoints answer as GitHub does (filters, combined status,
 * permissions, error statuses).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Octokit } from "octokit";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [
      { token: "t-release", login: "release-bot", write: ["acme/widget"] },
      { token: "t-reader", login: "reader", write: [] },
    ],
    repos: [
      {
        name: "acme/widget",
        files: { VERSION_NUMBER: "1.20.0\n" },
        tags: ["v1.20.0rc1"],
        branches: ["rel-1.20.0"],
        checks: { build: "success", lint: "pending" },
        workflows: {
          "create_release.yml": { conclusion: "success", duration_ms: 5000 },
          "broken.yml": { conclusion: "failure", duration_ms: 0 },
          "stuck.yml": { conclusion: "never" },
        },
      },
    ],
  },
  process.cwd(),
);

const widget = { owner: "acme", repo: "widget" };

describe("sandbox check runs, commit statuses and Actions", () => {
  let sandbox: Sandbox;
  let gh: Octokit;
  let reader: Octokit;
  let head: string;
  // The sandbox's clock: runs move from queued to completed only when a test advances it.
  let clock = Date.parse("2026-03-02T10:00:00Z");
  const advance = (ms: number) => {
    clock += ms;
  };

  beforeAll(async () => {
    sandbox = await startSandbox(seed, { now: () => new Date(clock) });
    const client = (token: string) =>
      new Octokit({ baseUrl: sandbox.apiUrl, auth: token, retry: { enabled: false }, throttle: { enabled: false } });
    gh = client("t-release");
    reader = client("t-reader");
    head = (await gh.rest.git.getRef({ ...widget, ref: "heads/main" })).data.object.sha;
  });
  afterAll(async () => {
    const violations = [...(sandbox?.violations ?? [])];
    await sandbox?.stop();
    expect(violations).toEqual([]);
  });

  describe("check runs", () => {
    it("lists the seeded check runs of a commit named by branch, tag or SHA, filtered by name and status", async () => {
      for (const ref of ["main", "v1.20.0rc1", head]) {
        const runs = await reader.rest.checks.listForRef({ ...widget, ref });
        expect(runs.data.total_count).toBe(2);
        expect(runs.data.check_runs.map((r) => [r.name, r.status, r.conclusion]).sort()).toEqual([
          ["build", "completed", "success"],
          ["lint", "in_progress", null],
        ]);
      }
      const build = await reader.rest.checks.listForRef({ ...widget, ref: "main", check_name: "build" });
      expect(build.data.check_runs.map((r) => r.name)).toEqual(["build"]);
      const pending = await reader.rest.checks.listForRef({ ...widget, ref: "main", status: "in_progress" });
      expect(pending.data.check_runs.map((r) => r.name)).toEqual(["lint"]);
      await expect(reader.rest.checks.listForRef({ ...widget, ref: "no-such-ref" })).rejects.toMatchObject({
        status: 404,
      });
    });

    it("creates a check run that completes with its conclusion and replaces the older run of that name", async () => {
      const created = await gh.rest.checks.create({ ...widget, name: "lint", head_sha: head, conclusion: "failure" });
      expect(created.status).toBe(201);
      expect(created.data).toMatchObject({ name: "lint", head_sha: head, status: "completed", conclusion: "failure" });
      const latest = await reader.rest.checks.listForRef({ ...widget, ref: "main", check_name: "lint" });
      expect(latest.data.check_runs.map((r) => [r.id, r.conclusion])).toEqual([[created.data.id, "failure"]]);
      const all = await reader.rest.checks.listForRef({ ...widget, ref: "main", check_name: "lint", filter: "all" });
      expect(all.data.total_count).toBe(2);
      const queued = await gh.rest.checks.create({ ...widget, name: "docs", head_sha: head });
      expect(queued.data).toMatchObject({ status: "queued", conclusion: null });
    });

    it("refuses a check run from a read-only token (403) and on an unknown commit (422)", async () => {
      await expect(reader.rest.checks.create({ ...widget, name: "x", head_sha: head })).rejects.toMatchObject({
        status: 403,
      });
      await expect(
        gh.rest.checks.create({ ...widget, name: "x", head_sha: "0123456789012345678901234567890123456789" }),
      ).rejects.toMatchObject({ status: 422 });
    });
  });

  describe("commit statuses", () => {
    const combined = async (ref: string) => (await reader.rest.repos.getCombinedStatusForRef({ ...widget, ref })).data;

    it("is pending with no status at all", async () => {
      const none = await combined("rel-1.20.0");
      expect(none).toMatchObject({ state: "pending", total_count: 0, statuses: [], sha: head });
    });

    it("combines the latest status per context: pending beats success, failure and error beat everything", async () => {
      const created = await gh.rest.repos.createCommitStatus({
        ...widget,
        sha: head,
        state: "success",
        context: "ci/build",
        target_url: "https://ci.example/1",
        description: "ok",
      });
      expect(created.status).toBe(201);
      expect(created.data).toMatchObject({ state: "success", context: "ci/build", creator: { login: "release-bot" } });
      expect((await combined("main")).state).toBe("success");

      const untitled = await gh.rest.repos.createCommitStatus({ ...widget, sha: head, state: "pending" });
      expect(untitled.data.context).toBe("default");
      expect((await combined("main")).state).toBe("pending");

      await gh.rest.repos.createCommitStatus({ ...widget, sha: head, state: "failure", context: "ci/test" });
      expect((await combined("main")).state).toBe("failure");

      // A newer status of the same context replaces the older one.
      await gh.rest.repos.createCommitStatus({ ...widget, sha: head, state: "success", context: "ci/test" });
      await gh.rest.repos.createCommitStatus({ ...widget, sha: head, state: "success", context: "default" });
      const green = await combined("v1.20.0rc1");
      expect(green.state).toBe("success");
      expect(green.total_count).toBe(3);
      expect(green.statuses.map((s) => `${s.context}=${s.state}`).sort()).toEqual([
        "ci/build=success",
        "ci/test=success",
        "default=success",
      ]);

      await gh.rest.repos.createCommitStatus({ ...widget, sha: head, state: "error", context: "ci/build" });
      expect((await combined(head)).state).toBe("failure");
    });

    it("refuses a status from a read-only token (403) and on an unknown commit (422); 404 for an unknown ref", async () => {
      await expect(
        reader.rest.repos.createCommitStatus({ ...widget, sha: head, state: "success" }),
      ).rejects.toMatchObject({ status: 403 });
      await expect(
        gh.rest.repos.createCommitStatus({
          ...widget,
          sha: "0123456789012345678901234567890123456789",
          state: "success",
        }),
      ).rejects.toMatchObject({ status: 422 });
      await expect(combined("no-such-ref")).rejects.toMatchObject({ status: 404 });
    });
  });

  describe("workflow dispatch and runs", () => {
    it("dispatches a workflow with return_run_details and follows its run from queued to completed", async () => {
      const dispatched = await gh.rest.actions.createWorkflowDispatch({
        ...widget,
        workflow_id: "create_release.yml",
        ref: "v1.20.0rc1",
        inputs: { tag: "v1.20.0rc1" },
        return_run_details: true,
      });
      expect(dispatched.status).toBe(200);
      const details = dispatched.data as { workflow_run_id: number; run_url: string; html_url: string };
      expect(details.run_url).toBe(`${sandbox.apiUrl}/repos/acme/widget/actions/runs/${details.workflow_run_id}`);
      const run = () => reader.rest.actions.getWorkflowRun({ ...widget, run_id: details.workflow_run_id });

      const queued = await run();
      expect(queued.data).toMatchObject({
        status: "queued",
        conclusion: null,
        event: "workflow_dispatch",
        head_branch: "v1.20.0rc1",
        head_sha: head,
        path: ".github/workflows/create_release.yml",
        run_number: 1,
      });
      expect(queued.data.actor?.login).toBe("release-bot");
      advance(1000);
      expect((await run()).data).toMatchObject({ status: "in_progress", conclusion: null });
      advance(4000);
      expect((await run()).data).toMatchObject({ status: "completed", conclusion: "success" });
    });

    it("answers 204 without return_run_details, accepts the numeric workflow id, and lists runs with filters", async () => {
      const workflows = sandbox.state.data.workflows;
      const broken = workflows.find((w) => w.file === "broken.yml")!;
      const dispatched = await gh.rest.actions.createWorkflowDispatch({
        ...widget,
        workflow_id: broken.id,
        ref: "main",
      });
      expect(dispatched.status).toBe(204);
      advance(1000);
      const runs = await reader.rest.actions.listWorkflowRuns({ ...widget, workflow_id: "broken.yml" });
      expect(runs.data.total_count).toBe(1);
      expect(runs.data.workflow_runs[0]).toMatchObject({
        status: "completed",
        conclusion: "failure",
        head_branch: "main",
      });

      const release = { ...widget, workflow_id: "create_release.yml" };
      await gh.rest.actions.createWorkflowDispatch({ ...release, ref: "rel-1.20.0" });
      const byBranch = await reader.rest.actions.listWorkflowRuns({ ...release, branch: "rel-1.20.0" });
      expect(byBranch.data.workflow_runs.map((r) => [r.head_branch, r.status, r.run_number])).toEqual([
        ["rel-1.20.0", "queued", 2],
      ]);
      const done = await reader.rest.actions.listWorkflowRuns({ ...release, status: "success" });
      expect(done.data.workflow_runs.map((r) => r.head_branch)).toEqual(["v1.20.0rc1"]);
      const all = await reader.rest.actions.listWorkflowRuns({
        ...release,
        event: "workflow_dispatch",
        head_sha: head,
      });
      expect(all.data.total_count).toBe(2);
      expect(all.data.workflow_runs.map((r) => r.run_number)).toEqual([2, 1]);
      const none = await reader.rest.actions.listWorkflowRuns({ ...release, event: "push" });
      expect(none.data).toEqual({ total_count: 0, workflow_runs: [] });
    });

    it("keeps a run of a never-ending workflow in progress however long one waits", async () => {
      const dispatched = await gh.rest.actions.createWorkflowDispatch({
        ...widget,
        workflow_id: "stuck.yml",
        ref: "main",
        return_run_details: true,
      });
      const runId = (dispatched.data as { workflow_run_id: number }).workflow_run_id;
      advance(24 * 3600 * 1000);
      const run = await reader.rest.actions.getWorkflowRun({ ...widget, run_id: runId });
      expect(run.data).toMatchObject({ status: "in_progress", conclusion: null });
    });

    it("refuses an unknown workflow (404), an unknown ref (422) and a read-only token (403), recording no run", async () => {
      const before = sandbox.state.data.workflowRuns.length;
      await expect(
        gh.rest.actions.createWorkflowDispatch({ ...widget, workflow_id: "nope.yml", ref: "main" }),
      ).rejects.toMatchObject({ status: 404 });
      await expect(
        gh.rest.actions.createWorkflowDispatch({ ...widget, workflow_id: "create_release.yml", ref: "v9.9.9" }),
      ).rejects.toMatchObject({ status: 422, response: { data: { message: "No ref found for: v9.9.9" } } });
      await expect(
        reader.rest.actions.createWorkflowDispatch({ ...widget, workflow_id: "create_release.yml", ref: "main" }),
      ).rejects.toMatchObject({ status: 403 });
      await expect(reader.rest.actions.getWorkflowRun({ ...widget, run_id: 987654 })).rejects.toMatchObject({
        status: 404,
      });
      await expect(reader.rest.actions.listWorkflowRuns({ ...widget, workflow_id: "nope.yml" })).rejects.toMatchObject({
        status: 404,
      });
      expect(sandbox.state.data.workflowRuns.length).toBe(before);
    });

    it("cancels a run in progress (202, then completed/cancelled); 409 once completed, 404 unknown, 403 read-only", async () => {
      const dispatched = await gh.rest.actions.createWorkflowDispatch({
        ...widget,
        workflow_id: "stuck.yml",
        ref: "main",
        return_run_details: true,
      });
      const runId = (dispatched.data as { workflow_run_id: number }).workflow_run_id;
      advance(60_000);
      const writes = sandbox.appliedWrites().length;

      await expect(reader.rest.actions.cancelWorkflowRun({ ...widget, run_id: runId })).rejects.toMatchObject({
        status: 403,
      });
      await expect(gh.rest.actions.cancelWorkflowRun({ ...widget, run_id: 987654 })).rejects.toMatchObject({
        status: 404,
      });
      expect((await reader.rest.actions.getWorkflowRun({ ...widget, run_id: runId })).data).toMatchObject({
        status: "in_progress",
        conclusion: null,
      });
      expect(sandbox.appliedWrites(0).length).toBe(writes);

      const cancelledAt = new Date(clock).toISOString().replace(/\.\d{3}Z$/, "Z");
      const cancelled = await gh.rest.actions.cancelWorkflowRun({ ...widget, run_id: runId });
      expect([cancelled.status, cancelled.data]).toEqual([202, {}]);
      expect(
        sandbox
          .appliedWrites()
          .slice(writes)
          .map((w) => w.route),
      ).toEqual(["POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel"]);
      advance(24 * 3600 * 1000);
      expect((await reader.rest.actions.getWorkflowRun({ ...widget, run_id: runId })).data).toMatchObject({
        status: "completed",
        conclusion: "cancelled",
        updated_at: cancelledAt,
      });

      await expect(gh.rest.actions.cancelWorkflowRun({ ...widget, run_id: runId })).rejects.toMatchObject({
        status: 409,
        response: { data: { message: "Cannot cancel a workflow run that is completed." } },
      });
      const done = sandbox.state.data.workflowRuns.find((r) => r.conclusion === "success")!;
      await expect(gh.rest.actions.cancelWorkflowRun({ ...widget, run_id: done.id })).rejects.toMatchObject({
        status: 409,
      });
      expect(sandbox.appliedWrites().length).toBe(writes + 1);
    });
  });
});

describe("sandbox workflow runs on the real clock", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(
      normalizeSeed(
        {
          tokens: [{ token: "t-release", login: "release-bot", write: ["acme/widget"] }],
          repos: [{ name: "acme/widget", workflows: { "publish.yml": { conclusion: "success", duration_ms: 50 } } }],
        },
        process.cwd(),
      ),
    );
  });
  afterAll(async () => {
    const violations = [...(sandbox?.violations ?? [])];
    await sandbox?.stop();
    expect(violations).toEqual([]);
  });

  it("completes a short run within the sandbox clock's one-second resolution", async () => {
    const gh = new Octokit({ baseUrl: sandbox.apiUrl, auth: "t-release", retry: { enabled: false } });
    const dispatched = await gh.rest.actions.createWorkflowDispatch({
      ...widget,
      workflow_id: "publish.yml",
      ref: "main",
      return_run_details: true,
    });
    const runId = (dispatched.data as { workflow_run_id: number }).workflow_run_id;
    const deadline = Date.now() + 5000;
    let status: string | null = null;
    while (Date.now() < deadline) {
      status = (await gh.rest.actions.getWorkflowRun({ ...widget, run_id: runId })).data.status;
      if (status === "completed") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe("completed");
  });
});
