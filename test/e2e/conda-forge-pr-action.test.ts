/**
 * The bundled conda-forge-pr action run as the runner runs it, against the sandbox: the [rc] feedstock PR with its
 * outputs and the recipe diff in the job summary, one error line for a bad version, no write in a dry run.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runBundledAction } from "../helpers/run-bundled-action.js";
import { GADGET, GIZMO, RUNTIME, dependentRepos, dependentsConfig } from "../helpers/dependents-fixtures.js";
import { FEEDSTOCK, feedstockGitWrites, startFeedstockWorld, type FeedstockWorld } from "../helpers/feedstock-world.js";

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

function runnerEnv(w: FeedstockWorld, token = "t-release"): Record<string, string> {
  return {
    ...w.sandbox.env(),
    GITHUB_WORKSPACE: w.dir,
    GITHUB_RUN_ID: "6001",
    GITHUB_TOKEN: token,
    RELEASE_KIT_WRITE_INTERVAL_MS: "0",
    RELEASE_KIT_RETRY_BASE_MS: "5",
    RELEASE_KIT_SOURCE_POLL_MS: "20",
    RELEASE_KIT_FORK_POLL_MS: "5",
  };
}

describe("the bundled conda-forge-pr action, run as the runner runs it", () => {
  it("opens the [rc] PR, sets pr-url, branch and sha256, and puts the recipe diff in the job summary", async () => {
    world = await startFeedstockWorld();
    const run = await runBundledAction("conda-forge-pr", { version: "1.20.0rc1" }, runnerEnv(world));
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs["pr-url"]).toContain(`/${FEEDSTOCK}/pull/1`);
    expect(run.outputs.branch).toBe("release-bot/widget-feedstock:release-kit/widget-1.20.0rc1");
    expect(run.outputs.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.summary).toContain("```diff");
    expect(run.summary).toContain('+{% set version = "1.20.0rc1" %}');
    expect(run.summary).toContain(run.outputs.sha256);
    expect(feedstockGitWrites(world.sandbox)).toEqual([]);
    expect(
      run.stdout
        .split("\n")
        .filter((l) => !l.startsWith("::add-mask::"))
        .join("\n"),
    ).not.toContain("t-release");
  });

  it("fails the step with one error line and writes nothing for a bad version", async () => {
    world = await startFeedstockWorld();
    const run = await runBundledAction("conda-forge-pr", { version: "v1.20.0rc1" }, runnerEnv(world));
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::--version "v1\.20\.0rc1" is not valid: drop the leading "v"/);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });

  it("dry-run writes nothing and still shows the diff", async () => {
    world = await startFeedstockWorld();
    const run = await runBundledAction("conda-forge-pr", { version: "1.20.0rc1", "dry-run": "true" }, runnerEnv(world));
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.summary).toContain("dry run: nothing written");
    expect(world.sandbox.requests.filter((r) => r.write)).toEqual([]);
  });

  it("with dependents: also opens one draft PR per dependent feedstock once the candidate is on its label", async () => {
    world = await startFeedstockWorld({
      condaForgeExtra: dependentsConfig,
      extraRepos: dependentRepos(),
      conda: ["linux-64", "linux-aarch64", "osx-arm64", "win-64"].map((subdir) => ({
        channel: "conda-forge",
        label: "widget_rc",
        subdir,
        name: "widget",
        version: "1.20.0rc1",
      })),
    });
    const run = await runBundledAction(
      "conda-forge-pr",
      { version: "1.20.0rc1", dependents: "true" },
      { ...runnerEnv(world), RELEASE_KIT_LABEL_POLL_MS: "20" },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs["pr-url"]).toContain(`/${FEEDSTOCK}/pull/1`);
    const prs = JSON.parse(run.outputs["dependent-prs"] ?? "[]") as { feedstock: string; url: string }[];
    expect(prs.map((p) => p.feedstock).sort()).toEqual([GADGET, GIZMO, RUNTIME].sort());
    for (const p of prs) expect(p.url).toContain(`/${p.feedstock}/pull/`);
    const drafts = world.sandbox.state.data.issues.filter((i) => i.pull && [GADGET, GIZMO, RUNTIME].includes(i.repo));
    expect(drafts.map((d) => d.title)).toEqual(
      Array(3).fill("[release-kit] build against widget 1.20.0rc1 (do not merge)"),
    );
    expect(world.sandbox.violations).toEqual([]);
  });
});
