#!/usr/bin/env -S npx tsx
/**
 * `npm run docs`: rewrites what is generated from the schema and the action.yml files: docs/config-reference.md,
 * the action tables in README.md and in each actions/<name>/README.md, and the compiled config validator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CONFIG_VALIDATOR_PATH, configValidatorCode } from "./config-validator-code.js";
import { actionNames, actionReadmeWithTables, configReference, readmeWithActionTables } from "./docs-tables.js";

const root = path.resolve(import.meta.dirname, "..");
writeFileSync(path.join(root, "docs/config-reference.md"), configReference() + "\n");
const readme = path.join(root, "README.md");
writeFileSync(readme, readmeWithActionTables(readFileSync(readme, "utf8")));
writeFileSync(path.join(root, CONFIG_VALIDATOR_PATH), configValidatorCode());
for (const name of actionNames()) {
  const file = path.join(root, "actions", name, "README.md");
  writeFileSync(file, actionReadmeWithTables(name, readFileSync(file, "utf8")));
}
console.log(
  `wrote docs/config-reference.md, the action tables of README.md and actions/*/README.md, and ${CONFIG_VALIDATOR_PATH}`,
);
