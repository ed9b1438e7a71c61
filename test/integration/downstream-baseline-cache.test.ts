/**
 * Baseline reuse in `downstream run --baseline-cache`: rc1 runs both sides and keeps the baseline; rc2 runs only its
 * own side while the downstream's commit, the baseline, the image and the commands are unchanged; a moved commit or a
 * changed command runs both again; a failing candidate still gets a live baseline re-run (flake detection), and the
 * report says a cached baseline was used. Real git repositories, real processes.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShardResults } from "../../src/core/downstream/shard-results.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { runShard } from "../../src/flows/downstream/run-shard.js";
import { writeReport } from "../../src/flows/downstream/write-report.js";
import { loadDownstreamSettings } from "../helpers/downstream-settings.js";

// The downstream's test records which side ran and fails for the version named in its FAIL_VERSION file.
const TEST_SCRIPT = `/* global process */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
const version = process.env.RELEASE_KIT_VERSION ?? "";
appendFileSync(process.env.SIDES_LOG, process.env.RELEASE_KIT_SIDE + " " + version + "\\n");
const fail = process.env.FAIL_FILE && existsSync(process.env.FAIL_FILE) ? readFileSync(process.env.FAIL_FILE, "utf8").trim() : "";
if (version === fail) {
  console.error("ImportError: cannot import name 'make_model'");
  process.exit(1);
}
console.log("tests passed against " + version);
`;

describe("downstream run reuses the baseline across candidates", () => {
  let root: string;
  let repo: string;
  let cache: string;
  let sidesLog: string;
  let failFile: string;
  const logger = new RecordingLogger();

  const git = (...args: string[]): void => {
    execFileSync("git", args, { cwd: repo, stdio: "ignore" });
  };
  const commit = (message: string): void => {
    git("add", ".");
    git("-c", "user.name=Fixture", "-c", "user.email=fixture@example.com", "commit", "--quiet", "-m", message);
  };

  // Runs one shard of the one downstream, returning its results and the sides its test saw.
  const run = async (candidate: string, test: readonly string[] = ["node", "test.mjs"]) => {
    writeFileSync(sidesLog, "");
    const settings = await loadDownstreamSettings(
      [
        {
          name: "widget-user",
          path: repo,
          platforms: ["local"],
          test,
          env: { SIDES_LOG: sidesLog, FAIL_FILE: failFile },
        },
      ],
      { retries: 1, concurrency: 1 },
    );
    const out = mkdtempSync(join(root, `out-${candidate}-`));
    const results = await runShard(settings, {
      shard: { index: 1, of: 1 },
      outDir: out,
      workDir: join(root, "work"),
      baseline: { version: "1.0.0" },
      candidate: { version: candidate },
      baselineCache: cache,
      env: process.env,
      logger,
    });
    const sides = readFileSync(sidesLog, "utf8").trim().split("\n").filter(Boolean);
    return { results, sides, out };
  };
  const job = (results: ShardResults) => results.downstreams[0];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "rk-baseline-cache-"));
    repo = join(root, "widget-user");
    cache = join(root, "cache");
    sidesLog = join(root, "sides.log");
    failFile = join(root, "fail-version");
    execFileSync("mkdir", ["-p", repo]);
    writeFileSync(join(repo, "test.mjs"), TEST_SCRIPT);
    git("init", "--quiet", "--initial-branch=main");
    commit("first");
  });

  afterAll(() => {
    if (!process.env["RK_KEEP"]) rmSync(root, { recursive: true, force: true });
  });

  it("runs both sides for rc1 and keeps the baseline in the cache", async () => {
    const { results, sides } = await run("1.1.0rc1");
    expect(sides).toEqual(["baseline 1.0.0", "candidate 1.1.0rc1"]);
    expect(job(results)?.category).toBe("same-test-pass");
    expect(job(results)?.runs.every((r) => r.cached === undefined)).toBe(true);
    expect(readdirSync(cache).filter((f) => f.endsWith(".json"))).toHaveLength(1);
  });

  it("runs no baseline for rc2 when nothing changed, and the report says the baseline came from the cache", async () => {
    const { results, sides, out } = await run("1.1.0rc2");
    expect(sides).toEqual(["candidate 1.1.0rc2"]);
    const baseline = job(results)?.runs.find((r) => r.side === "baseline");
    expect(baseline?.cached?.candidate).toBe("1.1.0rc1");
    expect(baseline?.result).toBe("test-pass");
    // The cached log is copied where the report links it.
    expect(readFileSync(join(out, baseline?.log ?? ""), "utf8")).toContain("tests passed against 1.0.0");
    const report = await writeReport([out], join(out, "report"), { failOn: ["regressed"] });
    expect(report.markdown).toContain("Baseline reused from the baseline cache for 1 of 1 job (");
    expect(report.markdown).toMatch(/baseline #1 test-pass in [\d.]+ s \(cached, run \d{4}-\d\d-\d\d for 1\.1\.0rc1\)/);
  });

  it("runs the baseline again live when the candidate fails, to tell a regression from a flake", async () => {
    writeFileSync(failFile, "1.1.0rc3");
    try {
      const { results, sides } = await run("1.1.0rc3");
      expect(sides).toEqual(["candidate 1.1.0rc3", "candidate 1.1.0rc3", "baseline 1.0.0"]);
      const runs = job(results)?.runs ?? [];
      expect(runs.filter((r) => r.side === "baseline").map((r) => r.cached !== undefined)).toEqual([true, false]);
      expect(job(results)?.category).toBe("regressed");
    } finally {
      rmSync(failFile);
    }
  });

  it("runs both sides again when the downstream's commit moved", async () => {
    writeFileSync(join(repo, "README.md"), "moved on\n");
    commit("second");
    const { results, sides } = await run("1.1.0rc4");
    expect(sides).toEqual(["baseline 1.0.0", "candidate 1.1.0rc4"]);
    expect(job(results)?.runs.every((r) => r.cached === undefined)).toBe(true);
    // And the next candidate reuses the baseline of the new commit.
    expect((await run("1.1.0rc5")).sides).toEqual(["candidate 1.1.0rc5"]);
  });

  it("runs both sides again when a command line changed", async () => {
    const { sides } = await run("1.1.0rc6", ["node", "test.mjs", "--verbose"]);
    expect(sides).toEqual(["baseline 1.0.0", "candidate 1.1.0rc6"]);
  });
});
