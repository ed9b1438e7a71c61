// The one rule for counts typed by users (--rc, --shards and their action inputs).
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { parseCount } from "../../src/core/parse-count.js";

describe("parseCount", () => {
  it.each([
    ["1", 1],
    [" 12 ", 12],
    ["9999", 9999],
  ])("accepts %j as %i", (text, value) => {
    expect(parseCount(text, "--rc")).toBe(value);
  });

  it.each(["", "0", "01", "-1", "+2", "1.5", "1e3", "x", "10000", "99999999999999999999"])(
    "refuses %j with one line naming the flag and the range",
    (text) => {
      expect(() => parseCount(text, "--rc")).toThrow(InputError);
      expect(() => parseCount(text, "--rc")).toThrow(`--rc "${text}" is not a whole number from 1 to 9999`);
    },
  );

  it("applies the caller's maximum and hint", () => {
    expect(parseCount("256", "--shards", { max: 256 })).toBe(256);
    expect(() => parseCount("257", "--shards", { max: 256, hint: "a matrix has at most 256 jobs" })).toThrow(
      '--shards "257" is not a whole number from 1 to 256: a matrix has at most 256 jobs',
    );
  });
});
