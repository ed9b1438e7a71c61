/**
 * Colour on stderr as the conventions say: on for a terminal, off for pipes and CI logs, NO_COLOR turns it off,
 * FORCE_COLOR turns it on anywhere and wins over NO_COLOR; stdout (results) is never coloured.
 */
import { describe, expect, it } from "vitest";
import { useColour } from "../../src/cli/colours.js";
import { runCli } from "../../src/cli/main.js";

describe("useColour", () => {
  it("follows the terminal, NO_COLOR, FORCE_COLOR and TERM=dumb", () => {
    expect(useColour({}, true)).toBe(true);
    expect(useColour({}, false)).toBe(false);
    expect(useColour({ NO_COLOR: "1" }, true)).toBe(false);
    expect(useColour({ NO_COLOR: "" }, true)).toBe(true);
    expect(useColour({ TERM: "dumb" }, true)).toBe(false);
    expect(useColour({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(useColour({ FORCE_COLOR: "1", NO_COLOR: "1" }, false)).toBe(true);
    expect(useColour({ FORCE_COLOR: "0" }, true)).toBe(false);
    expect(useColour({ FORCE_COLOR: "false" }, true)).toBe(false);
  });
});

describe("the CLI's error line", () => {
  const run = async (env: NodeJS.ProcessEnv, stderrIsTTY: boolean) => {
    let out = "";
    let err = "";
    const code = await runCli(["publish"], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env,
      cwd: "/nonexistent-release-kit-dir",
      stderrIsTTY,
    });
    return { code, out, err };
  };

  it("paints the release-kit: prefix red on a terminal and nothing else", async () => {
    const r = await run({}, true);
    expect(r.code).toBe(2);
    expect(r.err.startsWith("\x1b[31mrelease-kit:\x1b[39m ")).toBe(true);
    expect(r.out).toBe("");
  });

  it("writes plain text in a pipe, and with NO_COLOR on a terminal", async () => {
    for (const r of [await run({}, false), await run({ NO_COLOR: "1" }, true)]) {
      expect(r.err).toMatch(/^release-kit: /);
      expect(r.err).not.toContain("\x1b[");
    }
  });
});
