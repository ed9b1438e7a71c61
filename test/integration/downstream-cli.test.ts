/**
 * The downstream and artifacts commands end to end on fixture projects: plan, run every shard, report, re-run the
 * retry list, A/A flake measurement, and the exit codes of each.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command, CommandContext, ParsedFlags } from "../../src/cli/command.js";
import { artifactsDiffCommand } from "../../src/cli/commands/artifacts-diff.js";
import { downstreamPlanCommand } from "../../src/cli/commands/downstream-plan.js";
import { downstreamReportCommand } from "../../src/cli/commands/downstream-report.js";
import { downstreamRunCommand } from "../../src/cli/commands/downstream-run.js";
import type { ShardPlan } from "../../src/core/downstream/plan-shards.js";
import { RecordingLogger } from "../../src/core/logger.js";

const fixtures = join(import.meta.dirname, "../fixtures/downstream");

async function invoke(
  command: Command,
  root: string,
  values: ParsedFlags["values"],
  positionals: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; logger: RecordingLogger }> {
  let stdout = "";
  const logger = new RecordingLogger();
  const ctx: CommandContext = {
    globals: { dryRun: false, json: false, verbose: false },
    logger,
    stdout: (t) => (stdout += t),
    stderr: () => undefined,
    env,
    cwd: root,
    signal: new AbortController().signal,
  };
  const code = await command.run({ values, positionals }, ctx);
  return { code, stdout, logger };
}

describe("downstream and artifacts commands", () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "rk-downstream-cli-"));
    for (const outcome of ["pass", "regress", "fix"]) {
      const dir = join(root, "downstreams", outcome);
      cpSync(join(fixtures, outcome), dir, { recursive: true });
      for (const args of [
        ["init", "--quiet", "--initial-branch=main"],
        ["add", "."],
        ["-c", "user.name=F", "-c", "user.email=f@example.com", "commit", "--quiet", "-m", "fixture"],
      ]) {
        execFileSync("git", args, { cwd: dir, stdio: "ignore" });
      }
    }
    const entry = (name: string, extra = ""): string =>
      `  - name: ${name}\n    path: downstreams/${name}\n    platforms: [local]\n    build: [node, build.mjs]\n    test: [node, test.mjs]\n${extra}`;
    writeFileSync(
      join(root, "release-kit.yml"),
      [
        "project:",
        "  repo: demo/demo",
        "downstream:",
        entry("pass"),
        entry("regress"),
        entry("fix", "    quiet: only checks the fix\n"),
        "downstream-check:",
        "  shards: 2",
        "  retries: 1",
        "  concurrency: 2",
        "",
      ].join("\n"),
    );
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("plans, runs every shard, reports and fails on the regression, then re-runs the retry list", async () => {
    const plan = await invoke(downstreamPlanCommand, root, {});
    expect(plan.code).toBe(0);
    expect(plan.stdout.trim().split("\n")).toHaveLength(1);
    const matrix = JSON.parse(plan.stdout) as ShardPlan;
    expect(matrix.include.map((e) => e.shard)).toEqual(["1/2", "2/2"]);
    expect(matrix.include.flatMap((e) => e.jobs).sort()).toEqual(["fix", "pass", "regress"]);

    for (const entry of matrix.include) {
      const run = await invoke(downstreamRunCommand, root, {
        shard: entry.shard,
        out: `shards/${entry.index}`,
        baseline: "1.0.0",
        candidate: "2.0.0rc1",
      });
      expect(run.code).toBe(0);
    }
    const summary = join(root, "summary.md");
    writeFileSync(summary, "");
    const report = await invoke(downstreamReportCommand, root, { out: "report" }, ["shards"], {
      ...process.env,
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(report.code).toBe(1);
    expect(report.logger.text()).toContain("regress@local (regressed)");
    expect(readFileSync(summary, "utf8")).toContain("## Regressed (1)");
    // stdout: the terminal summary, the two failed candidate runs of `regress` as one failure with one excerpt;
    // the Markdown is in summary.md (and the job summary), or on stdout with --markdown.
    expect(report.stdout).toMatch(
      /^Downstream checks: 2\.0\.0rc1 against 1\.0\.0\n {2}regressed 1 · fixed 1 · same-test-pass 1 \(3 jobs\)\n/,
    );
    expect(report.stdout).toMatch(
      /\n {2}1\. test-fail \(unknown\)\n {5}same failure in 2 runs: regress@local candidate #1, regress@local candidate #2\n {5}log: shards\/\d\/logs\/regress@local\/candidate-1\.log\n/,
    );
    expect(report.stdout.match(/\| assertion failed: expected make_model to exist/g)).toHaveLength(1);
    expect(report.stdout).toContain("Markdown report: report/summary.md; all results: report/results.json");
    expect(report.stdout).not.toContain("## Regressed");
    const markdown = await invoke(downstreamReportCommand, root, { out: "report", markdown: true }, ["shards"]);
    expect(markdown.stdout).toBe(readFileSync(join(root, "report", "summary.md"), "utf8"));
    const retry = JSON.parse(readFileSync(join(root, "report", "retry-list.json"), "utf8")) as { name: string }[];
    expect(retry.map((r) => r.name)).toEqual(["regress"]);

    const rerun = await invoke(downstreamRunCommand, root, {
      shard: "1/1",
      out: "rerun",
      baseline: "1.0.0",
      candidate: "2.0.0rc1",
      only: "report/retry-list.json",
    });
    expect(rerun.stdout).toBe("regress@local: regressed\n");
    const durations = await invoke(downstreamPlanCommand, root, { shards: "3", durations: "report/durations.json" });
    expect((JSON.parse(durations.stdout) as ShardPlan).include).toHaveLength(3);
  });

  it("measures flake rates in A/A calibration, where nothing can regress", async () => {
    const run = await invoke(downstreamRunCommand, root, {
      shard: "1/1",
      out: "calib",
      baseline: "1.0.0",
      calibrate: true,
    });
    expect(run.stdout).toContain("regress@local: same-test-pass");
    const report = await invoke(downstreamReportCommand, root, { out: "calib-report" }, ["calib"]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain("(A/A calibration)");
    expect(report.stdout).toContain("flake rate 0%");
  });

  it("rejects a malformed shard flag with the fix", async () => {
    await expect(
      invoke(downstreamRunCommand, root, { shard: "3/2", out: "x", baseline: "1", candidate: "2" }),
    ).rejects.toThrow(/use I\/N with 1 <= I <= N/);
  });

  it("exits 1 when the candidate directory dropped a Python version", async () => {
    const meta = (python: string): string =>
      `Metadata-Version: 2.1\nName: demo\nVersion: 1\nRequires-Python: ${python}\n`;
    for (const [side, python] of [
      ["a", ">=3.8"],
      ["b", ">=3.9"],
    ] as const) {
      mkdirSync(join(root, side, "demo-1.dist-info"), { recursive: true });
      writeFileSync(join(root, side, "demo-1.dist-info", "METADATA"), meta(python));
    }
    const diff = await invoke(artifactsDiffCommand, root, {}, ["a", "b"]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("drops Python 3.8");
  });
});
