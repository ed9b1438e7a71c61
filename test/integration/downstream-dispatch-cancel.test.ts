/**
 * Dispatch mode cancels what it gave up on: a partner run still going at downstream-check.timeout-minutes is
 * cancelled so it does not hold the partner's runners for hours. The cancel is best effort: a run that ended
 * meanwhile (409), a token that may not cancel (403) or an outage leave the side a timeout, with a warning.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { runShard } from "../../src/flows/downstream/run-shard.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { loadDownstreamSettings } from "../helpers/downstream-settings.js";

const CANCEL = "POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel";
const TIMEOUT_MINUTES = 5;

function seed() {
  return normalizeSeed(
    {
      tokens: [
        { token: "t-release", login: "release-bot", write: ["acme/*", "partners/*"] },
        { token: "t-reader", login: "reader", write: [] },
      ],
      repos: [
        { name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n" }, tags: ["v1.19.0", "v1.20.0rc1"] },
        {
          name: "partners/stuck",
          files: { "README.md": "stuck\n" },
          workflows: { "integration.yml": { conclusion: "never" } },
        },
        {
          // Ends 10 s after the time limit: still running at the last look, completed by the time of the cancel.
          name: "partners/late",
          files: { "README.md": "late\n" },
          workflows: { "integration.yml": { conclusion: "success", duration_ms: TIMEOUT_MINUTES * 60_000 + 10_000 } },
        },
      ],
    },
    process.cwd(),
  );
}

const entry = (name: string) => ({
  name,
  repo: `partners/${name}`,
  mode: "dispatch",
  workflow: "integration.yml",
  inputs: { "onnx-version": "{version}" },
});

describe("downstream dispatch mode cancels a run that outlives the time limit", () => {
  let sandbox: Sandbox;
  let clock = Date.parse("2026-03-02T10:00:00Z");
  // The flow's sleep moves the sandbox clock: a five-minute wait takes no real time.
  const fakeTiming = {
    pollMs: 30_000,
    now: () => clock,
    sleep: (ms: number) => {
      clock += ms;
      return Promise.resolve();
    },
  };

  /** A client of the release token; `beforeCancel` runs just before each cancel request leaves. */
  function client(
    beforeCancel?: (options: { baseUrl: string; request?: { fetch?: typeof fetch } }) => void,
  ): GitHubClient {
    const gh = createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: "t-release",
      logger: new RecordingLogger(),
      writeIntervalMs: 0,
      retryBaseMs: 5,
    });
    if (beforeCancel) {
      gh.hook.before("request", (options) => {
        if (options.method === "POST" && String(options.url).endsWith("/cancel")) beforeCancel(options);
      });
    }
    return gh;
  }

  async function shard(name: string, github: GitHubClient) {
    const outDir = await mkdtemp(path.join(os.tmpdir(), "rk-dispatch-cancel-"));
    const settings = await loadDownstreamSettings([entry(name)], {
      retries: 1,
      concurrency: 1,
      "timeout-minutes": TIMEOUT_MINUTES,
    });
    const logger = new RecordingLogger();
    const since = sandbox.requests.length;
    const firstRun = sandbox.state.data.workflowRuns.length;
    const results = await runShard(settings, {
      shard: { index: 1, of: 1 },
      outDir,
      baseline: { version: "1.19.0", tag: "v1.19.0" },
      candidate: { version: "1.20.0rc1", tag: "v1.20.0rc1" },
      env: {},
      logger,
      github,
      dispatchTiming: fakeTiming,
    });
    const runs = results.downstreams[0]?.runs ?? [];
    const dispatched = sandbox.state.data.workflowRuns.slice(firstRun);
    const cancels = sandbox.requests.slice(since).filter((r) => r.route === CANCEL);
    return { runs, dispatched, cancels, logger };
  }

  let closedPort = 0;

  beforeAll(async () => {
    sandbox = await startSandbox(seed(), { now: () => new Date(clock) });
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(async () => {
    const violations = [...(sandbox?.violations ?? [])];
    await sandbox?.stop();
    expect(violations).toEqual([]);
  });

  it("cancels a run that never finishes, once per run, and keeps the side a timeout saying so", async () => {
    const { runs, dispatched, cancels, logger } = await shard("stuck", client());
    expect(runs.map((r) => [r.side, r.result, r.reason])).toEqual([
      ["baseline", "error", "timeout"],
      ["candidate", "error", "timeout"],
    ]);
    for (const run of runs) {
      expect(run.detail).toMatch(
        /^run did not finish within 5 min \(downstream-check\.timeout-minutes\); cancelled it: http:\S+\/partners\/stuck\/actions\/runs\/\d+$/,
      );
    }
    // The runs are over on the partner's side: completed, cancelled.
    const gh = client();
    for (const run of dispatched) {
      const { data } = await gh.rest.actions.getWorkflowRun({ owner: "partners", repo: "stuck", run_id: run.id });
      expect([data.status, data.conclusion]).toEqual(["completed", "cancelled"]);
    }
    // Exactly one cancel per run, each applied.
    expect(dispatched).toHaveLength(2);
    expect(cancels.map((c) => [c.path, c.status, c.applied])).toEqual(
      dispatched.map((r) => [`/repos/partners/stuck/actions/runs/${r.id}/cancel`, 202, true]),
    );
    expect(logger.lines.filter((l) => l.level === "warning")).toEqual([]);
  });

  it("keeps the timeout and warns when the run completed between the last look and the cancel (409)", async () => {
    // Time passes between the last poll at the limit and the cancel: the late run completes in between.
    const late = client(() => {
      clock += 30_000;
    });
    const { runs, dispatched, cancels, logger } = await shard("late", late);
    expect(runs.map((r) => [r.result, r.reason])).toEqual([
      ["error", "timeout"],
      ["error", "timeout"],
    ]);
    expect(runs[0]?.detail).toMatch(
      /; could not cancel it: it had completed meanwhile \(409\): http:\S+\/partners\/late\/actions\/runs\/\d+$/,
    );
    expect(cancels.map((c) => c.status)).toEqual([409, 409]);
    expect(dispatched.map((r) => r.conclusion)).toEqual(["success", "success"]);
    const warnings = logger.lines.filter((l) => l.level === "warning").map((l) => l.message);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^late \(baseline\): could not cancel run \d+ after the timeout, it may still be running: it had completed meanwhile \(409\): http:\S+\/actions\/runs\/\d+$/,
    );
  });

  it("keeps the timeout and warns when the token may not cancel the run (403)", async () => {
    // The sandbox grants writes per repository, so the cancel alone is sent with a token that may not write
    // (swapped at the fetch, below the client's own authentication).
    const readOnlyCancel = client((options) => {
      options.request = {
        ...options.request,
        fetch: (url, init) => {
          const headers = new Headers(init?.headers);
          headers.set("authorization", "token t-reader");
          return fetch(url, { ...init, headers });
        },
      };
    });
    const { runs, dispatched, cancels, logger } = await shard("stuck", readOnlyCancel);
    expect(runs.map((r) => [r.result, r.reason])).toEqual([
      ["error", "timeout"],
      ["error", "timeout"],
    ]);
    expect(runs[1]?.detail).toMatch(
      /; could not cancel it: the token may not \(it needs actions: write on partners\/stuck\) \(403\)/,
    );
    expect(cancels.map((c) => [c.status, c.applied])).toEqual([
      [403, false],
      [403, false],
    ]);
    expect(dispatched.map((r) => r.conclusion)).toEqual([null, null]);
    const warnings = logger.lines.filter((l) => l.level === "warning").map((l) => l.message);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(
      /^stuck \(candidate\): could not cancel run \d+ .*\(403\): http:\S+\/actions\/runs\/\d+$/,
    );
  });

  it("keeps the timeout and warns when GitHub cannot be reached at the time of the cancel", async () => {
    // Only the cancel goes to a port nobody listens on: the wait itself saw GitHub up.
    let tries = 0;
    const outage = client((options) => {
      tries += 1;
      options.baseUrl = `http://127.0.0.1:${closedPort}`;
    });
    const { runs, dispatched, logger } = await shard("stuck", outage);
    expect(runs.map((r) => [r.result, r.reason])).toEqual([
      ["error", "timeout"],
      ["error", "timeout"],
    ]);
    expect(runs[0]?.detail).toMatch(/; could not cancel it: /);
    // An outage, unlike a refusal, is worth a few tries (three per run).
    expect(tries).toBe(6);
    expect(dispatched.map((r) => r.conclusion)).toEqual([null, null]);
    expect(logger.lines.filter((l) => l.level === "warning").map((l) => l.message)).toEqual([
      expect.stringMatching(/^stuck \(baseline\): could not cancel run \d+ after the timeout/),
      expect.stringMatching(/^stuck \(candidate\): could not cancel run \d+ after the timeout/),
    ]);
  });
});
