/**
 * The bundled publish action run as the runner runs it, against the sandbox: its dry-run outputs and summary, nothing
 * to do for a version already on the index, one error line for a missing tag.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addPackageFile } from "../../src/sandbox/apply-seed.js";
import { runBundledAction } from "../helpers/run-bundled-action.js";
import { startWidgetWorld, widgetConfig, widgetSeed, type WidgetWorld } from "../helpers/widget-project.js";

const CONFIG = `${widgetConfig}publish:
  workflow: create_release.yml
  rc-inputs: { channel: testpypi }
pypi:
  package: widget
`;

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

async function worldWithRc1(): Promise<WidgetWorld> {
  const seed = widgetSeed();
  const w = await startWidgetWorld({
    config: CONFIG,
    seed: {
      ...seed,
      repos: seed.repos.map((r) => ({ ...r, workflows: { "create_release.yml": { conclusion: "success" as const } } })),
    },
  });
  world = w;
  expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
  return w;
}

const env = (w: WidgetWorld) => ({
  ...w.sandbox.env(),
  GITHUB_WORKSPACE: w.dir,
  GITHUB_TOKEN: "t-release",
  RELEASE_KIT_WRITE_INTERVAL_MS: "0",
  RELEASE_KIT_RETRY_BASE_MS: "5",
});

describe("the bundled publish action, run as the runner runs it", () => {
  it("dry run: outputs the dispatch action and a summary of what it would do, no write", async () => {
    const w = await worldWithRc1();
    const mark = w.sandbox.requests.length;
    const run = await runBundledAction("publish", { tag: "v1.20.0rc1", "dry-run": "true" }, env(w));
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ action: "dispatch", "run-url": "" });
    expect(run.summary).toContain("| dispatch | would do (dry run) | dispatch create_release.yml on v1.20.0rc1");
    expect(run.stdout).toContain('"channel":"testpypi"');
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);
  });

  it("does nothing for a version already on the index and lists its files", async () => {
    const w = await worldWithRc1();
    const storedAt = path.join(w.dir, "widget-1.20.0rc1.tar.gz");
    writeFileSync(storedAt, "sdist");
    addPackageFile(w.sandbox.state, {
      name: "widget",
      version: "1.20.0rc1",
      filename: "widget-1.20.0rc1.tar.gz",
      storedAt,
      bytes: Buffer.from("sdist"),
      requiresPython: null,
      uploadTime: "2026-11-01T12:00:00Z",
    });
    const mark = w.sandbox.requests.length;
    const run = await runBundledAction("publish", { tag: "v1.20.0rc1" }, env(w));
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ action: "already-published", files: "widget-1.20.0rc1.tar.gz" });
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);
  });

  it("fails the step with one error line for a tag that does not exist", async () => {
    const w = await worldWithRc1();
    const run = await runBundledAction("publish", { tag: "v1.20.0rc9" }, env(w));
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::tag v1\.20\.0rc9 does not exist in acme\/widget/);
  });
});
