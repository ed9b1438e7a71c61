/**
 * `release-kit conda-forge dependents --results` against the sandbox: conda-forge's CI is played through the real API
 * (check runs and commit statuses posted on the draft PRs' heads and on the default branches' heads, one job per
 * platform, named as conda-forge names them). A platform failing on rc1 is a regression, a running one is pending;
 * rc2 builds green everywhere; `downstream report` merges the results and the checklist's keyed item follows them.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DownstreamReport } from "../../src/core/downstream/shard-results.js";
import type { DependentsResults } from "../../src/flows/conda-forge-dependents/dependents-results.js";
import { GADGET, GIZMO, RUNTIME, dependentRepos, dependentsConfig } from "../helpers/dependents-fixtures.js";
import { startFeedstockWorld, type FeedstockWorld } from "../helpers/feedstock-world.js";

vi.setConfig({ testTimeout: 600_000 });

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const ALL = ["linux-64", "linux-aarch64", "osx-arm64", "win-64"];
const onLabel = (version: string) =>
  ALL.map((subdir) => ({ channel: "conda-forge", label: "widget_rc", subdir, name: "widget", version }));

type Outcome = "success" | "failure" | "running";

/** Plays conda-forge's CI on one commit of a feedstock: one check run per platform (win as a commit status). */
async function reportBuilds(w: FeedstockWorld, feedstock: string, sha: string, builds: Record<string, Outcome>) {
  const ci = w.client("t-ci");
  const [owner = "", repo = ""] = feedstock.split("/");
  for (const [platform, outcome] of Object.entries(builds)) {
    const job = `${platform.replace("-", "_")}_python3.12.____cpython`;
    if (platform.startsWith("win")) {
      await ci.rest.repos.createCommitStatus({
        owner,
        repo,
        sha,
        context: `conda-forge.${repo} (win ${job})`,
        state: outcome === "running" ? "pending" : outcome,
      });
    } else {
      await ci.rest.checks.create({
        owner,
        repo,
        head_sha: sha,
        name: `conda-forge.${repo} (${platform.split("-")[0]} ${job})`,
        ...(outcome === "running" ? { status: "in_progress" as const } : { conclusion: outcome }),
      });
    }
  }
  // The linter names no platform: never a platform's result.
  await ci.rest.repos.createCommitStatus({ owner, repo, sha, context: "conda-forge-linter", state: "success" });
}

async function heads(w: FeedstockWorld, feedstock: string) {
  const main = (await w.sandbox.git.readRef(feedstock, "refs/heads/main"))!;
  const pr = w.sandbox.state.data.issues.find((i) => i.pull && i.repo === feedstock)!;
  const head = (await w.sandbox.git.readRef(feedstock, `refs/pull/${pr.number}/head`))!;
  return { main, head };
}

async function results(w: FeedstockWorld, version: string, out: string) {
  const r = await w.cli(["conda-forge", "dependents", "--version", version, "--results", "--out", out, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as DependentsResults;
}

const categories = (read: DependentsResults, feedstock: string) =>
  Object.fromEntries(
    (read.dependents.find((d) => d.feedstock === feedstock)?.jobs ?? []).map((j) => [j.platform, j.category]),
  );

describe("conda-forge dependents --results", () => {
  it("classifies each platform of each dependent against its default branch: rc1 fails on one, rc2 is green", async () => {
    world = await startFeedstockWorld({
      condaForgeExtra: dependentsConfig,
      extraRepos: dependentRepos(),
      conda: onLabel("1.20.0rc1"),
    });
    const w = world;
    expect((await w.cli(["conda-forge", "dependents", "--version", "1.20.0rc1"])).code).toBe(0);
    const green = { "linux-64": "success", "linux-aarch64": "success", "osx-arm64": "success", "win-64": "success" };
    const runtime = await heads(w, RUNTIME);
    const gadget = await heads(w, GADGET);
    // The default branches' builds are seeded (runtime: four platforms, gadget: linux-64 and win-64; gizmo: none).
    // rc1: the runtime breaks on linux-aarch64 and is still building on win-64; the others are green.
    await reportBuilds(w, RUNTIME, runtime.head, {
      "linux-64": "success",
      "linux-aarch64": "failure",
      "osx-arm64": "success",
      "win-64": "running",
    });
    await reportBuilds(w, GADGET, gadget.head, { "linux-64": "success", "win-64": "success" });
    await reportBuilds(w, GIZMO, (await heads(w, GIZMO)).head, { "linux-64": "success" });

    const out1 = await mkdtemp(join(tmpdir(), "rk-dependents-results-"));
    const mark = w.sandbox.requests.length;
    const rc1 = await results(w, "1.20.0rc1", out1);
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);
    expect(categories(rc1, RUNTIME)).toEqual({
      "linux-64": "same-test-pass",
      "linux-aarch64": "regressed",
      "osx-arm64": "same-test-pass",
      "win-64": "pending",
    });
    // No platforms configured: every platform either side reported (the linter is none).
    expect(categories(rc1, GADGET)).toEqual({ "linux-64": "same-test-pass", "win-64": "same-test-pass" });
    // No baseline build at all: the candidate stands alone.
    expect(categories(rc1, GIZMO)).toEqual({ "linux-64": "same-test-pass" });
    // Seven reads per dependent, plus GET /user... none here: the fork owner is configured.
    expect(rc1.dependents.map((d) => d.requests)).toEqual([7, 7, 7]);

    // The downstream report merges them, says where each comes from, and fails on the regression.
    const report1 = await w.cli(["downstream", "report", out1, "--out", join(out1, "report")]);
    expect(report1.code).toBe(1);
    const merged1 = JSON.parse(await readFile(join(out1, "report", "results.json"), "utf8")) as DownstreamReport;
    expect(merged1.counts).toEqual({ regressed: 1, pending: 1, "same-test-pass": 5 });
    const summary1 = await readFile(join(out1, "report", "summary.md"), "utf8");
    expect(summary1).toContain("## Regressed (1)");
    expect(summary1).toMatch(
      /\*\*conda-forge\/widgetruntime-feedstock\*\* on `linux-aarch64` \(conda-forge, http[^)]+\/pull\/\d+\): baseline main@[0-9a-f]{7} test-pass, candidate 1\.20\.0rc1 build-fail/,
    );
    expect(summary1).toContain("## Still building (1)");
    expect(summary1).toContain(
      "candidate: conda-forge.widgetruntime-feedstock (linux linux_aarch64_python3.12.____cpython): failure",
    );
    expect(JSON.parse(await readFile(join(out1, "report", "retry-list.json"), "utf8"))).toEqual([]);

    // rc2 updates the same PRs; conda-forge builds it green everywhere.
    expect((await w.cli(["conda-forge", "dependents", "--version", "1.20.0rc2"])).code).toBe(0);
    // Before conda-forge reports anything on the new head, every platform is pending, never a pass.
    const out2 = await mkdtemp(join(tmpdir(), "rk-dependents-results-"));
    const waiting = await results(w, "1.20.0rc2", out2);
    expect(new Set(waiting.dependents.flatMap((d) => d.jobs.map((j) => j.category)))).toEqual(new Set(["pending"]));
    const runtime2 = await heads(w, RUNTIME);
    expect(runtime2.head).not.toBe(runtime.head);
    await reportBuilds(w, RUNTIME, runtime2.head, green as Record<string, Outcome>);
    await reportBuilds(w, GADGET, (await heads(w, GADGET)).head, { "linux-64": "success", "win-64": "success" });
    await reportBuilds(w, GIZMO, (await heads(w, GIZMO)).head, { "linux-64": "success" });
    const rc2 = await results(w, "1.20.0rc2", out2);
    expect(Object.values(categories(rc2, RUNTIME))).toEqual(Array(4).fill("same-test-pass"));
    const report2 = await w.cli(["downstream", "report", out2, "--out", join(out2, "report")]);
    expect(report2.code, report2.stderr).toBe(0);
  });

  it("refuses --out without --results before any request", async () => {
    world = await startFeedstockWorld({ condaForgeExtra: dependentsConfig, extraRepos: dependentRepos() });
    const mark = world.sandbox.requests.length;
    const r = await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc1", "--out", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--out goes with --results");
    expect(world.sandbox.requests.length).toBe(mark);
  });
});
