/**
 * src/action/runner.ts speaks the runner's protocol byte for byte as @actions/core does: log lines, annotations,
 * groups, outputs, environment files and the job summary (property tests).
 */
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

/** What `fn` appends to a fresh environment file (GITHUB_OUTPUT by default), with the random heredoc delimiter named. */
async function environmentFileOf(fn: () => unknown, variable = "GITHUB_OUTPUT"): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "rk-output-"));
  try {
    const file = path.join(dir, "output");
    writeFileSync(file, "");
    process.env[variable] = file;
    await stdoutOf(fn);
    return readFileSync(file, "utf8").replace(/ghadelimiter_[0-9a-f-]+/g, "DELIMITER");
  } finally {
    delete process.env[variable];
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = fc.string({ unit: "binary", maxLength: 60 });

describe("the runner's protocol, spoken without @actions/core", () => {
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
      expect(await environmentFileOf(() => runner.setOutput("tag", value))).toBe(
        await environmentFileOf(() => core.setOutput("tag", value)),
      );
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

describe("the runner's environment files and job summary", () => {
  const value = fc.oneof(text, fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.string()));

  it("append outputs, variables and state as @actions/core does, for any name and value", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 20 }), value, async (name, v) => {
        expect(await environmentFileOf(() => runner.setOutput(name, v))).toBe(
          await environmentFileOf(() => core.setOutput(name, v)),
        );
        expect(await environmentFileOf(() => runner.appendToEnvironmentFile("GITHUB_ENV", name, v), "GITHUB_ENV")).toBe(
          await environmentFileOf(() => core.exportVariable(name, v), "GITHUB_ENV"),
        );
        expect(
          await environmentFileOf(() => runner.appendToEnvironmentFile("GITHUB_STATE", name, v), "GITHUB_STATE"),
        ).toBe(await environmentFileOf(() => core.saveState(name, v), "GITHUB_STATE"));
        delete process.env[name];
      }),
      { numRuns: 100 },
    );
  });

  it("writes the old set-output command as @actions/core does when there is no GITHUB_OUTPUT", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 20 }), value, async (name, v) => {
        expect(await stdoutOf(() => runner.setOutput(name, v))).toBe(await stdoutOf(() => core.setOutput(name, v)));
      }),
      { numRuns: 200 },
    );
  });

  it("appends to the job summary as @actions/core's summary does, and fails without one", async () => {
    // @actions/core's summary keeps the first file it was given: one file, emptied between the two writers.
    const dir = mkdtempSync(path.join(tmpdir(), "rk-summary-"));
    const file = path.join(dir, "summary");
    process.env.GITHUB_STEP_SUMMARY = file;
    const appended = async (fn: () => Promise<unknown>): Promise<string> => {
      writeFileSync(file, "# before\n");
      await fn();
      return readFileSync(file, "utf8");
    };
    try {
      await fc.assert(
        fc.asyncProperty(text, async (markdown) => {
          expect(await appended(() => runner.appendSummary(markdown))).toBe(
            await appended(() => core.summary.addRaw(markdown).write()),
          );
        }),
        { numRuns: 100 },
      );
      delete process.env.GITHUB_STEP_SUMMARY;
      await expect(runner.appendSummary("x")).rejects.toThrow("GITHUB_STEP_SUMMARY");
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to name a missing environment file as @actions/core does", () => {
    delete process.env.GITHUB_ENV;
    expect(() => runner.appendToEnvironmentFile("GITHUB_ENV", "a", "b")).toThrow(
      "Unable to find environment variable for file command ENV",
    );
  });
});
