/** Shared pieces of the fuzz tests: the case count, hostile strings, and the accepted-rejection check. */
import fc from "fast-check";
import { expect } from "vitest";
import { UserError, describeFailure } from "../../src/core/errors.js";

export const RUNS = 10_000;

/** Runs `fn`; a UserError with a one-line message is an accepted rejection, anything else fails the property. */
export function resultOrOneLineError(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // What the user sees is describeFailure's line (the CLI and the actions print exactly that).
    const shown = describeFailure(error);
    expect(shown.isBug).toBe(false);
    expect(shown.message).not.toMatch(/[\r\n]/);
    expect(shown.message.length).toBeGreaterThan(10);
  }
}

/** Fuzz tests run 10,000 cases; give them room on a busy two-core machine. */
export const FUZZ_TIMEOUT = 600_000;

/** Strings that hurt: shell metacharacters, unicode, `..`, leading dashes, very long runs, control characters. */
export const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "$(rm -rf /)",
    "`id`",
    "a;b",
    "a|b",
    "..",
    "-rf",
    "--help",
    "v1.2.3",
    "1.2.3\n",
    "1.2.3 ",
    "\u202e1.2.3",
    "１.２.３",
    "1..2",
    "1.2.3rc1",
    "ref/../x",
    "@{u}",
    "a.lock",
  ),
  fc.string({
    unit: fc.constantFrom("1", ".", "0", "9", "r", "c", "-", "a", "b", "v", "{", "}", "/", "~", "^", ":", " "),
    maxLength: 30,
  }),
  fc.nat({ max: 5000 }).map((n) => "9".repeat(n % 400) + ".0.0"),
);
