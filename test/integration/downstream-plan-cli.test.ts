/**
 * `release-kit downstream plan` on a first release, as the README's first downstream command runs it: with
 * `--durations durations.json` before any report wrote that file, and with no --durations at all. Both plan with equal
 * weights and say so in one line; a file that exists but is not durations is still refused.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../../src/cli/main.js";

describe("downstream plan without durations", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "rk-downstream-plan-"));
    const downstream = ["alpha", "beta", "gamma", "delta"].map((name) => ({
      name,
      path: ".",
      platforms: ["local"],
      build: ["node", "-e", "0"],
      test: ["node", "-e", "0"],
    }));
    await writeFile(
      path.join(dir, "release-kit.yml"),
      stringify({ project: { repo: "acme/widget" }, downstream, "downstream-check": { shards: 2 } }),
    );
  });

  const plan = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await runCli(["downstream", "plan", ...args], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { PATH: process.env.PATH },
      cwd: dir,
    });
    return { code, stdout, stderr };
  };

  it("plans with equal weights when the durations file does not exist yet, and warns once", async () => {
    const r = await plan("--durations", "durations.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^release-kit: warning: --durations \S+durations\.json does not exist yet .*equal weights$/m,
    );
    const matrix = JSON.parse(r.stdout) as { include: { jobs: unknown[] }[] };
    expect(matrix.include.map((s) => s.jobs.length)).toEqual([2, 2]);
  });

  it("says it uses equal weights when no --durations is given", async () => {
    const r = await plan();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("no --durations: the shards are balanced with equal weights");
  });

  it("still refuses a durations file that is not durations, in one line", async () => {
    await writeFile(path.join(dir, "bad.json"), '["not", "durations"]');
    const r = await plan("--durations", "bad.json");
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^release-kit: --durations \S+bad\.json: expected/);
  });
});
