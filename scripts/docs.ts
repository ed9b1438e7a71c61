#!/usr/bin/env -S npx tsx
/** `npm run docs`: rewrites docs/config-reference.md and the action tables in README.md from their sources. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { configReference, readmeWithActionTables } from "./docs-tables.js";

const root = path.resolve(import.meta.dirname, "..");
writeFileSync(path.join(root, "docs/config-reference.md"), configReference() + "\n");
const readme = path.join(root, "README.md");
writeFileSync(readme, readmeWithActionTables(readFileSync(readme, "utf8")));
console.log("wrote docs/config-reference.md and the action tables of README.md");
