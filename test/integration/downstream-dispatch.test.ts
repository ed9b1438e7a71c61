/**
 * Dispatch mode against the sandbox: each side is one workflow_dispatch whose run's conclusion becomes the side's
 * result; a run that never finishes is a timeout (a failure, never a pass); a server without run details is
 * handled by listing runs. The compared versions default to the project's tags.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { runShard, type ShardRunOptions } from "../../src/flows/downstream/run-shard.js";
import { pickComparedVersions, resolveComparedVersions } from "../../src/flows/downstream/versions-from-tags.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { startWidgetWorld } from "../helpers/widget-project.js";
import { loadDownstreamSettings } from "../helpers/downstream-settings.js";

const PROJECT_TAGS = ["v1.18.0", "v1.19.0", "v1.19.1rc1", "v1.19.1", "v1.20.0rc1", "v1.20.0rc2", "nightly"];

function seed() {
  const workflow = (conclusion: "success" | "failure" | "never", ms = 90_000) => ({
    "integration.yml": { conclusion, duration_ms: ms },
  });
  return normalizeSeed(
    {
      tokens: [
        { token: "t-release", login: "release-bot", write: ["acme/*", "partners/*"] },
        { token: "t-reader", login: "reader", write: [] },
      ],
      repos: [
        { name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n" }, tags: PROJECT_TAGS },
        { name: "partners/green", files: { "README.md": "green\n" }, workflows: workflow("success") },
        { name: "partners/red", files: { "README.md": "red\n" }, workflows: workflow("failure") },
        { name: "partners/stuck", files: { "README.md": "stuck\n" }, workflows: workflow("never") },
        { name: "partners/quick", files: { "README.md": "quick\n" }, workflows: workflow("success", 300) },
        { name: "partners/instant", files: { "README.md": "instant\n" }, workflows: workflow("success", 0) },
      ],
    },
    process.cwd(),
  );
}

const entry = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  repo: `partners/${name}`,
  mode: "dispatch",
  workflow: "integration.yml",
  inputs: { "onnx-version": "{version}", "onnx-ref": "{tag}" },
  ...extra,
});

describe("downstream dispatch mode", () => {
  let sandbox: Sandbox;
  let clock = Date.parse("2026-03-02T10:00:00Z");
  const sleeps: number[] = [];
  // The flow's sleep moves the sandbox clock: a 90-second run takes no real time.
  const fakeTiming = {
    pollMs: 30_000,
    now: () => clock,
    sleep: (ms: number) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  };
  let gh: GitHubClient;

  beforeAll(async () => {
    sandbox = await startSandbox(seed(), { now: () => new Date(clock) });
    gh = createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: "t-release",
      logger: new RecordingLogger(),
      writeIntervalMs: 0,
      retryBaseMs: 5,
    });
  });
  afterAll(async () => {
    const violations = [...(sandbox?.violations ?? [])];
    await sandbox?.stop();
    expect(violations).toEqual([]);
  });

  async function shard(entries: unknown[], check: Record<string, unknown>, extra: Partial<ShardRunOptions> = {}) {
    const outDir = await mkdtemp(path.join(os.tmpdir(), "rk-dispatch-"));
    const settings = await loadDownstreamSettings(entries, { retries: 1, concurrency: 1, ...check });
    const results = await runShard(settings, {
      shard: { index: 1, of: 1 },
      outDir,
      baseline: { version: "1.19.0", tag: "v1.19.0" },
      candidate: { version: "1.20.0rc2", tag: "v1.20.0rc2" },
      env: {},
      logger: new RecordingLogger(),
      github: gh,
      dispatchTiming: fakeTiming,
      ...extra,
    });
    return { results, outDir };
  }

  it("dispatches one run per side with the side's version and tag, and a green run passes", async () => {
    const before = sandbox.state.data.workflowRuns.length;
    const { results, outDir } = await shard([entry("green")], {});
    const job = results.downstreams[0];
    expect(job?.category).toBe("same-test-pass");
    expect(job?.runs.map((r) => [r.side, r.result])).toEqual([
      ["baseline", "test-pass"],
      ["candidate", "test-pass"],
    ]);
    const runs = sandbox.state.data.workflowRuns.slice(before);
    expect(runs.map((r) => [r.repo, r.ref, r.inputs])).toEqual([
      ["partners/green", "main", { "onnx-version": "1.19.0", "onnx-ref": "v1.19.0" }],
      ["partners/green", "main", { "onnx-version": "1.20.0rc2", "onnx-ref": "v1.20.0rc2" }],
    ]);
    // Polls are never closer than the configured interval, and back off from there.
    expect(Math.min(...sleeps)).toBeGreaterThanOrEqual(30_000);
    const log = await readFile(path.join(outDir, job?.runs[1]?.log ?? "missing"), "utf8");
    expect(log).toMatch(/actions\/runs\/\d+/);
    expect(log).toMatch(/test-pass: workflow run succeeded/);
  });

  it("says what it waits for, for how long and its limit, while a dispatched run goes on", async () => {
    const logger = new RecordingLogger();
    // Each poll's sleep also lets a real moment pass, so the (1 ms) heartbeat fires while the run goes on.
    const timing = {
      ...fakeTiming,
      sleep: async (ms: number) => {
        clock += ms;
        await new Promise((r) => setTimeout(r, 5));
      },
    };
    const { results } = await shard(
      [entry("green")],
      { "timeout-minutes": 5 },
      {
        logger,
        heartbeatMs: 1,
        dispatchTiming: timing,
      },
    );
    expect(results.downstreams[0]?.category).toBe("same-test-pass");
    const beats = logger.lines.map((l) => l.message).filter((m) => m.startsWith("waiting for green "));
    expect(beats).toContainEqual(
      expect.stringMatching(
        /^waiting for green baseline 1\.19\.0 #1: integration\.yml in partners\/green \(run \d+ (?:queued|in_progress)\): (?:\d+ s|\d+ min(?: \d+ s)?) of 5 min \(limit: downstream-check\.timeout-minutes\)$/,
      ),
    );
    expect(beats.some((m) => m.startsWith("waiting for green candidate 1.20.0rc2 #1: "))).toBe(true);
  });

  it("maps a failed run to test-fail on both sides: the same failure, not a regression", async () => {
    const { results } = await shard([entry("red")], {});
    expect(results.downstreams[0]?.category).toBe("same-test-fail");
    expect(results.downstreams[0]?.runs.map((r) => r.result)).toEqual(["test-fail", "test-fail"]);
  });

  it("calls a run that never finishes a timeout error, never a pass, and stops polling at the limit", async () => {
    sleeps.length = 0;
    const started = clock;
    const { results } = await shard([entry("stuck")], { "timeout-minutes": 5 });
    const job = results.downstreams[0];
    expect(job?.category).toBe("error");
    expect(job?.runs.map((r) => [r.result, r.reason])).toEqual([
      ["error", "timeout"],
      ["error", "timeout"],
    ]);
    expect(job?.runs.every((r) => r.result !== "test-pass")).toBe(true);
    expect(job?.runs[0]?.detail).toMatch(/did not finish within 5 min/);
    // Two sides, each waited five minutes on the sandbox clock, with polls at least 30 s apart.
    expect(clock - started).toBeGreaterThanOrEqual(2 * 5 * 60_000);
    expect(clock - started).toBeLessThan(2 * 6 * 60_000);
    expect(sleeps.filter((ms) => ms < 30_000).length).toBeLessThanOrEqual(2);
  });

  it("finds the run by listing when the server answers the dispatch without run details", async () => {
    // A client that strips return_run_details, as an older server ignores it: the sandbox then answers 204.
    const old = createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: "t-release",
      logger: new RecordingLogger(),
      writeIntervalMs: 0,
      retryBaseMs: 5,
    });
    old.hook.before("request", (options) => {
      delete (options as Record<string, unknown>).return_run_details;
    });
    const { results, outDir } = await shard([entry("green")], {}, { github: old });
    expect(results.downstreams[0]?.category).toBe("same-test-pass");
    const log = await readFile(path.join(outDir, results.downstreams[0]?.runs[0]?.log ?? "missing"), "utf8");
    expect(log).toMatch(/took the oldest new run \d+/);
    // Each side claimed its own run.
    const ids = [...log.matchAll(/\] run (\d+)/g)].map((m) => m[1]);
    expect(ids).toHaveLength(1);
  });

  it("waits on the real clock with a short test-only poll interval", async () => {
    const real = await startSandbox(seed());
    try {
      const client = createGitHubClient({
        baseUrl: real.apiUrl,
        token: "t-release",
        logger: new RecordingLogger(),
        writeIntervalMs: 0,
        retryBaseMs: 5,
      });
      const started = Date.now();
      const { results } = await shard([entry("quick")], {}, { github: client, dispatchTiming: { pollMs: 200 } });
      expect(results.downstreams[0]?.runs.map((r) => r.result)).toEqual(["test-pass", "test-pass"]);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(real.violations).toEqual([]);
    } finally {
      await real.stop();
    }
  });

  it("reports a workflow that does not exist as broken, and a missing token before any request", async () => {
    const { results } = await shard([entry("green", { workflow: "nope.yml" })], {});
    expect(results.downstreams[0]?.category).toBe("broken");
    expect(results.downstreams[0]?.runs[0]?.detail).toMatch(/not found/);
    const requests = sandbox.requests.length;
    await expect(shard([entry("green")], {}, { github: undefined })).rejects.toThrow(
      /green use mode: dispatch, which needs GitHub: set GITHUB_TOKEN/,
    );
    expect(sandbox.requests.length).toBe(requests);
  });
});

describe("compared versions from the project's tags", () => {
  const source = { tagPattern: "v{version}", scheme: "pep440" as const };

  it("takes the newest candidate and the last final release before it", () => {
    expect(pickComparedVersions(PROJECT_TAGS, source, {})).toEqual({
      baseline: { version: "1.19.1", tag: "v1.19.1" },
      candidate: { version: "1.20.0rc2", tag: "v1.20.0rc2" },
    });
  });

  it("lets flags override either side, and compares with the final before a flagged candidate", () => {
    expect(pickComparedVersions(PROJECT_TAGS, source, { candidate: "1.19.1rc1" }).baseline.version).toBe("1.19.0");
    expect(pickComparedVersions(PROJECT_TAGS, source, { baseline: "1.18.0" })).toEqual({
      baseline: { version: "1.18.0", tag: "v1.18.0" },
      candidate: { version: "1.20.0rc2", tag: "v1.20.0rc2" },
    });
  });

  it("refuses when no candidate newer than the last final is tagged, saying what to do", () => {
    expect(() => pickComparedVersions(["v1.19.0rc1", "v1.19.0"], source, {})).toThrow(
      /no release candidate newer than the last final release.*release-kit rc.*--candidate V/,
    );
    expect(() => pickComparedVersions(["v1.20.0rc1"], source, {})).toThrow(/no final release older than 1.20.0rc1/);
  });

  it("reads semver tags with another pattern", () => {
    const tags = ["release-2.0.0", "release-2.1.0-rc.1", "release-2.1.0-rc.2", "v9.9.9"];
    expect(pickComparedVersions(tags, { tagPattern: "release-{version}", scheme: "semver" }, {})).toEqual({
      baseline: { version: "2.0.0", tag: "release-2.0.0" },
      candidate: { version: "2.1.0-rc.2", tag: "release-2.1.0-rc.2" },
    });
  });

  it("runs `downstream run` without version flags: the versions come from the tags on GitHub", async () => {
    // A fast sandbox clock (one real millisecond is a sandbox second), so the dispatched runs complete at once.
    const start = Date.now();
    const base = Date.parse("2026-03-02T10:00:00Z");
    const world = await startWidgetWorld({
      seed: seed(),
      now: () => new Date(base + (Date.now() - start) * 1000),
      config: [
        "project:",
        "  repo: acme/widget",
        "  version-files: [VERSION_NUMBER]",
        "downstream:",
        "  - name: instant",
        "    repo: partners/instant",
        "    mode: dispatch",
        "    workflow: integration.yml",
        "    inputs: { onnx-version: '{version}' }",
        "",
      ].join("\n"),
    });
    try {
      const tags = await resolveComparedVersions(
        world.client(),
        { repo: "acme/widget", tagPattern: "v{version}", scheme: "pep440" },
        {},
      );
      expect(tags.candidate.version).toBe("1.20.0rc2");
      const run = await world.cli(["downstream", "run", "--shard", "1/1", "--out", "out"]);
      expect(run.stderr).toMatch(/comparing 1.20.0rc2 \(v1.20.0rc2\) with 1.19.1 \(v1.19.1\)/);
      expect(run.code).toBe(0);
      const written = JSON.parse(await readFile(path.join(world.dir, "out/results-shard-1.json"), "utf8")) as {
        baseline: string;
        candidate: string;
        downstreams: { category: string }[];
      };
      expect([written.baseline, written.candidate, written.downstreams[0]?.category]).toEqual([
        "1.19.1",
        "1.20.0rc2",
        "same-test-pass",
      ]);
      expect(world.sandbox.state.data.workflowRuns.map((r) => r.inputs["onnx-version"])).toEqual([
        "1.19.1",
        "1.20.0rc2",
      ]);
      expect(world.sandbox.violations).toEqual([]);
    } finally {
      await world.sandbox.stop();
    }
  });
});
