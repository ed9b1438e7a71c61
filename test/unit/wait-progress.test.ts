/**
 * Waits as a person sees them: the heartbeat line (what, elapsed, limit and the setting that raises it), printed at
 * least every 30 s however long the poll delays grow, one updating line on a terminal and plain lines elsewhere, and
 * the wait flags' one rule for minutes.
 */
import { describe, expect, it } from "vitest";
import { createConsoleLogger, withProgressLine } from "../../src/cli/console-logger.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { parseWaitMinutes } from "../../src/core/parse-minutes.js";
import { formatDuration, heartbeatSlices, waitLine } from "../../src/core/wait-progress.js";
import type { WaitClock } from "../../src/flows/wait-clock.js";
import { WaitReporter } from "../../src/flows/wait-reporter.js";

/** A clock that advances only when slept on, recording each sleep. */
function manualClock(): WaitClock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const wait = {
  what: "widget 1.20.0rc1 on https://pypi.org",
  limitMs: 15 * 60_000,
  limitSetting: "publish.index-wait-minutes",
};

describe("the heartbeat line", () => {
  it("formats durations as people read them", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(44_600)).toBe("45 s");
    expect(formatDuration(60_000)).toBe("1 min");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(90 * 60_000)).toBe("1 h 30 min");
    expect(formatDuration(2 * 3_600_000)).toBe("2 h");
  });

  it("says what is awaited, the state, the elapsed time, the limit and where it is set", () => {
    expect(waitLine(wait, 90_000, "not listed yet")).toBe(
      "waiting for widget 1.20.0rc1 on https://pypi.org (not listed yet): 1 min 30 s of 15 min (limit: publish.index-wait-minutes)",
    );
  });

  it("cuts long sleeps into heartbeat-sized slices", () => {
    expect(heartbeatSlices(65_000)).toEqual([30_000, 30_000, 5_000]);
    expect(heartbeatSlices(0)).toEqual([]);
  });
});

describe("WaitReporter", () => {
  it("beats at the start and then at least every 30 s, even through one-minute polls", async () => {
    const clock = manualClock();
    const logger = new RecordingLogger();
    const reporter = new WaitReporter(wait, clock, logger);
    for (const delay of [5_000, 10_000, 20_000, 40_000, 60_000, 60_000]) await reporter.sleep(delay, "not listed yet");
    const beats = logger.lines.map((l) => l.message);
    expect(beats[0]).toMatch(/^waiting for widget .*: 0 s of 15 min/);
    // 195 s of waiting: a beat at 0, 30, 60, ..., 180 s.
    expect(beats).toHaveLength(7);
    expect(beats.at(-1)).toMatch(/: 3 min of 15 min/);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(30_000);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(195_000);
  });

  it("stays quiet between beats when the polls are short", async () => {
    const clock = manualClock();
    const logger = new RecordingLogger();
    const reporter = new WaitReporter(wait, clock, logger);
    for (let i = 0; i < 10; i++) await reporter.sleep(2_000);
    expect(logger.lines).toHaveLength(1);
  });
});

describe("the terminal's updating line", () => {
  it("rewrites one line on a TTY and clears it before any other output", () => {
    const err: string[] = [];
    const out: string[] = [];
    const io = withProgressLine({ stdout: (t) => out.push(t), stderr: (t) => err.push(t), stderrIsTTY: true });
    const logger = createConsoleLogger(io.stderr, false, io.progress);
    logger.progress?.("waiting for x: 0 s of 1 min");
    logger.progress?.("waiting for x: 30 s of 1 min");
    io.stdout("result\n");
    expect(err.join("")).toBe("\r\x1b[2Kwaiting for x: 0 s of 1 min\r\x1b[2Kwaiting for x: 30 s of 1 min\r\x1b[2K");
    expect(out).toEqual(["result\n"]);
    logger.info("done");
    expect(err.at(-1)).toBe("done\n");
  });

  it("prints plain lines when stderr is not a terminal (CI logs, pipes)", () => {
    const err: string[] = [];
    const io = withProgressLine({ stdout: () => undefined, stderr: (t) => err.push(t) });
    const logger = createConsoleLogger(io.stderr, false, io.progress);
    logger.progress?.("waiting for x: 0 s of 1 min");
    logger.info("next");
    expect(err).toEqual(["waiting for x: 0 s of 1 min\n", "next\n"]);
  });
});

describe("parseWaitMinutes", () => {
  it("accepts whole minutes within the bounds and says which flag is wrong otherwise", () => {
    expect(parseWaitMinutes(undefined, "--index-wait-minutes", { min: 0, max: 1440 })).toBeUndefined();
    expect(parseWaitMinutes(" 0 ", "--index-wait-minutes", { min: 0, max: 1440 })).toBe(0);
    expect(parseWaitMinutes("90", "--timeout-minutes", { min: 1, max: 4320 })).toBe(90);
    for (const bad of ["-1", "1.5", "2h", "", "1441"])
      expect(() => parseWaitMinutes(bad, "--index-wait-minutes", { min: 0, max: 1440 })).toThrow(
        `--index-wait-minutes "${bad}" is not a whole number of minutes from 0 to 1440`,
      );
    expect(() => parseWaitMinutes("0", "--timeout-minutes", { min: 1, max: 4320 })).toThrow(/from 1 to 4320/);
  });
});
