/**
 * What the GitHub client retries: an outage (5xx) is tried again, a conflict (409) is not, since it never clears by
 * waiting and the flows that expect one (a fork that cannot fast-forward, a run that already completed) act on it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const widget = { owner: "acme", repo: "widget" };

describe("the GitHub client's retries", () => {
  let sandbox: Sandbox;
  let gh: GitHubClient;

  beforeAll(async () => {
    sandbox = await startSandbox(
      normalizeSeed(
        {
          tokens: [{ token: "t-release", login: "release-bot", write: ["acme/widget"] }],
          repos: [
            {
              name: "acme/widget",
              files: { VERSION_NUMBER: "1.20.0\n" },
              workflows: { "ok.yml": { conclusion: "success", duration_ms: 0 } },
            },
          ],
        },
        process.cwd(),
      ),
    );
    gh = createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: "t-release",
      logger: new RecordingLogger(),
      writeIntervalMs: 0,
      retryBaseMs: 1,
    });
  });
  afterAll(() => sandbox.stop());

  // By path: a request answered by an injected fault is logged before it is matched to a route.
  const requestsTo = (method: string, path: string, from: number) =>
    sandbox.requests.slice(from).filter((r) => r.method === method && r.path === path).length;

  it("sends a request that GitHub answers 409 once, not four times", async () => {
    const dispatched = await gh.rest.actions.createWorkflowDispatch({
      ...widget,
      workflow_id: "ok.yml",
      ref: "main",
      return_run_details: true,
    });
    const runId = (dispatched.data as { workflow_run_id: number }).workflow_run_id;
    const mark = sandbox.requests.length;
    // The run took no time: it is completed, so GitHub refuses to cancel it with a 409.
    await expect(gh.rest.actions.cancelWorkflowRun({ ...widget, run_id: runId })).rejects.toMatchObject({
      status: 409,
    });
    expect(requestsTo("POST", `/repos/acme/widget/actions/runs/${runId}/cancel`, mark)).toBe(1);
  });

  it("tries a request that meets a 5xx three more times before giving up", async () => {
    const mark = sandbox.requests.length;
    sandbox.faults.set({ rate: 1, seed: 1, kinds: ["502"] });
    try {
      await expect(gh.rest.repos.get(widget)).rejects.toThrow();
    } finally {
      sandbox.faults.set({});
    }
    expect(requestsTo("GET", "/repos/acme/widget", mark)).toBe(4);
  });
});
