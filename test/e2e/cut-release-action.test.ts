/**
 * The bundled cut-release action run as the runner runs it, against the sandbox: it cuts a candidate with its outputs
 * and job summary (the token never logged), fails a bad version before any write, honours dry-run and from-branch.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";
import { runBundledAction } from "../helpers/run-bundled-action.js";

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

function runnerEnv(w: WidgetWorld, token = "t-release"): Record<string, string> {
  return {
    ...w.sandbox.env(),
    GITHUB_WORKSPACE: w.dir,
    GITHUB_RUN_ID: "5001",
    GITHUB_TOKEN: token,
    RELEASE_KIT_WRITE_INTERVAL_MS: "0",
    RELEASE_KIT_RETRY_BASE_MS: "5",
  };
}

describe("the bundled cut-release action, run as the runner runs it", () => {
  it("cuts rc1, sets its outputs and writes a job summary; the token never appears in the log", async () => {
    world = await startWidgetWorld();
    const run = await runBundledAction("cut-release", { version: "1.20.0" }, runnerEnv(world));
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ tag: "v1.20.0rc1", version: "1.20.0rc1", branch: "rel-1.20.0" });
    expect(run.outputs["release-url"]).toContain("/acme/widget/releases/tag/v1.20.0rc1");
    expect(run.outputs.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(run.summary).toContain("| tag | done | v1.20.0rc1 |");
    // The runner swallows ::add-mask:: commands and masks the value everywhere else; nothing else may print it.
    expect(run.stdout).toContain("::add-mask::t-release");
    expect(
      run.stdout
        .split("\n")
        .filter((l) => !l.startsWith("::add-mask::"))
        .join("\n"),
    ).not.toContain("t-release");
  });

  it("fails the step with one error line and writes nothing for a bad version", async () => {
    world = await startWidgetWorld();
    const run = await runBundledAction("cut-release", { version: "v1.20.0" }, runnerEnv(world));
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::--version "v1\.20\.0" is not valid: drop the leading "v"/);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });

  it("dry-run makes no write and still reports the plan", async () => {
    world = await startWidgetWorld();
    const run = await runBundledAction("cut-release", { version: "1.20.0", "dry-run": "true" }, runnerEnv(world));
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.summary).toContain("would do (dry run)");
    expect(world.sandbox.requests.filter((r) => r.write)).toEqual([]);
  });

  it("from-branch tags the candidate a PR put in VERSION_NUMBER, without a new commit", async () => {
    world = await startWidgetWorld();
    const gh = world.client();
    const repo = { owner: "acme", repo: "widget" };
    // The project's own flow: a release branch, and a PR that bumps the version files to 1.20.0rc1.
    const main = await gh.rest.git.getRef({ ...repo, ref: "heads/main" });
    const base = await gh.rest.git.getCommit({ ...repo, commit_sha: main.data.object.sha });
    const tree = await gh.rest.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [
        { path: "VERSION_NUMBER", mode: "100644", type: "blob", content: "1.20.0rc1\n" },
        { path: "widget/__init__.py", mode: "100644", type: "blob", content: '__version__ = "1.20.0rc1"\n' },
      ],
    });
    const bump = await gh.rest.git.createCommit({
      ...repo,
      message: "Bump to 1.20.0rc1 (#1234)",
      tree: tree.data.sha,
      parents: [main.data.object.sha],
    });
    await gh.rest.git.createRef({ ...repo, ref: "refs/heads/rel-1.20.0", sha: bump.data.sha });
    await gh.rest.checks.create({
      ...repo,
      name: "build",
      head_sha: bump.data.sha,
      status: "completed",
      conclusion: "success",
    });
    const run = await runBundledAction("cut-release", { version: "1.20.0", "from-branch": "true" }, runnerEnv(world));
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ tag: "v1.20.0rc1", sha: bump.data.sha });
    expect(await world.sandbox.git.resolveCommit("acme/widget", "rel-1.20.0")).toBe(bump.data.sha);
  });

  it("cuts the next candidate only with the input next: true; without it the pre-flight names the input", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const mark = world.sandbox.requests.length;
    // From the source entry: the committed bundle is rebuilt when this merges.
    const refused = await runBundledAction("cut-release", { version: "1.20.0" }, runnerEnv(world), { source: true });
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain(
      "::error::pre-flight failed, nothing was written: candidate: rc2 of 1.20.0: rc1 is cut and released, so this would cut the next candidate: pass the input next: true to cut it",
    );
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    const next = await runBundledAction("cut-release", { version: "1.20.0", next: "true" }, runnerEnv(world), {
      source: true,
    });
    expect(next.exitCode, next.stdout).toBe(0);
    expect(next.outputs).toMatchObject({ tag: "v1.20.0rc2", version: "1.20.0rc2" });
  });

  it("log groups hold their lines: each ::group:: opens with its first line and closes after its last, none empty", async () => {
    world = await startWidgetWorld();
    const run = await runBundledAction("cut-release", { version: "1.20.0" }, runnerEnv(world), { source: true });
    expect(run.exitCode, run.stdout).toBe(0);
    const lines = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::") && !l.startsWith("::debug::"));
    const groups: { title: string; lines: string[] }[] = [];
    let current: { title: string; lines: string[] } | null = null;
    for (const line of lines) {
      if (line.startsWith("::group::")) {
        expect(current, `a group opened inside ${current?.title}`).toBeNull();
        current = { title: line.slice("::group::".length), lines: [] };
      } else if (line === "::endgroup::") {
        expect(current, "an ::endgroup:: without a group").not.toBeNull();
        groups.push(current!);
        current = null;
      } else if (current) current.lines.push(line);
    }
    expect(current).toBeNull();
    expect(groups.map((g) => g.title)).toEqual(["Cutting v1.20.0rc1"]);
    expect(groups[0]!.lines.map((l) => l.replace(/\(\w{7}\)|http\S+/g, "X"))).toEqual([
      "committed 1.20.0rc1 on rel-1.20.0 X",
      "tagged v1.20.0rc1",
      "published pre-release X",
    ]);
    // The result follows the group, once: the pre-flight is in it, never as separate progress lines.
    const after = lines.slice(lines.indexOf("::endgroup::") + 1).join("\n");
    expect(after).toContain("Pre-flight:");
    expect(lines.join("\n").match(/version files: VERSION_NUMBER, widget\/__init__.py hold 1\.20\.0/g)).toHaveLength(1);
  });
});
