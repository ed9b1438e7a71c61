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
});
