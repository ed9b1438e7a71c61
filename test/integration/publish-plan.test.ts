/**
 * The publish plan without a server: when the hand-off is done, dispatches or is refused, and how placeholders are
 * filled and the poll backs off.
 */
import { describe, expect, it } from "vitest";
import { ConflictError } from "../../src/core/errors.js";
import { planPublish } from "../../src/core/publish-plan/plan-publish.js";
import { pollDelay } from "../../src/core/publish-plan/poll-delay.js";
import type { ObservedRun, PublishObservation } from "../../src/core/publish-plan/publish-observation.js";
import { fillPublishPlaceholders } from "../../src/core/publish-plan/publish-placeholders.js";
import type { PublishSettings } from "../../src/core/publish-plan/publish-settings.js";

// The pure half of the publish hand-off: plans from observations built by hand (no sandbox needed).

const TAG_SHA = "a".repeat(40);
const settings: PublishSettings = {
  repo: "acme/widget",
  tag: "v1.20.0rc1",
  version: "1.20.0rc1",
  indexVersion: "1.20.0rc1",
  kind: "rc",
  branch: "rel-1.20.0",
  package: "widget",
  indexUrl: "https://test.pypi.org",
  workflow: "create_release.yml",
  ref: "v1.20.0rc1",
  inputs: { channel: "testpypi" },
  timeoutMs: 60 * 60_000,
  indexWaitMs: 15 * 60_000,
  pollDelays: { startMs: 5_000, maxMs: 60_000 },
};
const run = (over: Partial<ObservedRun>): ObservedRun => ({
  id: 1,
  url: "https://github.com/acme/widget/actions/runs/1",
  status: "completed",
  conclusion: "success",
  headSha: TAG_SHA,
  headBranch: "v1.20.0rc1",
  event: "workflow_dispatch",
  createdAt: "2026-11-01T12:00:00Z",
  ...over,
});
const obs = (over: Partial<PublishObservation> = {}): PublishObservation => ({
  indexFiles: [],
  tagCommit: TAG_SHA,
  refCommit: TAG_SHA,
  runs: [],
  ...over,
});

describe("planPublish", () => {
  it("is done when the index has the version, whatever else is true", () => {
    const plan = planPublish(
      settings,
      obs({ indexFiles: [{ filename: "w.tar.gz", sha256: "0", url: "u" }], tagCommit: null }),
    );
    expect(plan.action).toBe("already-published");
    expect(plan.steps.map((s) => s.status)).toEqual(["skip", "skip", "done"]);
  });

  it("dispatches when no run exists, showing the request", () => {
    const plan = planPublish(settings, obs());
    expect(plan).toMatchObject({ action: "dispatch", dispatch: { workflow: "create_release.yml", ref: "v1.20.0rc1" } });
    expect(plan.steps[0]?.summary).toBe("dispatch create_release.yml on v1.20.0rc1 with channel=testpypi");
  });

  it.each([
    ["queued", null],
    ["in_progress", null],
    ["completed", "success"],
  ])("follows an earlier run that is %s %s instead of dispatching again", (status, conclusion) => {
    const plan = planPublish(settings, obs({ runs: [run({ id: 7, status, conclusion })] }));
    expect(plan.action).toBe("follow-run");
    expect(plan.run?.id).toBe(7);
  });

  it.each(["failure", "cancelled", "timed_out"])("dispatches anew after an earlier run that ended %s", (conclusion) => {
    const plan = planPublish(settings, obs({ runs: [run({ conclusion })] }));
    expect(plan.action).toBe("dispatch");
    expect(plan.failedRun?.conclusion).toBe(conclusion);
  });

  it("ignores runs on other refs, other commits and other events", () => {
    const plan = planPublish(
      settings,
      obs({
        runs: [
          run({ id: 3, headBranch: "main", status: "in_progress", conclusion: null }),
          run({ id: 2, headSha: "b".repeat(40) }),
          run({ id: 1, event: "push" }),
        ],
      }),
    );
    expect(plan.action).toBe("dispatch");
    expect(plan.knownRunIds).toEqual([3, 2, 1]);
  });

  it("refuses a missing tag, and a dispatch ref that moved past the tag", () => {
    expect(() => planPublish(settings, obs({ tagCommit: null }))).toThrow(/tag v1\.20\.0rc1 does not exist/);
    expect(() => planPublish({ ...settings, ref: "rel-1.20.0" }, obs({ refCommit: "c".repeat(40) }))).toThrow(
      ConflictError,
    );
    expect(() => planPublish({ ...settings, ref: "rel-1.20.0" }, obs({ refCommit: "c".repeat(40) }))).toThrow(
      /would build other code/,
    );
  });
});

describe("publish placeholders and backoff", () => {
  it("fills {tag}, {version} and {branch}, and rejects anything else naming the key", () => {
    const values = { tag: "v1.20.0rc1", version: "1.20.0rc1", branch: "rel-1.20.0" };
    expect(fillPublishPlaceholders("{branch}:{tag}:{version}", values, "publish.ref")).toBe(
      "rel-1.20.0:v1.20.0rc1:1.20.0rc1",
    );
    expect(() => fillPublishPlaceholders("{sha}", values, "publish.inputs.x")).toThrow(
      /publish\.inputs\.x: unknown placeholder \{sha\}/,
    );
  });

  it("doubles from 5 s and stops at 60 s", () => {
    const delays = { startMs: 5_000, maxMs: 60_000 };
    expect([0, 1, 2, 3, 4, 5, 100].map((n) => pollDelay(n, delays))).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000,
    ]);
  });
});
