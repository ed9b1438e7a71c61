/**
 * How a downstream receives the candidate and the options that change its run: install placeholders and RELEASE_KIT_*
 * variables, shell only when asked, skips, timeouts that end the whole process tree, clone failures.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingLogger } from "../../src/core/logger.js";
import { runShard } from "../../src/flows/downstream/run-shard.js";
import { loadDownstreamSettings } from "../helpers/downstream-settings.js";

const fixtures = join(import.meta.dirname, "../fixtures/downstream");

describe("how the candidate reaches a downstream, and the skip options", () => {
  let root: string;
  let repo: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "rk-downstream-opts-"));
    repo = join(root, "repo");
    cpSync(join(fixtures, "pass"), repo, { recursive: true });
    for (const args of [
      ["init", "--quiet", "--initial-branch=main"],
      ["add", "."],
      ["-c", "user.name=F", "-c", "user.email=f@example.com", "commit", "--quiet", "-m", "fixture"],
    ]) {
      execFileSync("git", args, { cwd: repo, stdio: "ignore" });
    }
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const run = async (entries: unknown[], after: Parameters<typeof loadDownstreamSettings>[2] = {}) => {
    const settings = await loadDownstreamSettings(entries, { retries: 0, concurrency: 1 }, after);
    return runShard(settings, {
      shard: { index: 1, of: 1 },
      outDir: join(root, "out"),
      workDir: join(root, "work"),
      baseline: { version: "1.0.0", artifact: "/dist/demo-1.0.0.whl" },
      candidate: { version: "2.0.0rc1", artifact: "/dist/demo-2.0.0rc1.whl" },
      env: process.env,
      logger: new RecordingLogger(),
    });
  };

  it("fills {version} and {artifact} in the install command's arguments and sets RELEASE_KIT_* variables", async () => {
    const record = join(root, "installs.txt");
    const script =
      "require('fs').appendFileSync(process.env.RECORD, process.argv.slice(1).join(' ') + ' env=' + process.env.RELEASE_KIT_VERSION + ',' + process.env.RELEASE_KIT_ARTIFACT + '\\n')";
    const results = await run([
      {
        name: "installs",
        path: repo,
        platforms: ["local"],
        install: ["node", "-e", script, "pip", "install", "{artifact}", "demo=={version}"],
        build: ["node", "build.mjs"],
        test: ["node", "test.mjs"],
        env: { RECORD: record },
      },
    ]);
    expect(results.downstreams[0]?.category).toBe("same-test-pass");
    expect(readFileSync(record, "utf8")).toBe(
      "pip install /dist/demo-1.0.0.whl demo==1.0.0 env=1.0.0,/dist/demo-1.0.0.whl\n" +
        "pip install /dist/demo-2.0.0rc1.whl demo==2.0.0rc1 env=2.0.0rc1,/dist/demo-2.0.0rc1.whl\n",
    );
  });

  it("runs a command through a shell only when the entry says shell: true", async () => {
    const record = join(root, "shell.txt");
    const results = await run([
      {
        name: "shell",
        path: repo,
        platforms: ["local"],
        shell: true,
        build: [`echo "v=$RELEASE_KIT_VERSION" >> ${record}`],
      },
      { name: "no-shell", path: repo, platforms: ["local"], build: [`echo "v=$RELEASE_KIT_VERSION" >> ${record}`] },
    ]);
    expect(readFileSync(record, "utf8")).toBe("v=1.0.0\nv=2.0.0rc1\n");
    const noShell = results.downstreams.find((d) => d.name === "no-shell");
    // Without a shell the whole string is one program name, which does not exist: infrastructure, not the code.
    expect(noShell?.runs.map((r) => [r.result, r.reason])).toEqual([
      ["build-fail", "infra"],
      ["build-fail", "infra"],
    ]);
  });

  it("skips a downstream or its tests with the configured reason", async () => {
    const results = await run([
      { name: "skipped", path: repo, platforms: ["local"], skip: "needs a GPU", test: ["node", "test.mjs"] },
      { name: "build-only", path: repo, platforms: ["local"], "skip-tests": "tests take 3 h", test: ["false"] },
    ]);
    const skipped = results.downstreams.find((d) => d.name === "skipped");
    const buildOnly = results.downstreams.find((d) => d.name === "build-only");
    expect(skipped?.category).toBe("skipped");
    expect(skipped?.runs[0]?.detail).toBe("needs a GPU");
    expect(buildOnly?.category).toBe("same-test-pass");
    expect(buildOnly?.runs.map((r) => r.result)).toEqual(["test-skipped", "test-skipped"]);
  });

  it("ends a timed-out step's whole process tree, not just the shell, and calls it a timeout", async () => {
    const results = await run(
      [
        {
          name: "hangs",
          path: repo,
          platforms: ["local"],
          shell: true,
          test: ["sleep 30 & sleep 31"],
        },
      ],
      { hangs: { timeoutMinutes: { test: 0.02 } } },
    );
    const runs = results.downstreams[0]?.runs ?? [];
    expect(runs.map((r) => [r.result, r.reason])).toEqual([
      ["test-fail", "timeout"],
      ["test-fail", "timeout"],
    ]);
    expect(Math.max(...runs.map((r) => r.durationSeconds))).toBeLessThan(15);
  });

  it("marks a downstream whose repository cannot be cloned as broken on both sides", async () => {
    const results = await run([
      { name: "gone", path: join(root, "no-such-repo"), platforms: ["local"], test: ["node", "test.mjs"] },
    ]);
    expect(results.downstreams[0]?.category).toBe("broken");
  });
});
