/**
 * `downstream run` at the terminal: a job's baseline and candidate really run at the same time when the concurrency
 * allows (proved by two real processes that each wait for the other to have started, then write when they ended),
 * one after the other with concurrency 1, and every side says when it starts, each step's start and end, and a
 * heartbeat while a step runs.
 * The heartbeat is made certain without timing: the test's step waits until the logger has printed one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingLogger } from "../../src/core/logger.js";
import { runShard } from "../../src/flows/downstream/run-shard.js";
import { loadDownstreamSettings } from "../helpers/downstream-settings.js";

// Each side: note its start, wait (at most RENDEZVOUS_MS) for the other side's start, wait for the logger's first
// heartbeat of this job, then note its end. Times are Date.now() of each process, on one machine.
const testScript = `/* global process, console, setTimeout */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const dir = process.env.MARKS;
const side = process.env.RELEASE_KIT_SIDE;
const other = side === "baseline" ? "candidate" : "baseline";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(file, ms) {
  for (const end = Date.now() + ms; Date.now() < end && !existsSync(file); ) await sleep(20);
  return existsSync(file);
}
writeFileSync(join(dir, side + ".start"), String(Date.now()));
const met = await until(join(dir, other + ".start"), Number(process.env.RENDEZVOUS_MS));
await until(join(dir, "heartbeat-seen"), 60_000);
writeFileSync(join(dir, side + ".end"), String(Date.now()));
console.log(side + (met ? " met the other side" : " ran alone"));
`;

/** A logger that records lines and, at the first heartbeat of a test step, leaves the file the step waits for. */
class MarkingLogger extends RecordingLogger {
  constructor(private readonly marks: string) {
    super();
  }
  override info(message: string): void {
    super.info(message);
    if (/: test running for /.test(message) && !existsSync(join(this.marks, "heartbeat-seen")))
      writeFileSync(join(this.marks, "heartbeat-seen"), message);
  }
}

describe("downstream run: the sides of a job", () => {
  let root: string;
  let repo: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "rk-side-by-side-"));
    repo = join(root, "repo");
    mkdirSync(repo);
    writeFileSync(join(repo, "test.mjs"), testScript);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
    git("init", "--quiet", "--initial-branch=main");
    git("add", ".");
    git("-c", "user.name=Fixture", "-c", "user.email=fixture@example.com", "commit", "--quiet", "-m", "fixture");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function run(concurrency: number, rendezvousMs: number) {
    const marks = mkdtempSync(join(root, "marks-"));
    const settings = await loadDownstreamSettings(
      [
        {
          name: "pair",
          path: repo,
          platforms: ["local"],
          test: [process.execPath, "test.mjs"],
          env: { MARKS: marks, RENDEZVOUS_MS: String(rendezvousMs) },
          "timeout-minutes": 5,
        },
      ],
      { retries: 0, concurrency },
    );
    const logger = new MarkingLogger(marks);
    const results = await runShard(settings, {
      shard: { index: 1, of: 1 },
      outDir: join(marks, "out"),
      workDir: join(marks, "work"),
      baseline: { version: "1.19.0" },
      candidate: { version: "1.20.0rc1" },
      env: process.env,
      logger,
      heartbeatMs: 50,
    });
    const at = (file: string) => Number(readFileSync(join(marks, file), "utf8"));
    const times = {
      baseline: { start: at("baseline.start"), end: at("baseline.end") },
      candidate: { start: at("candidate.start"), end: at("candidate.end") },
    };
    return { results, times, lines: logger.lines.map((l) => l.message), marks };
  }

  it("runs the baseline and the candidate at the same time with concurrency 2", async () => {
    const { results, times, lines, marks } = await run(2, 60_000);
    expect(results.downstreams[0]?.runs.map((r) => [r.side, r.result])).toEqual([
      ["baseline", "test-pass"],
      ["candidate", "test-pass"],
    ]);
    // Each started before the other ended: the two processes overlapped.
    expect(times.baseline.start).toBeLessThanOrEqual(times.candidate.end);
    expect(times.candidate.start).toBeLessThanOrEqual(times.baseline.end);
    const log = readFileSync(join(marks, "out", results.downstreams[0]!.runs[1]!.log), "utf8");
    expect(log).toContain("candidate met the other side");
    expect(lines).toContain("shard 1/1: 1 job on local, 2 runs at once (a job's baseline and candidate side by side)");
  }, 120_000);

  it("runs them one after the other with concurrency 1", async () => {
    const { times } = await run(1, 1_000);
    expect(times.baseline.end).toBeLessThanOrEqual(times.candidate.start);
  }, 120_000);

  it("says when each side starts, each step's start and end, and a heartbeat while a step runs", async () => {
    const { lines } = await run(2, 60_000);
    for (const side of ["baseline 1.19.0", "candidate 1.20.0rc1"]) {
      const label = `pair@local: ${side} #1`;
      const mine = lines.filter(
        (l) => l.startsWith(label) && !l.includes(" running for ") && !l.includes(" finished: "),
      );
      expect(mine[0]).toBe(`${label} started`);
      expect(mine[1]).toBe(`${label}: prepare (clone) started`);
      expect(mine[2]).toMatch(new RegExp(`^${label}: prepare \\(clone\\) passed in \\d+ s$`));
      expect(mine).toContain(`${label}: test started`);
      expect(mine.some((l) => new RegExp(`^${label}: test passed in \\d+ s$`).test(l))).toBe(true);
    }
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^pair@local: \w+ \S+ #1: test running for \d+ s of 5 min \(limit: timeout-minutes of pair\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^pair@local: baseline 1\.19\.0 #1 finished: test-pass in [\d.]+ s$/),
    );
  }, 120_000);
});
