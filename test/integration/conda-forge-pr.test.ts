/**
 * `release-kit conda-forge pr` against the sandbox: the fork, the one commit and the [rc] PR, reruns that write
 * nothing or update the same PR, injected faults, dry runs, and a newer candidate closing the older PR.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { condaForgePr } from "../../src/flows/conda-forge/conda-forge-pr.js";
import { feedstockPrSettingsFrom } from "../../src/flows/conda-forge/settings.js";
import {
  FEEDSTOCK,
  FORK,
  feedstockGitWrites,
  rcBranchWithPatch,
  startFeedstockWorld,
  widgetFeedstockConfig,
  type FeedstockWorld,
} from "../helpers/feedstock-world.js";

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const rcBranchName = "release-kit/widget-1.20.0rc1";

function pulls(w: FeedstockWorld) {
  return w.sandbox.state.data.issues.filter((i) => i.repo === FEEDSTOCK && i.pull);
}

function comments(w: FeedstockWorld, issue?: number) {
  return w.sandbox.state.data.comments.filter(
    (c) => c.repo === FEEDSTOCK && (issue === undefined || c.issueNumber === issue),
  );
}

describe("release-kit conda-forge pr: a release candidate into the rc branch", () => {
  it("forks, makes one commit on a fork branch and opens the [rc] PR with the rc label and one rerender request", async () => {
    world = await startFeedstockWorld();
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ base: "rc", fork: FORK, branch: rcBranchName, title: "[rc] widget v1.20.0rc1" });
    const { sandbox } = world;
    expect(sandbox.violations).toEqual([]);
    expect(feedstockGitWrites(sandbox)).toEqual([]);

    // One commit on top of the feedstock's rc head, changing exactly the recipe and the build config.
    const head = (await sandbox.git.readRef(FORK, `refs/heads/${rcBranchName}`))!;
    const rcHead = (await sandbox.git.readRef(FEEDSTOCK, "refs/heads/rc"))!;
    expect((await sandbox.git.readCommit(FORK, head)).parents).toEqual([rcHead]);
    const changed = await sandbox.git.diffNames(FORK, rcHead, head);
    expect(changed.map((c) => c.path).sort()).toEqual(["recipe/conda_build_config.yaml", "recipe/meta.yaml"]);
    const meta = (await world.readFile(FORK, head, "recipe/meta.yaml"))!;
    expect(meta).toContain('{% set version = "1.20.0rc1" %}');
    expect(meta).toContain("  number: 0\n");
    const sha = (out.sources as { sha256: string }[])[0]!.sha256;
    expect(meta).toContain(`  sha256: ${sha}\n`);
    const cbc = await world.readFile(FORK, head, "recipe/conda_build_config.yaml");
    expect(cbc).toBe(
      '# Pins of the widget build\npython_min:\n  - "3.10"\nchannel_targets:\n  - conda-forge widget_rc\n',
    );

    const [pr] = pulls(world);
    expect(pr).toMatchObject({ title: "[rc] widget v1.20.0rc1", state: "open" });
    expect(pr!.pull).toMatchObject({ headRepo: FORK, headRef: rcBranchName, baseRef: "rc" });
    expect(pr!.body).toContain(sha);
    expect(pr!.body).toContain("https://github.com/acme/widget/archive/v1.20.0rc1.tar.gz");
    expect(pr!.body).toContain("https://github.com/acme/widget/releases/tag/v1.20.0rc1");
    expect(pr!.body).toContain("conda install -c conda-forge/label/widget_rc widget");
    expect(pr!.body).toContain("### Checklist for feedstock maintainers");
    expect(comments(world).map((c) => c.body)).toEqual(["@conda-forge-admin, please rerender"]);
  });

  it("a rerun finds the open PR and makes zero writes", async () => {
    world = await startFeedstockWorld();
    expect((await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"])).code).toBe(0);
    const mark = world.sandbox.requests.length;
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    expect(pulls(world)).toHaveLength(1);
  });

  it("a rerun after the rc branch moved updates the same PR's branch (still one commit) and asks for no second rerender", async () => {
    world = await startFeedstockWorld();
    expect((await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"])).code).toBe(0);
    const before = (await world.sandbox.git.readRef(FORK, `refs/heads/${rcBranchName}`))!;
    const moved = await world.commit(FEEDSTOCK, "rc", { "README.md": "About widget-feedstock (rc)\n" }, "docs");
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const after = (await world.sandbox.git.readRef(FORK, `refs/heads/${rcBranchName}`))!;
    expect(after).not.toBe(before);
    expect((await world.sandbox.git.readCommit(FORK, after)).parents).toEqual([moved]);
    expect(pulls(world)).toHaveLength(1);
    expect(comments(world)).toHaveLength(1);
    expect(feedstockGitWrites(world.sandbox)).toEqual([]);
  });

  // A crash after each write of the feedstock PR and a rerun: proven once, in the chaos suite (test/chaos, flows
  // "conda-forge pr" and "conda-forge pr (final)").

  it("completes with 20% injected faults and opens exactly one PR", async () => {
    world = await startFeedstockWorld({ faults: { rate: 0.2, seed: 7 } });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code, r.stderr).toBe(0);
    const injected = Object.values(world.sandbox.faults.injected).reduce((a, b) => a + b, 0);
    expect(injected).toBeGreaterThan(0);
    expect(pulls(world)).toHaveLength(1);
    expect(comments(world)).toHaveLength(1);
  });

  it("--dry-run prints the diff and writes nothing", async () => {
    world = await startFeedstockWorld();
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Dry run, nothing written");
    expect(r.stdout).toContain('+{% set version = "1.20.0rc1" %}');
    expect(r.stdout).toContain("+  - conda-forge widget_rc");
    expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
  });

  it("--dry-run without a token says so, shows the diff from public reads, and writes nothing", async () => {
    world = await startFeedstockWorld();
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--dry-run"], { GITHUB_TOKEN: "" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: no token: this dry run reads what is public of conda-forge\/widget-feedstock/);
    expect(r.stdout).toContain('+{% set version = "1.20.0rc1" %}');
    expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
    expect(world.sandbox.requests.some((q) => q.route === "GET /user")).toBe(false);
  });

  it("rc2 closes the still-open rc1 PR with a comment linking the new one", async () => {
    world = await startFeedstockWorld();
    expect((await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"])).code).toBe(0);
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const prUrl = (JSON.parse(r.stdout) as { prUrl: string }).prUrl;
    const [rc1, rc2] = pulls(world);
    expect(rc1).toMatchObject({ state: "closed", title: "[rc] widget v1.20.0rc1" });
    expect(rc2).toMatchObject({ state: "open", title: "[rc] widget v1.20.0rc2" });
    expect(comments(world, rc1!.number).map((c) => c.body)).toContainEqual(
      expect.stringContaining(`Superseded by ${prUrl}`),
    );
  });
});

describe("the rc branch", () => {
  it("stops with the steps a maintainer takes to create it, and writes nothing", async () => {
    world = await startFeedstockWorld({ rcBranch: false });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no branch "rc".*New branch.*git push origin origin\/main:refs\/heads\/rc/);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });

  it("create-rc-branch refuses a token without push access to the feedstock", async () => {
    world = await startFeedstockWorld({ rcBranch: false, condaForgeExtra: "  create-rc-branch: true\n" });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/create-rc-branch: true needs a feedstock maintainer's token/);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });

  it("create-rc-branch with a maintainer's token creates rc from main (its only feedstock branch write) and opens the PR", async () => {
    world = await startFeedstockWorld({
      rcBranch: false,
      config: widgetFeedstockConfig("  create-rc-branch: true\n").replace(
        "fork-owner: release-bot",
        "fork-owner: widget-maintainer",
      ),
    });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"], { GITHUB_TOKEN: "t-maint" });
    expect(r.code, r.stderr).toBe(0);
    const main = await world.sandbox.git.readRef(FEEDSTOCK, "refs/heads/main");
    expect(await world.sandbox.git.readRef(FEEDSTOCK, "refs/heads/rc")).toBe(main);
    const gitWrites = feedstockGitWrites(world.sandbox).filter((q) => q.applied);
    expect(gitWrites.map((q) => `${q.method} ${q.path}`)).toEqual([`POST /repos/${FEEDSTOCK}/git/refs`]);
    expect(pulls(world)[0]).toMatchObject({ title: "[rc] widget v1.20.0rc1" });
  });
});

describe("the final", () => {
  it("targets main, drops the rc label and carries the patch added on rc, listing it in the body", async () => {
    world = await startFeedstockWorld();
    expect((await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"])).code).toBe(0);
    await world.commit(FEEDSTOCK, "rc", rcBranchWithPatch(), "Merge the rc1 PR and a build fix");
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: string[]; carried: { path: string }[]; sources: { sha256: string }[] };
    expect(out).toMatchObject({ base: "main", title: "widget v1.20.0", branch: "release-kit/widget-1.20.0" });
    expect(out.carried.map((c) => c.path).sort()).toEqual(["recipe/fix-build.patch", "recipe/meta.yaml"]);
    // The build config on main has no override, and the rc's override is not carried: nothing to change there.
    expect(out.files).toEqual(["recipe/fix-build.patch", "recipe/meta.yaml"]);
    const head = "release-kit/widget-1.20.0";
    const meta = (await world.readFile(FORK, head, "recipe/meta.yaml"))!;
    expect(meta).toContain('{% set version = "1.20.0" %}');
    expect(meta).toContain(`  sha256: ${out.sources[0]!.sha256}\n  patches:\n    - fix-build.patch\n`);
    expect(await world.readFile(FORK, head, "recipe/fix-build.patch")).toBe(
      rcBranchWithPatch()["recipe/fix-build.patch"],
    );
    const mainHead = (await world.sandbox.git.readRef(FEEDSTOCK, "refs/heads/main"))!;
    expect(
      (await world.sandbox.git.readCommit(FORK, (await world.sandbox.git.readRef(FORK, `refs/heads/${head}`))!))
        .parents,
    ).toEqual([mainHead]);
    const final = pulls(world).find((p) => p.title === "widget v1.20.0")!;
    expect(final.pull!.baseRef).toBe("main");
    expect(final.body).toContain("### Carried over from the `rc` branch");
    expect(final.body).toContain("`recipe/fix-build.patch` (added)");
    expect(final.body).toContain("+  patches:");
    // The rc1 PR is superseded by the final.
    expect(pulls(world).find((p) => p.title.includes("rc1"))).toMatchObject({ state: "closed" });
    expect(feedstockGitWrites(world.sandbox)).toEqual([]);
    expect(world.sandbox.violations).toEqual([]);
  });
});

describe("sources and hashes", () => {
  it("a PyPI sdist whose hash matches the index's digest is packaged and says how it was verified", async () => {
    world = await startFeedstockWorld({ recipe: "recipe-yaml" });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { sources: { url: string; verification: string }[] };
    expect(out.sources[0]!.url).toBe("https://pypi.org/packages/source/w/widget/widget-1.20.0rc1.tar.gz");
    expect(out.sources[0]!.verification).toContain("matches the package index's sha256 of widget-1.20.0rc1.tar.gz");
    const recipe = (await world.readFile(FORK, rcBranchName, "recipe/recipe.yaml"))!;
    expect(recipe).toContain('  version: "1.20.0rc1"\n');
  });

  it("a digest on the index that differs from the download stops the run and pushes nothing", async () => {
    world = await startFeedstockWorld({ recipe: "recipe-yaml" });
    const file = world.sandbox.state.data.packages.find((p) => p.filename === "widget-1.20.0rc1.tar.gz")!;
    file.sha256 = "0".repeat(64);
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /sha256 mismatch for https:\/\/pypi\.org\/.*widget-1\.20\.0rc1\.tar\.gz.*nothing was pushed/,
    );
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });

  it("waits for an sdist that is published late, then opens the PR", async () => {
    world = await startFeedstockWorld({
      recipe: "recipe-yaml",
      sdists: [],
      config: widgetFeedstockConfig().replace("source-wait-minutes: 0", "source-wait-minutes: 1"),
    });
    const w = world;
    // Publish a few hundred ms after the download's first 404 for the sdist (not the URL check's HEAD before it), as
    // a slow upload would.
    const publisher = (async () => {
      while (!w.sandbox.requests.some((q) => q.method === "GET" && q.path.endsWith(".tar.gz") && q.status === 404))
        await sleep(10);
      await sleep(300);
      w.publishSdist("1.20.0rc1");
    })();
    const r = await w.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    await publisher;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /waiting for https:\/\/\S+widget-1\.20\.0rc1\.tar\.gz \(HTTP 404, 1 try\): 0 s of 1 min \(limit: conda-forge\.source-wait-minutes, --source-wait-minutes\)/,
    );
    expect(pulls(w)).toHaveLength(1);
  });

  it("refuses at once, before any download or wait, a version whose tag was never pushed", async () => {
    world = await startFeedstockWorld({
      recipe: "recipe-yaml",
      config: widgetFeedstockConfig().replace("source-wait-minutes: 0", "source-wait-minutes: 30"),
    });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc7"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      "release-kit: acme/widget has no tag v1.20.0rc7, so 1.20.0rc7 has no sources to package yet: cut it first (release-kit rc or final), or check --version",
    ]);
    // No source was asked for, so the 30-minute source wait never started.
    expect(world.sandbox.requests.filter((q) => q.area === "index" || q.area === "web")).toEqual([]);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });

  it("fails clearly when the sdist is still missing when the wait runs out, and writes nothing", async () => {
    world = await startFeedstockWorld({ recipe: "recipe-yaml", sdists: [] });
    const config = await loadConfig(world.configPath);
    const settings = {
      ...feedstockPrSettingsFrom(config, { version: "1.20.0rc1" }, world.sandbox.env()),
      sourceWaitMs: 250,
    };
    const started = Date.now();
    await expect(
      condaForgePr(world.client(), settings, new RecordingLogger(), {
        dryRun: false,
        env: world.sandbox.env(),
        sourcePollMs: 20,
      }),
    ).rejects.toThrow(/widget-1\.20\.0rc1\.tar\.gz is not available \(HTTP 404\).*source-wait-minutes/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });
});

describe("the fork owner: conda-forge.fork-owner, overridden by --fork-owner (the action's fork-owner input)", () => {
  it("--fork-owner replaces the config's owner in the plan, and the token's user is never asked for", async () => {
    world = await startFeedstockWorld();
    const r = await world.cli([
      "conda-forge",
      "pr",
      "--version",
      "1.20.0rc1",
      "--fork-owner",
      "other-bot",
      "--dry-run",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { fork: string }).fork).toBe("other-bot/widget-feedstock");
    expect(world.sandbox.requests.filter((q) => q.route === "GET /user")).toEqual([]);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });
});

describe("bad input: one clear line, exit 2, zero writes", () => {
  const cases: { name: string; args: string[]; env?: Record<string, string>; config?: string; message: RegExp }[] = [
    { name: "no version", args: [], message: /--version is required/ },
    { name: "a leading v", args: ["--version", "v1.20.0rc1"], message: /drop the leading "v"/ },
    {
      name: "a non-canonical version",
      args: ["--version", "1.20.0RC1"],
      message: /canonical PEP 440 form; use 1\.20\.0rc1/,
    },
    { name: "a dev version", args: ["--version", "1.20.0.dev3"], message: /development, local and epoch versions/ },
    { name: "not a version", args: ["--version", "latest"], message: /not a PEP 440 version/ },
    {
      name: "a --fork-owner that is not an account name",
      args: ["--version", "1.20.0rc1", "--fork-owner", "bad--owner"],
      message: /--fork-owner "bad--owner" is not a GitHub account name/,
    },
    { name: "no token", args: ["--version", "1.20.0rc1"], env: { GITHUB_TOKEN: "" }, message: /no GitHub token/ },
    {
      name: "a config without conda-forge",
      args: ["--version", "1.20.0rc1"],
      config: "project:\n  repo: acme/widget\n",
      message: /no conda-forge: section/,
    },
    {
      name: "an unknown rc strategy",
      args: ["--version", "1.20.0rc1"],
      config: widgetFeedstockConfig("  rc-strategy: nightly\n"),
      message: /rc-strategy/,
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      world = await startFeedstockWorld(c.config ? { config: c.config } : {});
      const r = await world.cli(["conda-forge", "pr", ...c.args], c.env);
      expect(r.code).toBe(2);
      const lines = r.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(c.message);
      expect(world.sandbox.requests.filter((q) => q.area === "api")).toEqual([]);
    });
  }
});
