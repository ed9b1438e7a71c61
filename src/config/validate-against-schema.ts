/**
 * Validates parsed YAML against schema/release-kit.schema.json and turns ajv's errors into
 * `key.path: what is wrong (what was expected)` issues. Defaults from the schema are filled in place
 * (ajv `useDefaults`), so the schema stays the one place where defaults live. The validator is the schema
 * compiled ahead of time (src/config/generated/, written by `npm run docs`): compiling it at run time cost
 * about 150 ms of every command.
 */
import type { ErrorObject } from "ajv";
import type { ConfigIssue, KeyPath } from "./config-issue.js";
import { validate } from "./generated/validate-config.js";
import { describeValue, jsonKind, quoteValue } from "./describe-value.js";
import {
  allowedKeys,
  expectationOf,
  isSchemaNode,
  propertySchema,
  resolveSchemaNode,
  typeInWords,
} from "./schema-node.js";
import type { SchemaNode } from "./schema-node.js";
import { suggestClosest } from "./suggest-closest.js";
import { countOf } from "../core/plural.js";

/** Checks `data` against the schema, filling defaults into it; returns one issue per problem (empty when valid). */
export function validateAgainstSchema(data: unknown): ConfigIssue[] {
  if (validate(data)) return [];
  return explainSchemaErrors(validate.errors ?? [], data);
}

function explainSchemaErrors(errors: readonly ErrorObject[], data: unknown): ConfigIssue[] {
  // `if` errors only repeat their `then`; remember the condition to explain the `then` error.
  const conditions = new Map<string, { text: string; objectSchema: SchemaNode }>();
  for (const error of errors) {
    if (error.keyword === "if" && isSchemaNode(error.parentSchema)) {
      conditions.set(error.instancePath, {
        text: describeCondition(error.parentSchema["if"]),
        objectSchema: error.parentSchema,
      });
    }
  }

  // A union (anyOf) fails with one error per branch. Keep only the branch whose type matches the value;
  // when none does, say once what the value should have been.
  const unionPaths = new Map<string, boolean>();
  const issues: ConfigIssue[] = [];
  for (const error of errors) {
    if (error.keyword !== "anyOf") continue;
    const branches = Array.isArray(error.schema) ? error.schema.map(resolveSchemaNode) : [];
    const matched = branches.some((branch) => typeMatches(error.data, branch["type"]));
    unionPaths.set(error.instancePath, matched);
    if (!matched) {
      const parent = isSchemaNode(error.parentSchema) ? error.parentSchema : {};
      const expected = expectationOf(parent) ?? branches.map((b) => typeInWords(String(b["type"]))).join(" or ");
      issues.push({
        path: toKeyPath(error.instancePath, data),
        message: `is ${describeValue(error.data)} (expected ${expected})`,
      });
    }
  }

  for (const error of errors) {
    if (error.keyword === "if" || error.keyword === "anyOf") continue;
    // Errors of a union's branches: gone when no branch fits (said once above), and from branches of another type.
    const union = unionPaths.get(error.instancePath);
    if (union === false) continue;
    if (union === true) {
      const branchType: unknown = isSchemaNode(error.parentSchema) ? error.parentSchema["type"] : undefined;
      if (branchType !== undefined && !typeMatches(error.data, branchType)) continue;
    }
    issues.push(explainOne(error, data, conditions));
  }
  return dedupe(issues);
}

function explainOne(
  error: ErrorObject,
  data: unknown,
  conditions: ReadonlyMap<string, { text: string; objectSchema: SchemaNode }>,
): ConfigIssue {
  const path = toKeyPath(error.instancePath, data);
  const parent = isSchemaNode(error.parentSchema) ? resolveSchemaNode(error.parentSchema) : {};
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params["additionalProperty"]);
      const allowed = allowedKeys(parent);
      const guess = suggestClosest(key, allowed);
      const mean = guess === undefined ? "" : `, did you mean "${guess}"?`;
      return { path: [...path, key], message: `unknown key "${key}"${mean} (expected one of: ${allowed.join(", ")})` };
    }
    case "required": {
      const key = String(params["missingProperty"]);
      const condition = conditions.get(error.instancePath);
      const owner = propertySchema(parent, key) ?? propertySchema(condition?.objectSchema ?? {}, key);
      const expected = owner === undefined ? undefined : expectationOf(owner);
      const when = condition === undefined ? "" : `required when ${condition.text}`;
      const hint = [expected, when].filter((part) => part !== undefined && part !== "").join(", ");
      return { path: [...path, key], message: `is missing (expected ${hint === "" ? "a value" : hint})` };
    }
    case "type": {
      const type = String(params["type"]);
      const expected = expectationOf(parent) ?? typeInWords(type);
      if (type === "string" && (typeof error.data === "number" || typeof error.data === "boolean")) {
        return {
          path,
          message: `is ${describeValue(error.data)} (expected ${expected}: write "${String(error.data)}" in quotes)`,
        };
      }
      if (type === "integer" && typeof error.data === "number") {
        return { path, message: `is ${describeValue(error.data)} (expected a whole number)` };
      }
      return { path, message: `is ${describeValue(error.data)} (expected ${expected})` };
    }
    case "enum": {
      const allowed = Array.isArray(params["allowedValues"]) ? params["allowedValues"].map(String) : [];
      const guess = typeof error.data === "string" ? suggestClosest(error.data, allowed) : undefined;
      const mean = guess === undefined ? "" : `, did you mean "${guess}"?`;
      // Inside a union (concurrency: a number or auto), the union's hint says more than the list of words.
      const hint = typeof parent["x-expected"] === "string" ? parent["x-expected"] : `one of: ${allowed.join(", ")}`;
      return { path, message: `${quoteValue(error.data)} is not allowed${mean} (expected ${hint})` };
    }
    case "pattern": {
      const expected = expectationOf(parent) ?? `text matching /${String(params["pattern"])}/`;
      return { path, message: `${quoteValue(error.data)} is not valid (expected ${expected})` };
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const words: Record<string, string> = { ">=": "at least", "<=": "at most", ">": "more than", "<": "less than" };
      const comparison = words[String(params["comparison"])] ?? String(params["comparison"]);
      return { path, message: `is ${String(error.data)} (expected ${comparison} ${String(params["limit"])})` };
    }
    case "minItems": {
      const limit = Number(params["limit"]);
      const has = Array.isArray(error.data) && error.data.length === 0 ? "is an empty list" : "has too few entries";
      return { path, message: `${has} (expected at least ${countOf(limit, "entry", "entries")})` };
    }
    case "uniqueItems": {
      const later = Number(params["i"]);
      const earlier = Number(params["j"]);
      const item: unknown = Array.isArray(error.data) ? error.data[later] : undefined;
      return {
        path: [...path, later],
        message: `repeats ${quoteValue(item)}, already at entry ${earlier} (expected each entry once)`,
      };
    }
    default:
      return { path, message: `${error.message ?? "is not valid"} (see schema/release-kit.schema.json)` };
  }
}

/** `kind is marker` from an `if: {properties: {kind: {const: marker}}}` condition. */
function describeCondition(condition: unknown): string {
  const properties = isSchemaNode(condition) ? condition["properties"] : undefined;
  if (!isSchemaNode(properties)) return "a condition holds";
  const parts = Object.entries(properties).map(([key, node]) => {
    const value = isSchemaNode(node) ? node["const"] : undefined;
    return `${key} is ${String(value)}`;
  });
  return parts.join(" and ");
}

function typeMatches(value: unknown, type: unknown): boolean {
  const kind = jsonKind(value);
  const types = Array.isArray(type) ? type.map(String) : [String(type)];
  return types.some((t) => t === kind || (t === "integer" && kind === "number"));
}

/** A JSON pointer from ajv as a key path, with list indexes as numbers. */
function toKeyPath(pointer: string, data: unknown): KeyPath {
  if (pointer === "") return [];
  const path: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = isSchemaNode(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
    }
  }
  return path;
}

function dedupe(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = JSON.stringify([issue.path, issue.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
