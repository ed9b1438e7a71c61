/** Fuzzing the config loader: mutated, random and truncated files are refused only with ConfigError problem lines. */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { configToYaml, parseConfig } from "../../src/config/index.js";
import { ConfigError } from "../../src/core/errors.js";

const example = readFileSync(path.resolve(import.meta.dirname, "../../examples/onnx/release-kit.yml"), "utf8");
const exampleLines = example.split("\n");

const PROBLEM_LINE = /^f\.yml:(\d+): \S.*: .+ \(.+\)$/;

/** Parses `text`; anything thrown must be a ConfigError whose problems are well-formed lines inside the file. */
function parsesOrRejectsCleanly(text: string): void {
  try {
    const config = parseConfig(text, "f.yml");
    // Whatever was accepted prints and parses back to itself.
    expect(parseConfig(configToYaml(config), "f.yml")).toEqual(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.message).not.toContain("\n");
    const lineCount = text.split("\n").length;
    for (const problem of error.problems) {
      expect(problem).not.toContain("\n");
      const match = PROBLEM_LINE.exec(problem);
      expect(match, problem).not.toBeNull();
      expect(Number(match?.[1])).toBeLessThanOrEqual(lineCount);
    }
  }
}

// Edits that produce typos, broken indentation, wrong types and YAML syntax errors.
const fragment = fc.constantFrom(
  ":",
  " ",
  "  ",
  "-",
  "[",
  "]",
  "{",
  "}",
  "#",
  "'",
  '"',
  "&a",
  "*a",
  "!!binary",
  "\t",
  "\n",
  "x",
  "0",
  "1.5",
  "true",
  "null",
  "~",
  "{version}",
  "{verison}",
  "__proto__",
  "constructor",
  "- a",
  "key: value",
  ": :",
  "<<: *a",
);

const edit = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fragment }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant("dropLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicateLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("replaceValue" as const), at: fc.nat(), text: fragment }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of edits) {
    const lines = out.split("\n");
    const line = lines.length === 0 ? 0 : e.at % lines.length;
    switch (e.kind) {
      case "insert": {
        const at = e.at % (out.length + 1);
        out = out.slice(0, at) + e.text + out.slice(at);
        break;
      }
      case "delete": {
        const at = e.at % (out.length + 1);
        out = out.slice(0, at) + out.slice(at + e.length);
        break;
      }
      case "dropLine":
        lines.splice(line, 1);
        out = lines.join("\n");
        break;
      case "duplicateLine":
        lines.splice(line, 0, lines[line] ?? "");
        out = lines.join("\n");
        break;
      case "replaceValue": {
        const current = lines[line] ?? "";
        const colon = current.indexOf(": ");
        lines[line] = colon >= 0 ? `${current.slice(0, colon + 2)}${e.text}` : current;
        out = lines.join("\n");
        break;
      }
    }
  }
  return out;
}

// Real keys at any level, and some that break naive code (prototype keys, near misses).
const key = fc.constantFrom(
  "project",
  "repo",
  "tag",
  "version-files",
  "path",
  "kind",
  "marker",
  "downstream",
  "name",
  "test",
  "shell",
  "skip",
  "mode",
  "workflow",
  "inputs",
  "env",
  "timeout-minutes",
  "partners",
  "conda-forge",
  "feedstock",
  "rc-strategy",
  "pypi",
  "package",
  "publish",
  "rc",
  "checklist",
  "downstream-check",
  "concurrency",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "",
);
const scalar = fc.oneof(
  fc.constantFrom("a/b", "onnx/onnx", "v{version}", "{tag}", "auto", "dispatch", "marker", "", " "),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -3, max: 300 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(key, tie("node"), { maxKeys: 5 }),
  ),
})).node;

describe("configuration fuzzing", () => {
  it("rejects a mutated ONNX example only with ConfigError problem lines, never anything else", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        parsesOrRejectsCleanly(applyEdits(example, edits));
      }),
      // Each run parses a 100-line file (twice when it stays valid); the hardening issue raises this in its fuzz job.
      { numRuns: 200 },
    );
  });

  it("rejects arbitrary YAML structures only with ConfigError problem lines", () => {
    fc.assert(
      fc.property(value, (data) => {
        parsesOrRejectsCleanly(stringify(data));
      }),
      { numRuns: 400 },
    );
  });

  it("handles a valid project with random extra sections only with ConfigError problem lines", () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 4 }), (extra) => {
        parsesOrRejectsCleanly(stringify({ project: { repo: "a/b" }, ...extra }));
      }),
      { numRuns: 400 },
    );
  });

  it("survives every single-line deletion of the ONNX example", () => {
    exampleLines.forEach((_line, index) => {
      parsesOrRejectsCleanly(exampleLines.filter((_l, i) => i !== index).join("\n"));
    });
  });
});
