/**
 * The downstream baseline cache's key (same inputs, same key; any change of commit, baseline, command, env or runner
 * image, a new one) and which baseline runs are kept for reuse or dropped.
 */
import { describe, expect, it } from "vitest";
import {
  baselineCacheDigest,
  baselineKeyFields,
  cachedBaselineContradicted,
  reusableBaselineRun,
  runnerImage,
} from "../../src/core/downstream/baseline-cache-key.js";
import type { DownstreamRun } from "../../src/core/downstream/outcomes.js";

const host = { os: "linux", arch: "x64", release: "6.8.0-1017-azure" };
const entry = { repo: "acme/widget-user", test: ["pytest", "-x"], shell: false, env: {}, timeoutMinutes: {} };
const hosted = { ImageOS: "ubuntu24", ImageVersion: "20251102.1.0", RUNNER_OS: "Linux", RUNNER_ARCH: "X64" };
const digest = (over: { entry?: object; commit?: string; env?: Record<string, string>; baseline?: string } = {}) =>
  baselineCacheDigest(
    baselineKeyFields(
      { ...entry, ...over.entry },
      over.commit ?? "a".repeat(40),
      { version: over.baseline ?? "1.19.0" },
      runnerImage("ubuntu-latest", over.env ?? hosted, host),
    ),
  );

const run = (side: DownstreamRun["side"], result: DownstreamRun["result"], extra: Partial<DownstreamRun> = {}) => ({
  side,
  version: "v",
  attempt: 1,
  result,
  log: "",
  durationSeconds: 1,
  ...extra,
});

describe("baseline cache key", () => {
  it("is the same for the same downstream commit, baseline, image and commands", () => {
    expect(digest()).toBe(digest());
    expect(digest()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with the commit, the baseline, a command, the env or the runner image", () => {
    const base = digest();
    expect(digest({ commit: "b".repeat(40) })).not.toBe(base);
    expect(digest({ baseline: "1.19.1" })).not.toBe(base);
    expect(digest({ entry: { test: ["pytest"] } })).not.toBe(base);
    expect(digest({ entry: { env: { CFLAGS: "-O0" } } })).not.toBe(base);
    expect(digest({ env: { ...hosted, ImageVersion: "20251109.2.0" } })).not.toBe(base);
    expect(digest({ env: { ...hosted, RUNNER_ARCH: "ARM64" } })).not.toBe(base);
  });

  it("names a hosted runner by its image version, and a local machine by its kernel release", () => {
    expect(runnerImage("ubuntu-latest", hosted, host).release).toBeUndefined();
    expect(runnerImage("local", {}, host)).toEqual({
      platform: "local",
      os: "linux",
      arch: "x64",
      release: host.release,
    });
  });
});

describe("which baseline runs are kept", () => {
  it("keeps a first run that says something about the code, pass or fail", () => {
    expect(reusableBaselineRun([run("baseline", "test-pass"), run("candidate", "test-pass")])?.result).toBe(
      "test-pass",
    );
    expect(reusableBaselineRun([run("baseline", "build-fail")])?.result).toBe("build-fail");
  });

  it("never keeps a spurious failure, an error, a broken checkout, a flaky baseline or a cached run", () => {
    expect(reusableBaselineRun([run("baseline", "test-fail", { reason: "timeout" })])).toBeUndefined();
    expect(reusableBaselineRun([run("baseline", "error")])).toBeUndefined();
    expect(reusableBaselineRun([run("baseline", "broken")])).toBeUndefined();
    expect(
      reusableBaselineRun([run("baseline", "test-pass"), run("baseline", "test-fail", { attempt: 2 })]),
    ).toBeUndefined();
    const cached = { savedAt: "2026-12-01T00:00:00Z", candidate: "1.20.0rc1", commit: "a".repeat(40) };
    expect(reusableBaselineRun([run("baseline", "test-pass", { cached })])).toBeUndefined();
  });

  it("drops a cached baseline that a live re-run contradicts", () => {
    const cached = { savedAt: "2026-12-01T00:00:00Z", candidate: "1.20.0rc1", commit: "a".repeat(40) };
    const agrees = [run("baseline", "test-pass", { cached }), run("baseline", "test-pass", { attempt: 2 })];
    const disagrees = [run("baseline", "test-pass", { cached }), run("baseline", "test-fail", { attempt: 2 })];
    expect(cachedBaselineContradicted(agrees)).toBe(false);
    expect(cachedBaselineContradicted(disagrees)).toBe(true);
  });
});
