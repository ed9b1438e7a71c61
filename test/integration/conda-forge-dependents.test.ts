/**
 * `release-kit conda-forge dependents` end to end against the sandbox: the candidate appears on its label, each
 * dependent feedstock gets one draft PR from the fork (channel_sources and widened pins for v0 and v1 recipes; a
 * second source and the CMake define for a runtime shaped like onnxruntime-feedstock), reruns write nothing, a newer
 * candidate updates the same PRs, and the final's merge closes them with one comment each.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addCondaPackage } from "../../src/sandbox/conda-channel.js";
import { GADGET, GIZMO, RUNTIME, dependentRepos, dependentsConfig } from "../helpers/dependents-fixtures.js";
import { FEEDSTOCK, startFeedstockWorld, widgetMetaYaml, type FeedstockWorld } from "../helpers/feedstock-world.js";

// Each run makes about 15 requests per dependent, several of them git writes: minutes on a loaded machine.
vi.setConfig({ testTimeout: 600_000 });

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const branch = "release-kit/build-against-widget-1.20.0";
const onLabel = (version: string, subdirs = ["linux-64", "linux-aarch64", "osx-arm64", "win-64"]) =>
  subdirs.map((subdir) => ({ channel: "conda-forge", label: "widget_rc", subdir, name: "widget", version }));

function dependentPulls(w: FeedstockWorld) {
  return w.sandbox.state.data.issues.filter((i) => i.pull && [GADGET, GIZMO, RUNTIME].includes(i.repo));
}
function comments(w: FeedstockWorld, repo: string) {
  return w.sandbox.state.data.comments.filter((c) => c.repo === repo).map((c) => c.body);
}

async function start(conda = onLabel("1.20.0rc1")) {
  return startFeedstockWorld({ condaForgeExtra: dependentsConfig, extraRepos: dependentRepos(), conda });
}

describe("release-kit conda-forge dependents: a candidate", () => {
  it("opens one draft PR per dependent with the right edit, from the fork, and never writes to a feedstock branch", async () => {
    world = await start();
    const r = await world.cli([
      "conda-forge",
      "dependents",
      "--version",
      "1.20.0rc1",
      "--checklist-url",
      "https://github.com/acme/widget/issues/7",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { dependents: Record<string, unknown>[] };
    expect(world.sandbox.violations).toEqual([]);
    const pulls = dependentPulls(world);
    expect(pulls).toHaveLength(3);
    for (const pr of pulls) {
      expect(pr.title).toBe("[release-kit] build against widget 1.20.0rc1 (do not merge)");
      expect(pr.pull).toMatchObject({ draft: true, headRef: branch, baseRef: "main" });
      expect(pr.body).toContain("https://github.com/acme/widget/issues/7");
      expect(pr.body).toContain("not meant to be merged");
    }
    // Nothing pushed to any feedstock's own branches.
    for (const repo of [GADGET, GIZMO, RUNTIME, FEEDSTOCK]) {
      const writes = world.sandbox
        .appliedWrites()
        .filter((w) => w.path.startsWith(`/repos/${repo}/git/`) || w.path.startsWith(`/repos/${repo}/contents`));
      expect(writes, repo).toEqual([]);
    }

    // v0: channel_sources plus the variant pin and the run pin, nothing else.
    const gadgetHead = (await world.sandbox.git.readRef("release-bot/gadget-feedstock", `refs/heads/${branch}`))!;
    const gadgetMain = (await world.sandbox.git.readRef(GADGET, "refs/heads/main"))!;
    expect(
      (await world.sandbox.git.diffNames("release-bot/gadget-feedstock", gadgetMain, gadgetHead))
        .map((c) => c.path)
        .sort(),
    ).toEqual(["recipe/conda_build_config.yaml", "recipe/meta.yaml"]);
    expect(await world.readFile("release-bot/gadget-feedstock", gadgetHead, "recipe/conda_build_config.yaml")).toBe(
      'python_min:\n  - "3.10"\nwidget:\n  - "1.20.0rc1"\nchannel_sources:\n  - conda-forge/label/widget_rc,conda-forge\n',
    );
    expect(await world.readFile("release-bot/gadget-feedstock", gadgetHead, "recipe/meta.yaml")).toContain(
      "    - widget >=1.19,<1.20.0a0|==1.20.0rc1  # the series gadget is tested with\n",
    );
    // v1 pinning `widget >=1.19,<1.20`: admitted as is, only the build config (created) changes.
    const gizmoHead = (await world.sandbox.git.readRef("release-bot/gizmo-feedstock", `refs/heads/${branch}`))!;
    const gizmoMain = (await world.sandbox.git.readRef(GIZMO, "refs/heads/main"))!;
    expect(
      (await world.sandbox.git.diffNames("release-bot/gizmo-feedstock", gizmoMain, gizmoHead)).map((c) => c.path),
    ).toEqual(["recipe/conda_build_config.yaml"]);
    const gizmoPr = pulls.find((p) => p.repo === GIZMO)!;
    expect(gizmoPr.body).toContain(
      "`- widget >=1.19,<1.20` unchanged (already admits 1.20.0rc1 in conda's version ordering)",
    );
    expect(comments(world, GADGET)).toEqual(["@conda-forge-admin, please rerender"]);
    expect(comments(world, GIZMO)).toEqual(["@conda-forge-admin, please rerender"]);

    // vendored-source: the second source with the archive's real hash, the define in both scripts, nothing else.
    const runtime = out.dependents.find((d) => d.feedstock === RUNTIME) as { source: { sha256: string; url: string } };
    const archive = await fetch(`${world.sandbox.serverUrl}/acme/widget/archive/refs/tags/v1.20.0rc1.tar.gz`);
    const { createHash } = await import("node:crypto");
    expect(runtime.source.sha256).toBe(
      createHash("sha256")
        .update(Buffer.from(await archive.arrayBuffer()))
        .digest("hex"),
    );
    const runtimeHead = (await world.sandbox.git.readRef(
      "release-bot/widgetruntime-feedstock",
      `refs/heads/${branch}`,
    ))!;
    const runtimeMain = (await world.sandbox.git.readRef(RUNTIME, "refs/heads/main"))!;
    expect(
      (await world.sandbox.git.diffNames("release-bot/widgetruntime-feedstock", runtimeMain, runtimeHead))
        .map((c) => c.path)
        .sort(),
    ).toEqual(["recipe/bld.bat", "recipe/build.sh", "recipe/meta.yaml"]);
    const meta = (await world.readFile("release-bot/widgetruntime-feedstock", runtimeHead, "recipe/meta.yaml"))!;
    expect(meta).toContain(
      `  - url: https://github.com/acme/widget/archive/refs/tags/v1.20.0rc1.tar.gz\n    sha256: ${runtime.source.sha256}\n    folder: widget-candidate\n`,
    );
    // The runtime's own patch to the widget sources (source-patches), applied to the candidate's folder by each build
    // script before the command that runs CMake, with the patch tools added to the build requirements.
    expect(meta).toContain("    - ninja\n    - patch  # [unix]\n    - m2-patch  # [win]\n  host:\n");
    const buildSh = (await world.readFile("release-bot/widgetruntime-feedstock", runtimeHead, "recipe/build.sh"))!;
    expect(buildSh).toContain(
      '# <<< release-kit: the dependent\'s own patches\ncmake_extra_defines+=( "FETCHCONTENT_SOURCE_DIR_WIDGET=$SRC_DIR/widget-candidate" )\n',
    );
    expect(buildSh).toContain('for rk_patch in "cmake/patches/widget/widget.patch"; do');
    expect(buildSh).toContain('-p1 -d "$SRC_DIR/widget-candidate" -i "$SRC_DIR/$rk_patch"');
    const bldBat = (await world.readFile("release-bot/widgetruntime-feedstock", runtimeHead, "recipe/bld.bat"))!;
    expect(bldBat).toContain(
      '--cmake_extra_defines "FETCHCONTENT_SOURCE_DIR_WIDGET=%SRC_DIR:\\=/%/widget-candidate" EIGEN_MPL2_ONLY=ON',
    );
    expect(bldBat).toContain(
      'patch --dry-run --binary --ignore-whitespace --forward -p1 -d "%SRC_DIR:\\=/%/widget-candidate" -i "%SRC_DIR:\\=/%/cmake/patches/widget/widget.patch" <nul\nif not errorlevel 1 (\n',
    );
    expect(bldBat.indexOf("rem <<< release-kit")).toBeLessThan(bldBat.indexOf("python tools/ci_build/build.py"));
    const runtimePr = pulls.find((p) => p.repo === RUNTIME)!;
    expect(runtimePr.body).toContain(
      "Normally vendored: `widget;https://github.com/acme/widget/archive/refs/tags/v1.19.0.zip;0000000000000000000000000000000000000002` (acme/widgetruntime:cmake/deps.txt at v1.5.0)",
    );
    expect(runtimePr.body).toContain("Built by this PR: widget 1.20.0rc1, the tag v1.20.0rc1 of acme/widget");
    expect(runtimePr.body).toContain("### The dependent's own patches");
    expect(runtimePr.body).toContain("- `cmake/patches/widget/widget.patch` (from the dependent's source root)");
    expect(runtimePr.body).not.toContain("are not applied to the candidate");
    expect(comments(world, RUNTIME)).toEqual([]);
  });

  it("a rerun writes nothing, and a dry run shows each diff and writes nothing", async () => {
    world = await start();
    expect((await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc1"])).code).toBe(0);
    const mark = world.sandbox.requests.length;
    const again = await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc1"]);
    expect(again.code, again.stderr).toBe(0);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    const dry = await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc2", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    expect(dry.stdout).toContain("+    - widget >=1.19,<1.20.0a0|==1.20.0rc2  # the series gadget is tested with");
    expect(dry.stdout).toContain(
      "-    - widget >=1.19,<1.20.0a0|==1.20.0rc1  # the series gadget is tested with".slice(0, 0),
    );
    expect(dry.stdout).toContain("dry run, would: update the branch, update the PR");
  });

  it("a newer candidate updates the same PRs: title, pins and second source", async () => {
    world = await start([...onLabel("1.20.0rc1"), ...onLabel("1.20.0rc2")]);
    expect((await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc1"])).code).toBe(0);
    const r = await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc2"]);
    expect(r.code, r.stderr).toBe(0);
    const pulls = dependentPulls(world);
    expect(pulls).toHaveLength(3);
    expect(pulls.map((p) => p.title)).toEqual(
      Array(3).fill("[release-kit] build against widget 1.20.0rc2 (do not merge)"),
    );
    const head = (await world.sandbox.git.readRef("release-bot/gadget-feedstock", `refs/heads/${branch}`))!;
    expect(await world.readFile("release-bot/gadget-feedstock", head, "recipe/conda_build_config.yaml")).toContain(
      '  - "1.20.0rc2"\n',
    );
    const runtimeHead = (await world.sandbox.git.readRef(
      "release-bot/widgetruntime-feedstock",
      `refs/heads/${branch}`,
    ))!;
    const meta = (await world.readFile("release-bot/widgetruntime-feedstock", runtimeHead, "recipe/meta.yaml"))!;
    expect(meta).toContain("v1.20.0rc2.tar.gz");
    expect(meta).not.toContain("v1.20.0rc1.tar.gz");
    expect(meta.split("- m2-patch  # [win]")).toHaveLength(2);
    // rc2's scripts are edited from the feedstock's branch again: one patch step and one define, never two.
    const buildSh = (await world.readFile("release-bot/widgetruntime-feedstock", runtimeHead, "recipe/build.sh"))!;
    expect(buildSh.split("# >>> release-kit: the dependent's own patches")).toHaveLength(2);
    expect(buildSh.split("cmake_extra_defines+=( ")).toHaveLength(2);
    // One rerender request per PR, not one per candidate.
    expect(comments(world, GADGET)).toEqual(["@conda-forge-admin, please rerender"]);
    // An older candidate after a newer one is refused before any write.
    const mark = world.sandbox.requests.length;
    const back = await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc1"]);
    expect(back.code).not.toBe(0);
    expect(back.stderr).toContain("newer than 1.20.0rc1");
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
  });

  it("--wait-for-label waits for the candidate's repodata, printing progress, and gives up at the limit", async () => {
    world = await start([]);
    const env = { RELEASE_KIT_LABEL_POLL_MS: "20" };
    // The candidate reaches the label only after the first look at it found nothing, as a build still uploading.
    const w = world;
    const late = (async () => {
      while (!w.sandbox.requests.some((q) => q.area === "conda")) await sleep(10);
      await sleep(100);
      for (const p of onLabel("1.20.0rc1")) addCondaPackage(w.sandbox.state, p);
    })();
    const r = await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc1", "--wait-for-label"], env);
    await late;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /waiting for widget 1\.20\.0rc1 on conda-forge\/label\/widget_rc \(missing in \d+ of \d+ subdirs\): \d+ s of 2 h \(limit: conda-forge\.label-wait-minutes, --label-wait-minutes\)/,
    );
    expect(dependentPulls(world)).toHaveLength(3);

    const mark = world.sandbox.requests.length;
    const none = await world.cli(
      ["conda-forge", "dependents", "--version", "1.20.0rc2", "--wait-for-label", "--label-wait-minutes", "0"],
      env,
    );
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain("widget 1.20.0rc2 is not on the label yet");
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
  });
});

describe("release-kit conda-forge dependents: the final", () => {
  it("leaves the PRs open until the final's feedstock PR is merged, then closes each with one comment", async () => {
    world = await start();
    expect((await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc1"])).code).toBe(0);
    const waiting = await world.cli(["conda-forge", "dependents", "--version", "1.20.0"]);
    expect(waiting.code, waiting.stderr).toBe(0);
    expect(waiting.stdout).toContain("not merged in its feedstock yet");
    expect(dependentPulls(world).every((p) => p.state === "open")).toBe(true);

    await world.commit(
      FEEDSTOCK,
      "main",
      { "recipe/meta.yaml": widgetMetaYaml.replace('"1.19.0"', '"1.20.0"') },
      "widget v1.20.0 (#12)",
    );
    const r = await world.cli([
      "conda-forge",
      "dependents",
      "--version",
      "1.20.0",
      "--checklist-url",
      "https://github.com/acme/widget/issues/7",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(dependentPulls(world).map((p) => p.state)).toEqual(["closed", "closed", "closed"]);
    for (const repo of [GADGET, GIZMO, RUNTIME]) {
      const closing = comments(world, repo).filter((c) => c.includes("widget 1.20.0 is released"));
      expect(closing, repo).toHaveLength(1);
      expect(closing[0]).toContain("https://github.com/acme/widget/issues/7");
    }
    const mark = world.sandbox.requests.length;
    expect((await world.cli(["conda-forge", "dependents", "--version", "1.20.0"])).code).toBe(0);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
  });
});
