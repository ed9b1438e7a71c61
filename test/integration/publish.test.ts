/**
 * The publish hand-off against the sandbox and the local package index, and `release-kit publish`: dispatch on the
 * tag, wait with backoff, find the files; failed runs, crashes after the dispatch and injected faults dispatch once.
 */
import { writeFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { OperationFailedError } from "../../src/core/errors.js";
import { RecordingLogger } from "../../src/core/logger.js";
import type { WaitClock } from "../../src/flows/wait-clock.js";
import { publishRelease } from "../../src/flows/publish/publish-release.js";
import { publishSettingsFrom } from "../../src/flows/publish/settings.js";
import { addPackageFile } from "../../src/sandbox/apply-seed.js";
import { runPhase } from "../../src/sandbox/representations-checks.js";
import { startWidgetWorld, widgetConfig, widgetSeed, type WidgetWorld } from "../helpers/widget-project.js";

const PUBLISH = `publish:
  workflow: create_release.yml
  ref: "{tag}"
  inputs: { tag: "{tag}", channel: pypi }
  rc-inputs: { tag: "{tag}", channel: testpypi, branch: "{branch}", version: "{version}" }
  timeout-minutes: 30
pypi:
  package: widget
`;

type Conclusion = "success" | "failure" | "never";

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

/**
 * A widget world whose sandbox clock the test owns: `clock.sleep` advances it, so a 30-minute wait takes
 * milliseconds; `afterSleep` plays the publishing workflow (uploading files once its run succeeded).
 */
async function publishWorld(conclusion: Conclusion = "success", extraConfig = "") {
  let now = Date.parse("2026-11-01T12:00:00Z");
  const seed = widgetSeed();
  const withWorkflow = {
    ...seed,
    repos: seed.repos.map((r) => ({
      ...r,
      workflows: { "create_release.yml": { conclusion, durationMs: conclusion === "never" ? undefined : 200 } },
    })),
  };
  const w = await startWidgetWorld({
    seed: withWorkflow,
    now: () => new Date(now),
    config: widgetConfig + PUBLISH + extraConfig,
  });
  world = w;
  const sleeps: number[] = [];
  // The sandbox's request count at each sleep: sleeps with no request between them are one wait between two polls,
  // cut into pieces by the 30 s heartbeat.
  const sleptAt: number[] = [];
  const hooks: (() => void)[] = [];
  const clock: WaitClock = {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      sleptAt.push(w.sandbox.requests.length);
      now += ms;
      for (const hook of hooks) hook();
      return Promise.resolve();
    },
  };
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-publish-"));
  /** Puts the version's sdist and wheel on the index, as the workflow's upload step would. */
  const upload = (version: string) => {
    for (const filename of [`widget-${version}.tar.gz`, `widget-${version}-py3-none-any.whl`]) {
      const storedAt = path.join(dir, filename);
      const bytes = Buffer.from(`${filename} contents`);
      writeFileSync(storedAt, bytes);
      addPackageFile(w.sandbox.state, {
        name: "widget",
        version,
        filename,
        storedAt,
        bytes,
        requiresPython: ">=3.11",
        uploadTime: new Date(now).toISOString(),
      });
    }
  };
  /** Uploads once a run succeeded, after `lagPolls` more sleeps (index lag). */
  const uploadAfterRun = (version: string, lagPolls = 0) => {
    let lag = lagPolls;
    let done = false;
    hooks.push(() => {
      const succeeded = w.sandbox.state.data.workflowRuns.some((r) => runPhase(r, now).conclusion === "success");
      if (!succeeded || done) return;
      if (lag-- > 0) return;
      done = true;
      upload(version);
    });
  };
  const settings = async (tag: string) => {
    const config = await loadConfig(w.configPath);
    return publishSettingsFrom(config, { tag, pollDelays: { startMs: 5_000, maxMs: 60_000 } }, w.sandbox.env());
  };
  const runs = () => w.sandbox.state.data.workflowRuns;
  const dispatches = (since = 0) =>
    w.sandbox.requests.slice(since).filter((q) => q.method === "POST" && q.route.endsWith("/dispatches"));
  expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
  /** The delays between polls: the sleeps, with the heartbeat's pieces of one delay added up. */
  const waits = () => {
    const out: number[] = [];
    sleeps.forEach((ms, i) => {
      if (i > 0 && sleptAt[i] === sleptAt[i - 1]) out[out.length - 1] = (out.at(-1) ?? 0) + ms;
      else out.push(ms);
    });
    return out;
  };
  return { w, clock, sleeps, waits, upload, uploadAfterRun, settings, runs, dispatches };
}

describe("publish hand-off against the sandbox", () => {
  it("does not dispatch when the version is already on the index", async () => {
    const t = await publishWorld();
    t.upload("1.20.0rc1");
    const mark = t.w.sandbox.requests.length;
    const result = await publishRelease(t.w.client(), await t.settings("v1.20.0rc1"), new RecordingLogger(), {
      dryRun: false,
      clock: t.clock,
    });
    expect(result.plan.action).toBe("already-published");
    expect(result.outcome?.files.map((f) => f.filename).sort()).toEqual([
      "widget-1.20.0rc1-py3-none-any.whl",
      "widget-1.20.0rc1.tar.gz",
    ]);
    expect(t.dispatches(mark)).toEqual([]);
    expect(t.w.sandbox.appliedWrites(mark)).toEqual([]);
    expect(t.runs()).toEqual([]);
  });

  it("dispatches the workflow on the tag with the candidate's inputs, waits with backoff, then finds the files", async () => {
    const t = await publishWorld();
    t.uploadAfterRun("1.20.0rc1", 2);
    const logger = new RecordingLogger();
    const result = await publishRelease(t.w.client(), await t.settings("v1.20.0rc1"), logger, {
      dryRun: false,
      clock: t.clock,
    });
    expect(t.runs()).toHaveLength(1);
    expect(t.runs()[0]).toMatchObject({
      ref: "v1.20.0rc1",
      event: "workflow_dispatch",
      inputs: { tag: "v1.20.0rc1", channel: "testpypi", branch: "rel-1.20.0", version: "1.20.0rc1" },
    });
    expect(result.outcome?.runId).toBe(t.runs()[0]!.id);
    expect(result.outcome?.runUrl).toMatch(/\/acme\/widget\/actions\/runs\/\d+$/);
    expect(result.outcome?.steps.map((s) => [s.id, s.outcome])).toEqual([
      ["dispatch", "done"],
      ["wait", "done"],
      ["index", "done"],
    ]);
    expect(result.outcome?.files).toHaveLength(2);
    // Run wait: one 5 s sleep (the run completes); then the index lags two polls: 5 s, 10 s.
    expect(t.waits()).toEqual([5_000, 5_000, 10_000]);
    expect(t.w.sandbox.violations).toEqual([]);
  });

  it("grows the poll interval from 5 s to at most 60 s and fails on the timeout, naming the run", async () => {
    const t = await publishWorld("never");
    const logger = new RecordingLogger();
    const error = await publishRelease(t.w.client(), await t.settings("v1.20.0rc1"), logger, {
      dryRun: false,
      clock: t.clock,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationFailedError);
    // One heartbeat per 30 s of the 30-minute wait, each naming the run, the elapsed time and the limit's setting.
    const beats = logger.lines.filter((l) => l.message.startsWith("waiting for create_release.yml run"));
    expect(beats).toHaveLength(60);
    expect(beats[1]?.message).toMatch(
      /^waiting for create_release\.yml run \d+ \(\S+\) \(\w+\): 30 s of 30 min \(limit: publish\.timeout-minutes, --timeout-minutes\)$/,
    );
    const runId = t.runs()[0]!.id;
    expect((error as Error).message).toMatch(
      new RegExp(`run ${runId} did not finish within publish\\.timeout-minutes \\(30 min.*actions/runs/${runId}`),
    );
    expect(t.waits().slice(0, 6)).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(Math.max(...t.waits())).toBe(60_000);
    // The heartbeat: no sleep is longer than 30 s, so the wait says where it stands at least that often.
    expect(Math.max(...t.sleeps)).toBe(30_000);
    expect(t.sleeps.reduce((a, b) => a + b, 0)).toBe(30 * 60_000);
    expect(t.w.sandbox.state.data.packages).toEqual([]);
  });

  it("fails when the run fails, and a re-run dispatches a fresh run instead of following the failed one", async () => {
    const t = await publishWorld("failure");
    const first = await publishRelease(t.w.client(), await t.settings("v1.20.0rc1"), new RecordingLogger(), {
      dryRun: false,
      clock: t.clock,
    }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(OperationFailedError);
    expect((first as Error).message).toMatch(/run \d+ ended failure, so v1\.20\.0rc1 is not published/);
    const again = await publishRelease(t.w.client(), await t.settings("v1.20.0rc1"), new RecordingLogger(), {
      dryRun: true,
      clock: t.clock,
    });
    expect(again.plan.action).toBe("dispatch");
    expect(again.plan.failedRun?.conclusion).toBe("failure");
  });

  it("a re-run after a crash right after the dispatch follows the earlier run instead of dispatching again", async () => {
    const t = await publishWorld();
    t.w.sandbox.faults.set({ crashAfterWrites: 1 });
    const crashed = await publishRelease(t.w.client(), await t.settings("v1.20.0rc1"), new RecordingLogger(), {
      dryRun: false,
      clock: t.clock,
    }).catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(Error);
    expect(t.runs()).toHaveLength(1);
    t.w.sandbox.faults.set({});
    t.uploadAfterRun("1.20.0rc1");
    const mark = t.w.sandbox.requests.length;
    const result = await publishRelease(t.w.client(), await t.settings("v1.20.0rc1"), new RecordingLogger(), {
      dryRun: false,
      clock: t.clock,
    });
    expect(result.plan.action).toBe("follow-run");
    expect(result.outcome?.steps[0]).toMatchObject({ id: "dispatch", outcome: "already done" });
    expect(t.dispatches(mark)).toEqual([]);
    expect(t.runs()).toHaveLength(1);
    expect(result.outcome?.files).toHaveLength(2);
  });

  it("finds the run in the run list when the dispatch answers 204 without run details", async () => {
    const t = await publishWorld();
    t.uploadAfterRun("1.20.0rc1");
    const gh = t.w.client();
    // An older GitHub (Enterprise Server) ignores return_run_details: answer as it would, 204 and no body.
    gh.hook.after("request", (response, options) => {
      if (String(options.url).endsWith("/dispatches")) {
        Object.assign(response, { status: 204, data: undefined });
      }
    });
    const result = await publishRelease(gh, await t.settings("v1.20.0rc1"), new RecordingLogger(), {
      dryRun: false,
      clock: t.clock,
    });
    expect(t.runs()).toHaveLength(1);
    expect(result.outcome?.runId).toBe(t.runs()[0]!.id);
  });

  it("completes with 20% injected faults and dispatches exactly one run", async () => {
    const t = await publishWorld();
    t.uploadAfterRun("1.20.0rc1");
    t.w.sandbox.faults.set({ rate: 0.2, seed: 5 });
    const result = await publishRelease(t.w.client(), await t.settings("v1.20.0rc1"), new RecordingLogger(), {
      dryRun: false,
      clock: t.clock,
    });
    const injected = Object.values(t.w.sandbox.faults.injected).reduce((a, b) => a + b, 0);
    expect(injected).toBeGreaterThan(0);
    expect(result.outcome?.files).toHaveLength(2);
    expect(t.runs()).toHaveLength(1);
  });

  it("a final is dispatched with the final's inputs", async () => {
    const t = await publishWorld();
    expect((await t.w.cli(["final", "--version", "1.20.0"])).code).toBe(0);
    const result = await publishRelease(t.w.client(), await t.settings("v1.20.0"), new RecordingLogger(), {
      dryRun: true,
      clock: t.clock,
    });
    expect(result.plan.dispatch).toEqual({
      workflow: "create_release.yml",
      ref: "v1.20.0",
      inputs: { tag: "v1.20.0", channel: "pypi" },
    });
  });
});

describe("release-kit publish (CLI)", () => {
  it("--dry-run shows the dispatch it would make and writes nothing", async () => {
    const t = await publishWorld();
    const mark = t.w.sandbox.requests.length;
    const r = await t.w.cli(["publish", "--tag", "v1.20.0rc1", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("POST /repos/acme/widget/actions/workflows/create_release.yml/dispatches");
    expect(r.stdout).toContain('"ref":"v1.20.0rc1"');
    expect(r.stdout).toContain('"channel":"testpypi"');
    expect(t.w.sandbox.appliedWrites(mark)).toEqual([]);
    const json = await t.w.cli(["publish", "--tag", "v1.20.0rc1", "--dry-run", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ action: "dispatch", dryRun: true, runId: null });
  });

  it("publishes end to end on the real clock", async () => {
    const t = await publishWorld();
    // The sandbox clock is ours; let it follow real time from here.
    const started = Date.now();
    const base = t.clock.now();
    const timer = setInterval(() => {
      void t.clock.sleep(Date.now() - started - (t.clock.now() - base));
    }, 20);
    t.uploadAfterRun("1.20.0rc1");
    try {
      const r = await t.w.cli(["publish", "--tag", "v1.20.0rc1", "--json"], { RELEASE_KIT_POLL_MS: "50" });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ action: "dispatch", files: [{}, {}] });
      const rerun = await t.w.cli(["publish", "--tag", "v1.20.0rc1", "--json"], { RELEASE_KIT_POLL_MS: "50" });
      expect(JSON.parse(rerun.stdout)).toMatchObject({ action: "already-published" });
    } finally {
      clearInterval(timer);
    }
    expect(t.runs()).toHaveLength(1);
  });

  const bad: { name: string; args: string[]; config?: string; code: number; message: RegExp }[] = [
    { name: "no --tag", args: ["publish"], code: 2, message: /--tag is required/ },
    { name: "a tag of another pattern", args: ["publish", "--tag", "1.20.0rc1"], code: 2, message: /does not match/ },
    { name: "a tag that does not exist", args: ["publish", "--tag", "v1.20.0rc7"], code: 1, message: /does not exist/ },
    {
      name: "an index wait that is not minutes",
      args: ["publish", "--tag", "v1.20.0rc1", "--index-wait-minutes", "2h"],
      code: 2,
      message: /--index-wait-minutes "2h" is not a whole number of minutes from 0 to 1440/,
    },
    {
      name: "a run timeout of zero",
      args: ["publish", "--tag", "v1.20.0rc1", "--timeout-minutes", "0"],
      code: 2,
      message: /--timeout-minutes "0" is not a whole number of minutes from 1 to 4320/,
    },
    {
      name: "no publish section",
      args: ["publish", "--tag", "v1.20.0rc1"],
      config: widgetConfig,
      code: 2,
      message: /no publish: section/,
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with one line and no write`, async () => {
      const t = await publishWorld();
      if (c.config) await writeFile(t.w.configPath, c.config);
      const mark = t.w.sandbox.requests.length;
      const r = await t.w.cli(c.args);
      expect(r.code).toBe(c.code);
      const lines = r.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(c.message);
      expect(t.w.sandbox.appliedWrites(mark)).toEqual([]);
    });
  }
});
