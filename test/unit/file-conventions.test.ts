/**
 * The project's file conventions, checked over every source file: kebab-case names, and a header comment
 * that says what the file is for before anything else (after a shebang).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** Files under `dir` (relative to the root), bundles, chunks and generated code left out. */
function walk(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (/(^|\/)(dist|node_modules|_shared)$|^src\/config\/generated$/.test(file)) return [];
    return entry.isDirectory() ? walk(file) : [file];
  });
}

/** The TypeScript and JavaScript sources we write by hand. */
const sources = ["src", "test", "scripts", "bench", "actions", "bin"]
  .flatMap(walk)
  .filter((file) => /\.(ts|mts|js|mjs|cjs)$/.test(file));

describe("source files", () => {
  it("are found", () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it("have kebab-case names", () => {
    const misnamed = sources.filter((file) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)+$/.test(path.basename(file)));
    expect(misnamed).toEqual([]);
  });

  it("start with a header comment", () => {
    const bare = sources.filter((file) => {
      const text = readFileSync(path.join(root, file), "utf8").replace(/^#!.*\n/, "");
      return !/^\s*(\/\*|\/\/)/.test(text);
    });
    expect(bare).toEqual([]);
  });
});
