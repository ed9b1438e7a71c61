/**
 * The unified diff release-kit prints for recipe edits: context, new files, missing final newlines, and patch(1)
 * applying it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/core/text-diff.js";

const names = { fromName: "a/f", toName: "b/f" };

/** Applies a diff with patch(1) to `before` and returns the result. */
function applyWithPatch(before: string, diff: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rk-diff-"));
  try {
    writeFileSync(path.join(dir, "f"), before);
    writeFileSync(path.join(dir, "d.patch"), diff);
    execFileSync("patch", ["-s", "-p1", "-i", "d.patch", "f"], { cwd: dir, stdio: "pipe" });
    return readFileSync(path.join(dir, "f"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("unified diff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\n", "a\n", names)).toBe("");
  });

  it("shows one changed line with three lines of context", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n";
    const after = "1\n2\n3\n4\nfive\n6\n7\n8\n";
    expect(unifiedDiff(before, after, names)).toBe(
      "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
    );
  });

  it("writes a created file against /dev/null", () => {
    expect(unifiedDiff(undefined, "x\ny\n", { fromName: "/dev/null", toName: "b/n" })).toBe(
      "--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+x\n+y\n",
    );
  });

  it("marks a missing final newline", () => {
    expect(unifiedDiff("a\nb", "a\nc\n", names)).toBe(
      "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n",
    );
  });

  it("produces diffs that patch(1) applies to give the new text", () => {
    const line = fc.constantFrom("a", "b", "c", "d", "");
    const text = fc.array(line, { maxLength: 30 }).map((lines) => lines.map((l) => `${l}\n`).join(""));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff(before, after, names);
        if (before === after) return diff === "";
        return applyWithPatch(before, diff) === after;
      }),
      { numRuns: 60 },
    );
  });
});
