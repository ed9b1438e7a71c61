/**
 * Classifying downstream runs: failure reasons from exit codes and log tails, and the crater category from both sides.
 */
import { describe, expect, it } from "vitest";
import { compareSides } from "../../src/core/downstream/compare-sides.js";
import { detectFailureReason } from "../../src/core/downstream/detect-failure-reason.js";
import { measureFlakeRate } from "../../src/core/downstream/measure-flake-rate.js";
import type { DownstreamRun, FailureReason, Side, SideResult } from "../../src/core/downstream/outcomes.js";
import { planNextRun } from "../../src/core/downstream/plan-next-run.js";

function run(side: Side, result: SideResult, reason?: FailureReason, attempt = 1): DownstreamRun {
  return {
    side,
    version: side === "baseline" ? "1.0.0" : "2.0.0rc1",
    attempt,
    result,
    ...(reason ? { reason } : {}),
    log: "",
    durationSeconds: 1,
  };
}
const ending = { timedOut: false, logTail: "" };

describe("failure reasons", () => {
  it("calls a step that hit its time limit a timeout, whatever its log says", () => {
    expect(detectFailureReason({ ...ending, timedOut: true, logTail: "No space left on device" })).toBe("timeout");
  });
  it("recognises the OOM killer by exit 137, SIGKILL, 'Killed' or MemoryError", () => {
    expect(detectFailureReason({ ...ending, exitCode: 137 })).toBe("oom");
    expect(detectFailureReason({ ...ending, signal: "SIGKILL" })).toBe("oom");
    expect(detectFailureReason({ ...ending, exitCode: 1, logTail: "building...\nKilled\n" })).toBe("oom");
    expect(detectFailureReason({ ...ending, exitCode: 1, logTail: "E   MemoryError" })).toBe("oom");
  });
  it("recognises a full disk and a lost network from the log tail", () => {
    expect(detectFailureReason({ ...ending, exitCode: 1, logTail: "write: No space left on device" })).toBe("no-space");
    expect(
      detectFailureReason({ ...ending, exitCode: 128, logTail: "fatal: Could not resolve host: github.com" }),
    ).toBe("network");
    expect(detectFailureReason({ ...ending, exitCode: 1, logTail: "pip: Connection reset by peer" })).toBe("network");
  });
  it("blames infrastructure when a command cannot start, and nothing when the log shows a plain test failure", () => {
    expect(detectFailureReason({ ...ending, spawnFailed: true })).toBe("infra");
    expect(detectFailureReason({ ...ending, exitCode: 1, logTail: "assertion failed: 3 != 4" })).toBe("unknown");
  });
});

describe("comparing sides", () => {
  it("reports a candidate that fails where the baseline passes as regressed", () => {
    expect(compareSides([run("baseline", "test-pass"), run("candidate", "test-fail", "unknown")])).toBe("regressed");
    expect(compareSides([run("baseline", "test-fail"), run("candidate", "build-fail", "unknown")])).toBe("regressed");
  });
  it("reports a candidate failure for a machine reason as spurious-regressed", () => {
    expect(compareSides([run("baseline", "test-pass"), run("candidate", "test-fail", "oom")])).toBe(
      "spurious-regressed",
    );
  });
  it("tells fixed from spurious-fixed by the baseline's reason", () => {
    expect(compareSides([run("baseline", "build-fail", "unknown"), run("candidate", "test-pass")])).toBe("fixed");
    expect(compareSides([run("baseline", "test-fail", "network"), run("candidate", "test-pass")])).toBe(
      "spurious-fixed",
    );
  });
  it("puts equal outcomes in the same-* categories, tests skipped by config counting as a pass", () => {
    expect(compareSides([run("baseline", "build-fail"), run("candidate", "build-fail")])).toBe("same-build-fail");
    expect(compareSides([run("baseline", "test-fail"), run("candidate", "test-fail")])).toBe("same-test-fail");
    expect(compareSides([run("baseline", "test-skipped"), run("candidate", "test-skipped")])).toBe("same-test-pass");
  });
  it("lets skipped, error, broken and prepare-fail on either side decide the category", () => {
    expect(compareSides([run("baseline", "skipped"), run("candidate", "skipped")])).toBe("skipped");
    expect(compareSides([run("baseline", "test-pass"), run("candidate", "error")])).toBe("error");
    expect(compareSides([run("baseline", "broken"), run("candidate", "test-pass")])).toBe("broken");
    expect(compareSides([run("baseline", "test-pass"), run("candidate", "prepare-fail")])).toBe("prepare-fail");
  });
  it("never reports a downstream whose candidate runs disagree as regressed", () => {
    const runs = [
      run("baseline", "test-pass"),
      run("candidate", "test-fail", "unknown"),
      run("candidate", "test-pass", undefined, 2),
    ];
    expect(compareSides(runs)).toBe("flaky");
  });
  it("calls a downstream with a missing side unknown", () => {
    expect(compareSides([run("baseline", "test-pass")])).toBe("unknown");
  });
});

describe("retry policy", () => {
  const policy = { retries: 2 };
  it("runs the baseline, then the candidate, and stops when the candidate passes", () => {
    expect(planNextRun([], policy)).toBe("baseline");
    expect(planNextRun([run("baseline", "test-pass")], policy)).toBe("candidate");
    expect(planNextRun([run("baseline", "test-pass"), run("candidate", "test-pass")], policy)).toBeUndefined();
  });
  it("retries a failing candidate twice, then runs the baseline once more", () => {
    const runs = [run("baseline", "test-pass"), run("candidate", "test-fail")];
    expect(planNextRun(runs, policy)).toBe("candidate");
    runs.push(run("candidate", "test-fail", undefined, 2));
    expect(planNextRun(runs, policy)).toBe("candidate");
    runs.push(run("candidate", "test-fail", undefined, 3));
    expect(planNextRun(runs, policy)).toBe("baseline");
    runs.push(run("baseline", "test-pass", undefined, 2));
    expect(planNextRun(runs, policy)).toBeUndefined();
  });
  it("stops retrying once a retry passes but still repeats the baseline", () => {
    const runs = [
      run("baseline", "test-pass"),
      run("candidate", "test-fail"),
      run("candidate", "test-pass", undefined, 2),
    ];
    expect(planNextRun(runs, policy)).toBe("baseline");
  });
  it("does not retry when both sides fail the same way", () => {
    expect(planNextRun([run("baseline", "build-fail"), run("candidate", "build-fail")], policy)).toBeUndefined();
  });
  it("honours a configured retry count of zero", () => {
    expect(planNextRun([run("baseline", "test-pass"), run("candidate", "test-fail")], { retries: 0 })).toBe("baseline");
  });
  it("runs each side 1 + retries times in A/A calibration, alternating", () => {
    const runs: DownstreamRun[] = [];
    const order: string[] = [];
    for (
      let side = planNextRun(runs, { retries: 2, calibrate: true });
      side;
      side = planNextRun(runs, { retries: 2, calibrate: true })
    ) {
      order.push(side);
      runs.push(run(side, "test-pass"));
    }
    expect(order).toEqual(["baseline", "candidate", "baseline", "candidate", "baseline", "candidate"]);
  });
  it("measures the flake rate as the share of runs that disagree with the most common result", () => {
    expect(measureFlakeRate([run("baseline", "test-pass"), run("candidate", "test-pass")])).toBe(0);
    expect(
      measureFlakeRate([
        run("baseline", "test-pass"),
        run("candidate", "test-fail"),
        run("baseline", "test-pass"),
        run("candidate", "test-pass"),
      ]),
    ).toBe(0.25);
  });
});
