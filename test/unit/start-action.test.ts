/**
 * The action entry's check of required inputs before the flow loads: the variables it reads, the missing ones, and an
 * ::error:: line that matches core.setFailed and cannot be escaped.
 */
import * as core from "@actions/core";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requiredInput } from "../../src/action/action-inputs.js";
import { errorCommand, inputVariable, missingInputMessage, missingInputs } from "../../src/action/start-action.js";

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** What `core.setFailed` writes to stdout for a message. */
function setFailedOutput(message: string): string {
  let written = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  core.setFailed(message);
  vi.restoreAllMocks();
  return written;
}

describe("startAction's check before the flow is loaded", () => {
  it("reads inputs from the variables the runner sets", () => {
    expect(inputVariable("version")).toBe("INPUT_VERSION");
    expect(inputVariable("from-branch")).toBe("INPUT_FROM-BRANCH");
    expect(inputVariable("skip checks")).toBe("INPUT_SKIP_CHECKS");
  });

  it("finds the required inputs that are unset, empty or blank, in order", () => {
    const env = { INPUT_VERSION: "1.20.0", INPUT_TAG: "  ", INPUT_COMMAND: "" };
    expect(missingInputs(["version", "tag", "command", "ref"], env)).toEqual(["tag", "command", "ref"]);
    expect(missingInputs(["version"], env)).toEqual([]);
  });

  it("words a missing input as requiredInput does", () => {
    delete process.env.INPUT_SOME_INPUT;
    expect(() => requiredInput("some input")).toThrow(missingInputMessage("some input"));
  });

  it("writes the same ::error:: command as core.setFailed, for any message", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (message) => {
        expect(errorCommand(message)).toBe(setFailedOutput(message));
      }),
      { numRuns: 500 },
    );
  });

  it("cannot be made to end the command early or start another one", () => {
    const line = errorCommand('input "x%0A::set-output name=a::b" is required\n::add-mask::y\r');
    expect(line.split("\n")).toEqual([
      '::error::input "x%250A::set-output name=a::b" is required%0A::add-mask::y%0D',
      "",
    ]);
  });
});
