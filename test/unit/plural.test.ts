/** Counts in words: one of a thing is singular, every other count plural, irregular plurals given once. */
import { describe, expect, it } from "vitest";
import { countOf } from "../../src/core/plural.js";

describe("countOf", () => {
  it("says 1 file, 0 files, 2 files, and irregular plurals as given", () => {
    expect(countOf(1, "file")).toBe("1 file");
    expect(countOf(0, "file")).toBe("0 files");
    expect(countOf(2, "issue")).toBe("2 issues");
    expect(countOf(1, "entry", "entries")).toBe("1 entry");
    expect(countOf(3, "entry", "entries")).toBe("3 entries");
  });
});
