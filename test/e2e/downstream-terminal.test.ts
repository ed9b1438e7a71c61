/**
 * `downstream run` and `downstream report` as a person meets them at a terminal: the CLI spawned under a
 * pseudo-terminal (util-linux `script`), a step's heartbeat rewriting one line in place (carriage return and
 * erase-line) while the step runs, and the report's terminal summary on stdout rather than Markdown.
 * The step waits until the test has seen a heartbeat on the terminal, so no timing decides the outcome.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const hasScript = (await execa("script", ["--version"], { reject: false })).exitCode === 0;

const testScript = `/* global process, setTimeout */
import { existsSync } from "node:fs";
const go = process.env.GO_FILE;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (const end = Date.now() + 60_000; Date.now() < end && !existsSync(go); ) await sleep(20);
console.log("2 tests passed");
`;

/** A shell word for `script -c` (the paths are the test's own temp paths). */
const word = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!hasScript)("downstream at a terminal (skipped: util-linux script is not installed)", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "rk-downstream-tty-"));
    const repo = path.join(dir, "pair");
    mkdirSync(repo);
    writeFileSync(path.join(repo, "test.mjs"), testScript);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
    git("init", "--quiet", "--initial-branch=main");
    git("add", ".");
    git("-c", "user.name=F", "-c", "user.email=f@example.com", "commit", "--quiet", "-m", "fixture");
    writeFileSync(
      path.join(dir, "release-kit.yml"),
      [
        "project:",
        "  repo: acme/widget",
        "downstream:",
        "  - name: pair",
        "    path: pair",
        "    platforms: [local]",
        `    test: [${JSON.stringify(process.execPath)}, test.mjs]`,
        `    env: { GO_FILE: ${JSON.stringify(path.join(dir, "go"))} }`,
        "downstream-check:",
        "  concurrency: 2",
        "  retries: 0",
        "",
      ].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the CLI under a pseudo-terminal; `onOutput` sees the terminal's bytes as they come. */
  async function underTerminal(args: string[], onOutput: (all: string) => void = () => undefined) {
    const config = ["--config", path.join(dir, "release-kit.yml")];
    const cli = [process.execPath, "--import", "tsx", path.join(root, "src/cli/bin.ts"), ...config, ...args];
    const child = execa("script", ["-q", "-e", "-c", cli.map(word).join(" "), "/dev/null"], {
      cwd: root,
      env: {
        RELEASE_KIT_HEARTBEAT_MS: "200",
        NO_COLOR: "1",
        TERM: "xterm",
        NODE_PATH: path.join(root, "node_modules"),
      },
      reject: false,
    });
    let all = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      all += chunk.toString("utf8");
      onOutput(all);
    });
    const result = await child;
    return { code: result.exitCode, all };
  }

  it("rewrites one line for a running step's heartbeat, then reports the job", async () => {
    const go = path.join(dir, "go");
    const run = await underTerminal(
      [
        "downstream",
        "run",
        "--shard",
        "1/1",
        "--out",
        path.join(dir, "results"),
        "--baseline",
        "1.0.0",
        "--candidate",
        "2.0.0rc1",
      ],
      (all) => {
        if (/: test running for /.test(all) && !existsSync(go)) writeFileSync(go, "");
      },
    );
    expect(run.code, run.all).toBe(0);
    // The heartbeat erases and rewrites the current line instead of adding one.
    expect(run.all).toMatch(
      // eslint-disable-next-line no-control-regex
      /\r\x1b\[2Kpair@local: (?:baseline 1\.0\.0|candidate 2\.0\.0rc1) #1: test running for \d+ s \(no time limit\)/,
    );
    expect(run.all).toContain("pair@local: baseline 1.0.0 #1 started");
    expect(run.all).toContain("pair@local: candidate 2.0.0rc1 #1 started");
    expect(run.all).toMatch(/pair@local: same-test-pass\r?\n/);
  }, 180_000);

  it("prints the terminal summary of the report, not Markdown", async () => {
    const report = await underTerminal([
      "downstream",
      "report",
      path.join(dir, "results"),
      "--out",
      path.join(dir, "report"),
    ]);
    expect(report.code, report.all).toBe(0);
    expect(report.all).toContain("Downstream checks: 2.0.0rc1 against 1.0.0");
    expect(report.all).toContain("Tests pass on both (1)");
    expect(report.all).not.toMatch(/^#|\| ---/m);
  }, 180_000);
});
