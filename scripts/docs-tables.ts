/**
 * Documentation generated from the sources of truth: the configuration reference from the JSON Schema, and the
 * input/output tables of every action from its action.yml. `npm run docs` writes them; a test fails when the
 * committed files differ from what this produces.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "..");

type Schema = {
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
  oneOf?: Schema[];
  anyOf?: Schema[];
  required?: string[];
  "x-expected"?: string;
};

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n+/g, " ");
}

function resolve(schema: Schema, defs: Record<string, Schema>): Schema {
  if (schema.$ref?.startsWith("#/$defs/")) {
    const target = defs[schema.$ref.slice("#/$defs/".length)] ?? {};
    return { ...resolve(target, defs), ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$ref")) };
  }
  return schema;
}

function typeOf(schema: Schema, defs: Record<string, Schema>): string {
  const s = resolve(schema, defs);
  if (s["x-expected"]) return s["x-expected"];
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(" | ");
  if (s.type === "array") return `list of ${s.items ? typeOf(s.items, defs) : "values"}`;
  const variants = s.oneOf ?? s.anyOf;
  if (variants) return variants.map((v) => typeOf(v, defs)).join(" or ");
  return Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
}

/** The configuration reference (Markdown) from schema/release-kit.schema.json. */
export function configReference(): string {
  const schema = JSON.parse(readFileSync(path.join(root, "schema/release-kit.schema.json"), "utf8")) as Schema & {
    $defs?: Record<string, Schema>;
  };
  const defs = schema.$defs ?? {};
  const lines = [
    "# release-kit.yml reference",
    "",
    "Generated from [`schema/release-kit.schema.json`](../schema/release-kit.schema.json) by `npm run docs`; do not edit by hand.",
    "",
  ];
  const walk = (prefix: string, node: Schema, depth: number) => {
    const s = resolve(node, defs);
    const props = s.properties ?? (s.type === "array" && s.items ? resolve(s.items, defs).properties : undefined);
    if (!props) return;
    const required = new Set(s.required ?? (s.items ? (resolve(s.items, defs).required ?? []) : []));
    lines.push(`${"#".repeat(Math.min(depth + 2, 4))} \`${prefix}\``, "");
    if (s.description) lines.push(s.description, "");
    lines.push("| key | type | default | description |", "| --- | --- | --- | --- |");
    for (const [key, child] of Object.entries(props)) {
      const c = resolve(child, defs);
      const def = c.default === undefined ? (required.has(key) ? "required" : "") : `\`${JSON.stringify(c.default)}\``;
      lines.push(`| \`${key}\` | ${cell(typeOf(child, defs))} | ${cell(def)} | ${cell(c.description ?? "")} |`);
    }
    lines.push("");
    for (const [key, child] of Object.entries(props)) {
      const c = resolve(child, defs);
      const nested = c.properties ?? (c.type === "array" && c.items ? resolve(c.items, defs).properties : undefined);
      if (nested)
        walk(
          `${prefix === "(top level)" ? "" : `${prefix}.`}${key}${c.type === "array" ? "[]" : ""}`,
          child,
          depth + 1,
        );
    }
  };
  walk("(top level)", schema, 0);
  return lines.join("\n");
}

type ActionMeta = {
  description?: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
};

function readActionMeta(name: string): ActionMeta | undefined {
  const file = path.join(root, "actions", name, "action.yml");
  return existsSync(file) ? (parse(readFileSync(file, "utf8")) as ActionMeta) : undefined;
}

/** The inputs and outputs tables of one action (Markdown), from its action.yml. */
export function actionInputOutputTables(name: string): string {
  const meta = readActionMeta(name);
  if (!meta) throw new Error(`actions/${name}/action.yml does not exist`);
  const lines = ["| input | required | default | description |", "| --- | --- | --- | --- |"];
  for (const [input, spec] of Object.entries(meta.inputs ?? {})) {
    lines.push(
      `| \`${input}\` | ${spec.required ? "yes" : "no"} | ${spec.default === undefined ? "" : `\`${typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default)}\``} | ${cell(spec.description ?? "")} |`,
    );
  }
  lines.push("", "| output | description |", "| --- | --- |");
  for (const [output, spec] of Object.entries(meta.outputs ?? {}))
    lines.push(`| \`${output}\` | ${cell(spec.description ?? "")} |`);
  return lines.join("\n");
}

/** The names of the actions (folders of actions/ with an action.yml), sorted. */
export function actionNames(): string[] {
  return readdirSync(path.join(root, "actions"))
    .sort()
    .filter((name) => existsSync(path.join(root, "actions", name, "action.yml")));
}

/** The inputs/outputs tables of every action (Markdown). */
export function actionTables(): string {
  const lines = ["<!-- generated by `npm run docs` from actions/*/action.yml; do not edit by hand -->", ""];
  for (const name of actionNames()) {
    lines.push(
      `#### \`actions/${name}\``,
      "",
      readActionMeta(name)?.description ?? "",
      "",
      actionInputOutputTables(name),
      "",
    );
  }
  return lines.join("\n");
}

const ACTION_BEGIN = "<!-- action-tables:begin -->";
const ACTION_END = "<!-- action-tables:end -->";

/** An action's README with its inputs/outputs tables between the markers replaced. */
export function actionReadmeWithTables(name: string, readme: string): string {
  const start = readme.indexOf(ACTION_BEGIN);
  const end = readme.indexOf(ACTION_END);
  if (start < 0 || end < start) return readme;
  const body = [
    "<!-- generated by `npm run docs` from action.yml; do not edit by hand -->",
    "",
    actionInputOutputTables(name),
    "",
  ].join("\n");
  return `${readme.slice(0, start + ACTION_BEGIN.length)}\n${body}${readme.slice(end)}`;
}

const BEGIN = "<!-- actions:begin -->";
const END = "<!-- actions:end -->";

/** README with the action tables between the markers replaced. */
export function readmeWithActionTables(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return readme;
  return `${readme.slice(0, start + BEGIN.length)}\n${actionTables()}\n${readme.slice(end)}`;
}
