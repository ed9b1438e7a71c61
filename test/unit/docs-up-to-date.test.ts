/**
 * The generated docs and code match their sources (the JSON Schema, the action.yml files); the fix is `npm run docs`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VALIDATOR_PATH, configValidatorCode } from "../../scripts/config-validator-code.js";
import {
  actionNames,
  actionReadmeWithTables,
  configReference,
  readmeWithActionTables,
} from "../../scripts/docs-tables.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("generated documentation and code", () => {
  it("docs/config-reference.md matches the JSON Schema (fix: npm run docs)", () => {
    expect(readFileSync(path.join(root, "docs/config-reference.md"), "utf8")).toBe(configReference() + "\n");
  });
  it("the README's action tables match the action.yml files (fix: npm run docs)", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain("<!-- actions:begin -->");
    expect(readmeWithActionTables(readme)).toBe(readme);
  });
  for (const name of actionNames()) {
    it(`actions/${name}/README.md has its inputs/outputs tables from action.yml (fix: npm run docs)`, () => {
      const readme = readFileSync(path.join(root, "actions", name, "README.md"), "utf8");
      expect(readme).toContain("<!-- action-tables:begin -->");
      expect(actionReadmeWithTables(name, readme)).toBe(readme);
    });
  }
  it("the compiled config validator matches the JSON Schema (fix: npm run docs)", () => {
    expect(readFileSync(path.join(root, CONFIG_VALIDATOR_PATH), "utf8")).toBe(configValidatorCode());
  });
  it("documents every top-level key of the schema", () => {
    const reference = configReference();
    for (const key of [
      "project",
      "rc",
      "publish",
      "pypi",
      "conda-forge",
      "downstream",
      "downstream-check",
      "partners",
      "checklist",
    ]) {
      expect(reference).toContain(`\`${key}\``);
    }
  });
});
