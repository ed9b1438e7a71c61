import * as core from "@actions/core";
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as runner from "../../src/action/runner.js";

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  delete process.env.GITHUB_OUTPUT;
});

/** What `fn` writes to stdout. */
async function stdoutOf(fn: () => unknown): Promise<string> {
  let written = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  try {
    await fn();
  } finally {
    vi.restoreAllMocks();
  }
  return written;
}

/** What `fn` appends to a fresh GITHUB_OUTPUT file, with the random heredoc delimiter named. */
function outputFileOf(fn: () => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rk-output-"));
  try {
    const file = path.join(dir, "output");
    writeFileSync(file, "");
    process.env.GITHUB_OUTPUT = file;
    fn();
    return readFileSync(file, "utf8").replace(/ghadelimiter_[0-9a-f-]+/g, "DELIMITER");
  } finally {
    delete process.env.GITHUB_OUTPUT;
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = fc.string({ unit: "binary", maxLength: 60 });

describe("the runner's commands without @actions/core's top module", () => {
  it("write the same log lines and annotations as @actions/core, for any text", async () => {
    const pairs: [string, (m: string) => unknown, (m: string) => unknown][] = [
      ["setSecret", runner.setSecret, core.setSecret],
      ["debug", runner.debug, core.debug],
      ["info", runner.info, core.info],
      ["warning", runner.warning, core.warning],
      ["error", runner.error, core.error],
      ["setFailed", runner.setFailed, core.setFailed],
    ];
    await fc.assert(
      fc.asyncProperty(text, async (message) => {
        for (const [name, ours, theirs] of pairs)
          expect(await stdoutOf(() => ours(message)), name).toBe(await stdoutOf(() => theirs(message)));
      }),
      { numRuns: 200 },
    );
  });

  it("fails the step with exit code 1", async () => {
    await stdoutOf(() => runner.setFailed("no"));
    expect(process.exitCode).toBe(1);
  });

  it("wraps a group in the same ::group:: and ::endgroup:: lines, and returns its result", async () => {
    let result: number | undefined;
    const ours = await stdoutOf(async () => (result = await runner.group("Cut", () => Promise.resolve(7))));
    const theirs = await stdoutOf(() => core.group("Cut", () => Promise.resolve(7)));
    expect(ours).toBe(theirs);
    expect(result).toBe(7);
  });

  it("sets outputs as @actions/core does, through GITHUB_OUTPUT and without it", async () => {
    for (const value of ["v1.20.0rc1", "two\nlines", "", "a=b"]) {
      expect(outputFileOf(() => runner.setOutput("tag", value))).toBe(outputFileOf(() => core.setOutput("tag", value)));
      expect(await stdoutOf(() => runner.setOutput("tag", value))).toBe(
        await stdoutOf(() => core.setOutput("tag", value)),
      );
    }
  });

  it("reads inputs as @actions/core does (spaces, case, surrounding blanks)", () => {
    process.env["INPUT_FROM-BRANCH"] = "  true \n";
    process.env.INPUT_SKIP_CHECKS = "ci is red";
    try {
      for (const name of ["from-branch", "skip checks", "absent"])
        expect(runner.getInput(name)).toBe(core.getInput(name));
      expect(runner.getInput("from-branch")).toBe("true");
    } finally {
      delete process.env["INPUT_FROM-BRANCH"];
      delete process.env.INPUT_SKIP_CHECKS;
    }
  });
});
