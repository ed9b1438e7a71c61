/**
 * The bundled downstream action run the way the runner runs it (`node dist/index.js`, INPUT_* variables, output and
 * summary files): plan gives the matrix output, run one shard (local and dispatched downstreams, versions from the
 * project's tags), report fails the step on the regression with the summary written, notify opens partner issues.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ShardPlan } from "../../src/core/downstream/plan-shards.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { runBundledAction } from "../helpers/run-bundled-action.js";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/downstream");

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const CONFIG = [
  "project:",
  "  repo: acme/widget",
  "  version-files: [VERSION_NUMBER]",
  "downstream:",
  "  - name: pass",
  "    path: downstreams/pass",
  "    platforms: [ubuntu-latest]",
  "    test: [node, test.mjs]",
  "  - name: regress",
  "    path: downstreams/regress",
  "    platforms: [ubuntu-latest]",
  "    test: [node, test.mjs]",
  "  - name: green",
  "    repo: partners/green",
  "    mode: dispatch",
  "    workflow: integration.yml",
  "    inputs: { version: '{version}' }",
  "downstream-check:",
  "  retries: 1",
  "partners:",
  "  - partners/green",
  "",
].join("\n");

async function start(): Promise<WidgetWorld> {
  // A fast sandbox clock (a real millisecond is a sandbox second): dispatched runs complete at the first poll.
  const began = Date.now();
  const base = Date.parse("2026-03-02T10:00:00Z");
  const w = await startWidgetWorld({
    now: () => new Date(base + (Date.now() - began) * 1000),
    config: CONFIG,
    seed: normalizeSeed(
      {
        tokens: [{ token: "t-release", login: "release-bot", write: ["acme/widget", "partners/green"] }],
        repos: [
          { name: "acme/widget", files: { VERSION_NUMBER: "2.0.0\n" }, tags: ["v1.0.0", "v2.0.0rc1"] },
          {
            name: "partners/green",
            files: { "README.md": "green\n" },
            workflows: { "integration.yml": { conclusion: "success", duration_ms: 0 } },
          },
        ],
        // The candidate on the index: partners are asked to try only what they can install.
        packages: [{ name: "widget", version: "2.0.0rc1", filename: "widget-2.0.0rc1.tar.gz", content: "sdist" }],
      },
      process.cwd(),
    ),
  });
  for (const name of ["pass", "regress"]) {
    const dir = path.join(w.dir, "downstreams", name);
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(fixtures, name), dir, { recursive: true });
    for (const args of [
      ["init", "--quiet", "--initial-branch=main"],
      ["add", "."],
      ["-c", "user.name=F", "-c", "user.email=f@example.com", "commit", "--quiet", "-m", "fixture"],
    ]) {
      execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    }
  }
  return w;
}

function runnerEnv(w: WidgetWorld): Record<string, string> {
  return {
    ...w.sandbox.env(),
    GITHUB_WORKSPACE: w.dir,
    GITHUB_TOKEN: "t-release",
    RELEASE_KIT_WRITE_INTERVAL_MS: "0",
    RELEASE_KIT_RETRY_BASE_MS: "5",
  };
}

describe("the bundled downstream action, run as the runner runs it", () => {
  it("plans the matrix output, runs the shards, reports and fails on the regression", async () => {
    world = await start();
    const env = runnerEnv(world);
    const plan = await runBundledAction("downstream", { command: "plan", shards: "2" }, env);
    expect(plan.exitCode, plan.stdout).toBe(0);
    const matrix = JSON.parse(plan.outputs.matrix ?? "") as ShardPlan;
    expect(matrix.include.map((e) => e.shard)).toEqual(["1/2", "2/2"]);
    expect(matrix.include.flatMap((e) => e.jobs).sort()).toEqual(["green", "pass", "regress"]);
    expect(plan.outputs["shard-count"]).toBe("2");
    // Planning reads only the config: no GitHub request.
    expect(world.sandbox.requests).toEqual([]);

    for (const entry of matrix.include) {
      const run = await runBundledAction(
        "downstream",
        { command: "run", shard: entry.shard, out: `shards/${entry.index}` },
        env,
      );
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.stdout).toContain("comparing 2.0.0rc1 (v2.0.0rc1) with 1.0.0 (v1.0.0)");
      expect(run.outputs.results).toBe(path.join(world.dir, `shards/${entry.index}/results-shard-${entry.index}.json`));
    }
    expect(world.sandbox.state.data.workflowRuns.map((r) => r.inputs.version)).toEqual(["1.0.0", "2.0.0rc1"]);

    const report = await runBundledAction(
      "downstream",
      { command: "report", dirs: "shards", "full-report": "the downstream-report artifact" },
      env,
    );
    expect(report.exitCode).toBe(1);
    expect(report.stdout).toMatch(/::error::1 downstream job\(s\) in regressed: regress@ubuntu-latest \(regressed\)/);
    expect(report.outputs.regressed).toBe("1");
    expect(report.summary).toContain("# Downstream checks: 2.0.0rc1 against 1.0.0");
    expect(report.summary).toMatch(/## Regressed \(1\)[\s\S]*regress/);
    expect(report.summary).toMatch(/## Tests pass on both \(2\)[\s\S]*green[\s\S]*pass/);
    expect(await readFile(report.outputs.summary ?? "", "utf8")).toBe(report.summary);
    expect(world.sandbox.violations).toEqual([]);
  });

  it("opens the partner issue with notify, and a dry run only prints it", async () => {
    world = await start();
    const env = runnerEnv(world);
    const dry = await runBundledAction("downstream", { command: "notify", version: "2.0.0", "dry-run": "true" }, env);
    expect(dry.exitCode, dry.stdout).toBe(0);
    expect(JSON.parse(dry.outputs.issues ?? "")).toEqual([{ repo: "partners/green", kind: "would-create" }]);
    expect(world.sandbox.appliedWrites(0)).toEqual([]);
    const real = await runBundledAction("downstream", { command: "notify", version: "2.0.0" }, env);
    expect(real.exitCode, real.stdout).toBe(0);
    expect(JSON.parse(real.outputs.issues ?? "")).toMatchObject([
      { repo: "partners/green", kind: "created", number: 1 },
    ]);
    expect(world.sandbox.state.data.issues.map((i) => `${i.repo} ${i.title}`)).toEqual([
      "partners/green Integrate with widget 2.0.0",
    ]);
  });

  it("fails with one error line for an unknown command or a missing shard, before any request", async () => {
    world = await start();
    const env = runnerEnv(world);
    const bad = await runBundledAction("downstream", { command: "deploy" }, env);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/::error::input "command" is "deploy": give one of plan, run, report, notify/);
    const noShard = await runBundledAction("downstream", { command: "run" }, env);
    expect(noShard.exitCode).toBe(1);
    expect(noShard.stdout).toMatch(/::error::--shard \(missing\) is not a shard/);
    expect(world.sandbox.requests).toEqual([]);
  });
});
