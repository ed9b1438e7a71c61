/**
 * What lets a job's sides run at once and be seen running: the opening pair agrees with the retry policy whatever
 * the first baseline gives, the run slots never let more than N tasks run and serve waiters in order, and the lines
 * a running side prints (start, step end, heartbeat with and without a limit, a dispatch wait without a limit).
 */
import { describe, expect, it } from "vitest";
import { SIDE_RESULTS, type DownstreamRun, type SideResult } from "../../src/core/downstream/outcomes.js";
import { openingRuns, planNextRun } from "../../src/core/downstream/plan-next-run.js";
import {
  sideFinishedLine,
  sideStartedLine,
  stepFinishedLine,
  stepHeartbeatLine,
  stepName,
} from "../../src/core/downstream/side-progress.js";
import { waitLine } from "../../src/core/wait-progress.js";
import { RunSlots } from "../../src/flows/downstream/run-slots.js";

const run = (side: DownstreamRun["side"], result: SideResult, attempt = 1): DownstreamRun => ({
  side,
  version: side === "baseline" ? "1.19.0" : "1.20.0rc1",
  attempt,
  result,
  log: "",
  durationSeconds: 1,
});

describe("the opening pair of a job", () => {
  it("is the first baseline and the first candidate, which the policy asks for whatever the baseline gives", () => {
    expect(openingRuns([])).toEqual(["baseline", "candidate"]);
    for (const calibrate of [false, true])
      for (const retries of [0, 2]) {
        const policy = { retries, calibrate };
        expect(planNextRun([], policy)).toBe("baseline");
        for (const result of SIDE_RESULTS) expect(planNextRun([run("baseline", result)], policy)).toBe("candidate");
      }
  });

  it("is nothing once a run is in (a cached baseline): from there each run waits for the ones before", () => {
    expect(openingRuns([run("baseline", "test-pass")])).toEqual([]);
  });
});

describe("the run slots", () => {
  it("never run more tasks than slots at once, and serve waiters in the order they came", async () => {
    const slots = new RunSlots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      slots.with(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return i;
      }),
    );
    // Let the first two start, then free one slot at a time.
    for (let freed = 0; freed < 5; freed++) {
      while (releases.length === 0) await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      releases.shift()!();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("free the slot when a task fails", async () => {
    const slots = new RunSlots(1);
    await expect(slots.with(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await slots.with(() => Promise.resolve("next"))).toBe("next");
  });
});

describe("the lines of a running side", () => {
  const label = {
    name: "onnxscript",
    platform: "ubuntu-latest",
    side: "candidate" as const,
    version: "1.20.0rc1",
    attempt: 2,
  };

  it("name the job, the side, its version and attempt, and the step", () => {
    expect(sideStartedLine(label)).toBe("onnxscript@ubuntu-latest: candidate 1.20.0rc1 #2 started");
    expect(stepFinishedLine(label, stepName("build", "install"), false, 125_000)).toBe(
      "onnxscript@ubuntu-latest: candidate 1.20.0rc1 #2: build (install) failed in 2 min 5 s",
    );
  });

  it("end with the side's result, why and the log line that says so", () => {
    expect(
      sideFinishedLine(label, {
        result: "build-fail",
        reason: "link",
        durationSeconds: 61.5,
        reasonLine: "cannot find -lwidget",
      }),
    ).toBe(
      "onnxscript@ubuntu-latest: candidate 1.20.0rc1 #2 finished: build-fail (link) in 61.5 s: cannot find -lwidget",
    );
  });

  it("give a running step's time and its limit, or say there is none", () => {
    expect(stepHeartbeatLine(label, "build", 90_000, 3_600_000)).toBe(
      "onnxscript@ubuntu-latest: candidate 1.20.0rc1 #2: build running for 1 min 30 s of 1 h (limit: timeout-minutes of onnxscript)",
    );
    expect(stepHeartbeatLine(label, "test", 30_000, 0)).toBe(
      "onnxscript@ubuntu-latest: candidate 1.20.0rc1 #2: test running for 30 s (no time limit)",
    );
  });

  it("a wait without a limit says so and names the setting that gives one", () => {
    expect(
      waitLine(
        { what: "x", limitMs: Number.POSITIVE_INFINITY, limitSetting: "downstream-check.timeout-minutes" },
        61_000,
        "run 7 queued",
      ),
    ).toBe("waiting for x (run 7 queued): 1 min 1 s, no limit (set one: downstream-check.timeout-minutes)");
  });
});
