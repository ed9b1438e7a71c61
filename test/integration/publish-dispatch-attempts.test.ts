/**
 * The publish dispatch turns the client's retries off (a dispatch is not idempotent: the run list is checked before
 * each resend), so it counts its own attempts. It must get as many as any other request: under 20% faults the chaos
 * suite found runs where three dispatches in a row failed and the publish gave up while a fourth would have worked.
 */
import { writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { DISPATCH_ATTEMPTS } from "../../src/flows/publish/dispatch-run.js";
import type { WaitClock } from "../../src/flows/wait-clock.js";
import { publishRelease } from "../../src/flows/publish/publish-release.js";
import { publishSettingsFrom } from "../../src/flows/publish/settings.js";
import { addPackageFile } from "../../src/sandbox/apply-seed.js";
import { startWidgetWorld, widgetConfig, widgetSeed, type WidgetWorld } from "../helpers/widget-project.js";

const PUBLISH = `publish:
  workflow: create_release.yml
  ref: "{tag}"
  inputs: { tag: "{tag}" }
  rc-inputs: { tag: "{tag}" }
pypi:
  package: widget
`;

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

/** A cut candidate, a workflow whose runs succeed at once, and a clock whose sleeps upload the files once a run exists. */
async function publishWorld() {
  const seed = widgetSeed();
  const w = await startWidgetWorld({
    seed: {
      ...seed,
      repos: seed.repos.map((r) => ({
        ...r,
        workflows: { "create_release.yml": { conclusion: "success", durationMs: 0 } },
      })),
    },
    config: widgetConfig + PUBLISH,
  });
  world = w;
  expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-dispatch-"));
  let now = 0;
  const clock: WaitClock = {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      if (w.sandbox.state.data.workflowRuns.length > 0 && w.sandbox.state.data.packages.length === 0) {
        const storedAt = path.join(dir, "widget-1.20.0rc1.tar.gz");
        const bytes = Buffer.from("sdist");
        writeFileSync(storedAt, bytes);
        addPackageFile(w.sandbox.state, {
          name: "widget",
          version: "1.20.0rc1",
          filename: "widget-1.20.0rc1.tar.gz",
          storedAt,
          bytes,
          requiresPython: null,
          uploadTime: new Date(0).toISOString(),
        });
      }
      return Promise.resolve();
    },
  };
  const settings = publishSettingsFrom(await loadConfig(w.configPath), { tag: "v1.20.0rc1" }, w.sandbox.env());
  /** A client whose first `failures` dispatches answer 502 without reaching GitHub. */
  const failingClient = (failures: number) => {
    const gh = w.client();
    let left = failures;
    gh.hook.before("request", (options) => {
      if (String(options.url).endsWith("/dispatches") && left-- > 0) {
        throw Object.assign(new Error("Server Error"), { status: 502 });
      }
    });
    return gh;
  };
  const dispatches = () => w.sandbox.requests.filter((q) => q.route.endsWith("/dispatches"));
  return { w, clock, settings, failingClient, dispatches };
}

describe("publish dispatch attempts", () => {
  it("publishes when the first three dispatches fail and the fourth lands, with exactly one run", async () => {
    const t = await publishWorld();
    const result = await publishRelease(t.failingClient(3), t.settings, new RecordingLogger(), {
      dryRun: false,
      clock: t.clock,
    });
    expect(result.outcome?.steps.map((s) => [s.id, s.outcome])).toEqual([
      ["dispatch", "done"],
      ["wait", "done"],
      ["index", "done"],
    ]);
    expect(t.dispatches()).toHaveLength(1);
    expect(t.w.sandbox.state.data.workflowRuns).toHaveLength(1);
  });

  it("gives up after as many failed dispatches as the client's attempts (1 + 3 retries), having dispatched nothing", async () => {
    const t = await publishWorld();
    const error = await publishRelease(t.failingClient(DISPATCH_ATTEMPTS), t.settings, new RecordingLogger(), {
      dryRun: false,
      clock: t.clock,
    }).catch((e: unknown) => e);
    expect(DISPATCH_ATTEMPTS).toBe(4);
    expect(error).toBeInstanceOf(Error);
    expect(t.dispatches()).toHaveLength(0);
    expect(t.w.sandbox.state.data.workflowRuns).toHaveLength(0);
  });
});
