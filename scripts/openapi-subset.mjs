#!/usr/bin/env node
// Regenerates schema/openapi/github-subset.json (and src/sandbox/openapi/required-fields.md) from GitHub's official
// OpenAPI description as packaged by @octokit/openapi. The package is ~385 MB unpacked, so it never enters
// package.json: its tarball is fetched with `npm pack` into a cache directory, checked against the registry's
// integrity, and only the one file we need is extracted from it.
//
// Usage: node scripts/openapi-subset.mjs
// Env:   RELEASE_KIT_OPENAPI_CACHE  cache directory (default: <os tmpdir>/release-kit-openapi)
import { createHash } from "node:crypto";
import process from "node:process";
import { $, echo, fs, os, path } from "zx";

$.verbose = false;
$.quiet = true;

/** Pinned package version; bump it deliberately and review the diff of the generated files. */
const PACKAGE = "@octokit/openapi";
const VERSION = "23.0.2";
/** The api.github.com description with `$ref`s kept: refs keep the subset small, and ajv resolves them itself. */
const SOURCE_FILE = "package/generated/api.github.com.json";

/** Every operation the sandbox serves (method, OpenAPI path). Keep in sync with the sandbox routes. */
const OPERATIONS = [
  "GET /user",
  "GET /users/{username}",
  "GET /rate_limit",
  "GET /repos/{owner}/{repo}",
  "GET /repos/{owner}/{repo}/forks",
  "POST /repos/{owner}/{repo}/forks",
  "GET /repos/{owner}/{repo}/contents/{path}",
  "GET /repos/{owner}/{repo}/branches",
  "GET /repos/{owner}/{repo}/branches/{branch}",
  "GET /repos/{owner}/{repo}/branches/{branch}/protection",
  "GET /repos/{owner}/{repo}/commits/{ref}",
  "GET /repos/{owner}/{repo}/compare/{basehead}",
  "GET /repos/{owner}/{repo}/tags",
  "POST /repos/{owner}/{repo}/merge-upstream",
  "POST /repos/{owner}/{repo}/git/blobs",
  "GET /repos/{owner}/{repo}/git/blobs/{file_sha}",
  "POST /repos/{owner}/{repo}/git/trees",
  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
  "POST /repos/{owner}/{repo}/git/commits",
  "GET /repos/{owner}/{repo}/git/commits/{commit_sha}",
  "GET /repos/{owner}/{repo}/git/ref/{ref}",
  "GET /repos/{owner}/{repo}/git/matching-refs/{ref}",
  "POST /repos/{owner}/{repo}/git/refs",
  "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
  "DELETE /repos/{owner}/{repo}/git/refs/{ref}",
  "POST /repos/{owner}/{repo}/git/tags",
  "GET /repos/{owner}/{repo}/git/tags/{tag_sha}",
  "GET /repos/{owner}/{repo}/releases",
  "POST /repos/{owner}/{repo}/releases",
  "GET /repos/{owner}/{repo}/releases/latest",
  "GET /repos/{owner}/{repo}/releases/tags/{tag}",
  "GET /repos/{owner}/{repo}/releases/{release_id}",
  "PATCH /repos/{owner}/{repo}/releases/{release_id}",
  "POST /repos/{owner}/{repo}/releases/generate-notes",
  "GET /repos/{owner}/{repo}/issues",
  "POST /repos/{owner}/{repo}/issues",
  "GET /repos/{owner}/{repo}/issues/{issue_number}",
  "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
  "GET /repos/{owner}/{repo}/labels",
  "POST /repos/{owner}/{repo}/labels",
  "GET /repos/{owner}/{repo}/pulls",
  "POST /repos/{owner}/{repo}/pulls",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}",
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge",
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
  "GET /repos/{owner}/{repo}/commits/{ref}/status",
  "GET /repos/{owner}/{repo}/commits/{ref}/statuses",
  "POST /repos/{owner}/{repo}/statuses/{sha}",
  "POST /repos/{owner}/{repo}/check-runs",
  "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
  "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}",
  "POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel",
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
];

/** Request-body properties release-kit sends that must exist in the description; absent ones are recorded. */
const EXPECTED_REQUEST_PROPERTIES = [
  ["POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", "return_run_details"],
];

/** Error bodies GitHub documents; always kept so 4xx bodies are validated even where an operation omits them. */
const ERROR_SCHEMAS = ["basic-error", "validation-error", "validation-error-simple"];

/** Schema objects whose names the required-fields reference lists first (the representations the sandbox builds). */
const MAIN_SCHEMAS = [
  "simple-user",
  "private-user",
  "public-user",
  "full-repository",
  "repository",
  "minimal-repository",
  "branch-with-protection",
  "short-branch",
  "rate-limit-overview",
  "branch-protection",
  "commit",
  "commit-comparison",
  "tag",
  "short-blob",
  "blob",
  "git-commit",
  "git-ref",
  "git-tag",
  "git-tree",
  "content-file",
  "content-directory",
  "release",
  "release-notes-content",
  "issue",
  "issue-comment",
  "label",
  "pull-request",
  "pull-request-simple",
  "pull-request-merge-result",
  "pull-request-review",
  "check-run",
  "combined-commit-status",
  "status",
  "workflow-run",
  "workflow-dispatch-response",
  "repository-collaborator-permission",
  "merged-upstream",
  ...ERROR_SCHEMAS,
];

const JSON_TYPE = "application/json";
/** Annotation keywords that validation never reads; dropping them keeps the subset a fraction of the size. */
const DROPPED_SCHEMA_KEYWORDS = new Set(["description", "title", "example", "examples", "externalDocs"]);
/** Keywords whose value is one schema, a list of schemas, or a map of name -> schema. */
const SCHEMA_VALUED = new Set(["items", "not", "additionalProperties"]);
const SCHEMA_LIST_VALUED = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_MAP_VALUED = new Set(["properties", "patternProperties"]);

const repoRoot = path.resolve(import.meta.dirname, "..");
const outFile = path.join(repoRoot, "schema/openapi/github-subset.json");
const requiredFieldsFile = path.join(repoRoot, "src/sandbox/openapi/required-fields.md");

const spec = await loadDescription();
const subset = buildSubset(spec.description, spec.meta);
await fs.outputFile(outFile, JSON.stringify(sortKeys(subset), null, 1) + "\n");
await fs.outputFile(requiredFieldsFile, renderRequiredFields(subset));
const size = (await fs.stat(outFile)).size;
echo(`wrote ${path.relative(repoRoot, outFile)} (${(size / 1024).toFixed(0)} KiB, ${OPERATIONS.length} operations)`);
echo(`wrote ${path.relative(repoRoot, requiredFieldsFile)}`);
const missing = subset.info["x-release-kit-subset"].missing;
if (missing.length > 0) echo(`not in the description:\n  ${missing.join("\n  ")}`);

/** Fetches (or reuses) the pinned tarball, verifies it, and parses the one description file inside. */
async function loadDescription() {
  const cacheDir = process.env.RELEASE_KIT_OPENAPI_CACHE ?? path.join(os.tmpdir(), "release-kit-openapi");
  await fs.ensureDir(cacheDir);
  const view = JSON.parse((await $`npm view ${PACKAGE}@${VERSION} dist.integrity time --json`).stdout);
  const integrity = view["dist.integrity"];
  const published = view.time[VERSION];
  const tarball = path.join(cacheDir, `octokit-openapi-${VERSION}.tgz`);
  if (!(await fs.pathExists(tarball)) || sri(await fs.readFile(tarball)) !== integrity) {
    echo(`downloading ${PACKAGE}@${VERSION} into ${cacheDir}`);
    await $`npm pack ${PACKAGE}@${VERSION} --pack-destination ${cacheDir}`;
  }
  if (sri(await fs.readFile(tarball)) !== integrity) {
    throw new Error(`${tarball} does not match the registry integrity ${integrity}; delete it and rerun`);
  }
  const extractDir = path.join(cacheDir, VERSION);
  await fs.ensureDir(extractDir);
  await $`tar -xzf ${tarball} -C ${extractDir} ${SOURCE_FILE}`;
  const description = await fs.readJson(path.join(extractDir, SOURCE_FILE));
  return { description, meta: { integrity, published } };
}

/** Subresource-integrity string (sha512, base64) of a buffer, as npm records it. */
function sri(buffer) {
  return `sha512-${createHash("sha512").update(buffer).digest("base64")}`;
}

/** Keeps the listed operations, inlines their shared parameters/responses, and keeps every schema they reach. */
function buildSubset(description, meta) {
  const paths = {};
  const missing = [];
  const neededSchemas = new Set(ERROR_SCHEMAS);
  for (const entry of OPERATIONS) {
    const [method, route] = entry.split(" ");
    const operation = description.paths[route]?.[method.toLowerCase()];
    if (!operation) {
      missing.push(entry);
      continue;
    }
    paths[route] ??= {};
    paths[route][method.toLowerCase()] = slimOperation(description, operation);
  }
  for (const [entry, property] of EXPECTED_REQUEST_PROPERTIES) {
    const [method, route] = entry.split(" ");
    const body = paths[route]?.[method.toLowerCase()]?.requestBody?.content?.[JSON_TYPE]?.schema;
    if (!body?.properties?.[property]) missing.push(`${entry} request property ${property}`);
  }
  collectSchemaRefs(paths, neededSchemas);
  const schemas = {};
  const queue = [...neededSchemas];
  while (queue.length > 0) {
    const name = queue.pop();
    if (schemas[name]) continue;
    const schema = description.components.schemas[name];
    if (!schema) throw new Error(`#/components/schemas/${name} is referenced but not defined`);
    schemas[name] = slimSchema(schema);
    const reached = new Set();
    collectSchemaRefs(schemas[name], reached);
    for (const next of reached) if (!schemas[next]) queue.push(next);
  }
  return {
    openapi: description.openapi,
    info: {
      title: "GitHub REST API (api.github.com): the subset release-kit's sandbox serves",
      version: description.info.version,
      "x-release-kit-subset": {
        package: `${PACKAGE}@${VERSION}`,
        packagePublished: published(meta),
        integrity: meta.integrity,
        sourceFile: SOURCE_FILE,
        regenerate: "node scripts/openapi-subset.mjs",
        note: "Generated, do not edit. Schema descriptions/titles/examples are stripped; only application/json bodies are kept; shared parameters and responses are inlined.",
        operations: Object.values(paths).reduce((n, item) => n + Object.keys(item).length, 0),
        missing,
        errorSchemas: ERROR_SCHEMAS,
      },
    },
    paths,
    components: { schemas },
  };
}

/** The publish date (YYYY-MM-DD) of the pinned version: deterministic, unlike the date of the run. */
function published(meta) {
  return meta.published.slice(0, 10);
}

/** Keeps what validation and routing need: operationId, parameters, JSON request body, responses by status. */
function slimOperation(description, operation) {
  const out = { operationId: operation.operationId };
  const parameters = (operation.parameters ?? []).map((p) => resolve(description, p));
  if (parameters.length > 0) {
    out.parameters = parameters.map((p) => ({
      in: p.in,
      name: p.name,
      required: p.required === true,
      ...(p.schema ? { schema: slimSchema(p.schema) } : {}),
    }));
  }
  if (operation.requestBody) {
    const body = resolve(description, operation.requestBody);
    const json = body.content?.[JSON_TYPE];
    out.requestBody = {
      required: body.required === true,
      content: json?.schema ? { [JSON_TYPE]: { schema: slimSchema(json.schema) } } : {},
    };
  }
  out.responses = {};
  for (const [status, raw] of Object.entries(operation.responses)) {
    const response = resolve(description, raw);
    const json = response.content?.[JSON_TYPE];
    out.responses[status] = {
      description: response.description ?? "",
      ...(json?.schema ? { content: { [JSON_TYPE]: { schema: slimSchema(json.schema) } } } : {}),
    };
  }
  return out;
}

/** Follows a `#/components/...` reference to a shared parameter, request body or response. */
function resolve(description, node) {
  if (!node.$ref) return node;
  const [, , kind, name] = node.$ref.split("/");
  const target = description.components[kind]?.[name];
  if (!target) throw new Error(`unresolvable ${node.$ref}`);
  return resolve(description, target);
}

/** Copies a schema without annotation keywords, recursing only where a keyword's value is itself a schema. */
function slimSchema(schema) {
  if (Array.isArray(schema) || schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_SCHEMA_KEYWORDS.has(key) || key.startsWith("x-")) continue;
    if (SCHEMA_VALUED.has(key)) out[key] = slimSchema(value);
    else if (SCHEMA_LIST_VALUED.has(key)) out[key] = value.map(slimSchema);
    else if (SCHEMA_MAP_VALUED.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, slimSchema(sub)]));
    } else out[key] = value;
  }
  return out;
}

/** Adds the name of every `#/components/schemas/NAME` reference found under node to names. */
function collectSchemaRefs(node, names) {
  if (Array.isArray(node)) {
    for (const item of node) collectSchemaRefs(item, names);
  } else if (node !== null && typeof node === "object") {
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/schemas/")) {
      names.add(node.$ref.slice("#/components/schemas/".length));
    }
    for (const value of Object.values(node)) collectSchemaRefs(value, names);
  }
}

/** Deep copy with object keys in code-point order, so regeneration is byte-for-byte stable. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** A Markdown reference of required fields per schema, so sandbox representations can be built to pass. */
function renderRequiredFields(subset) {
  const { schemas } = subset.components;
  const usedBy = new Map();
  for (const [route, item] of Object.entries(subset.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.[JSON_TYPE]?.schema;
        if (!schema || !status.startsWith("2")) continue;
        for (const name of topLevelNames(schema)) {
          if (!usedBy.has(name)) usedBy.set(name, []);
          usedBy.get(name).push(`${method.toUpperCase()} ${route} ${status}`);
        }
      }
    }
  }
  const ordered = [
    ...MAIN_SCHEMAS.filter((name) => schemas[name]),
    ...Object.keys(schemas)
      .filter((name) => !MAIN_SCHEMAS.includes(name))
      .sort(),
  ];
  const lines = [
    "# Required fields of the GitHub representations the sandbox returns",
    "",
    `Generated by \`node scripts/openapi-subset.mjs\` from ${subset.info["x-release-kit-subset"].package}`,
    "(api.github.com). Do not edit by hand.",
    "",
    "A response passes the sandbox's OpenAPI check only if every field listed here is present with the given type;",
    "optional fields may be omitted, but any field that is sent must match its schema too. `?` after a type means the",
    "value may be `null` (it must still be present). Types in backticks are other schemas in this file.",
    "",
    "Pitfalls of the description that a sandbox representation must respect:",
    "",
    "- `format: uri` rejects an empty string: send `null` for an unset nullable URL (`homepage`, `mirror_url`).",
    "- `format: date-time` needs a time zone (`2026-01-02T03:04:05Z`).",
    "- In `validation-error`, `errors[].value` is a `oneOf` of three nullable types, so `null` matches all three and",
    "  fails: omit `value` rather than sending `null`.",
    "- 401, 403 and 404 are accepted on every operation with a `basic-error` body (the validator's",
    "  `GITHUB_UNIVERSAL_ERROR_STATUSES`); any other status must be listed for the operation.",
    "",
    "## Success responses by operation",
    "",
  ];
  for (const [route, item] of Object.entries(subset.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith("2"));
      const shown = success.map(([status, r]) => {
        const schema = r.content?.[JSON_TYPE]?.schema;
        return `${status} ${schema ? describeType(schema, schemas) : "(no body)"}`;
      });
      lines.push(`- \`${method.toUpperCase()} ${route}\` (${operation.operationId}): ${shown.join("; ")}`);
      for (const [, r] of success) {
        const schema = r.content?.[JSON_TYPE]?.schema;
        if (schema && !schema.$ref && (schema.required || schema.allOf)) {
          lines.push(...describeRequired(schema, schemas, "  "));
        }
      }
    }
  }
  lines.push("", "## Schemas", "");
  for (const name of ordered) {
    lines.push(`### ${name}`, "");
    if (usedBy.has(name)) lines.push(`Returned by: ${usedBy.get(name).join(", ")}.`, "");
    const body = describeRequired(schemas[name], schemas, "");
    lines.push(...(body.length > 0 ? body : ["No required fields."]), "");
  }
  return lines.join("\n");
}

/** Component names a response schema returns directly (a ref, an array of refs, or a oneOf of refs). */
function topLevelNames(schema) {
  if (schema.$ref) return [schema.$ref.split("/").pop()];
  if (schema.type === "array" && schema.items) return topLevelNames(schema.items);
  for (const key of ["oneOf", "anyOf", "allOf"]) if (schema[key]) return schema[key].flatMap(topLevelNames);
  return [];
}

/** Lines listing the required properties of an object schema (following allOf), nesting inline objects. */
function describeRequired(schema, schemas, indent) {
  const merged = mergeAllOf(schema, schemas);
  const lines = [];
  for (const field of merged.required) {
    const sub = merged.properties[field];
    lines.push(`${indent}- \`${field}\`: ${sub ? describeType(sub, schemas) : "any"}`);
    const inline = sub && !sub.$ref ? (sub.type === "array" && sub.items && !sub.items.$ref ? sub.items : sub) : null;
    if (inline && (inline.required || inline.allOf) && indent.length < 6) {
      lines.push(...describeRequired(inline, schemas, `${indent}  `));
    }
  }
  return lines;
}

/** Required names and properties of a schema, combining its allOf members (refs followed). */
function mergeAllOf(schema, schemas) {
  const target = schema.$ref ? schemas[schema.$ref.split("/").pop()] : schema;
  const required = [...(target.required ?? [])];
  const properties = { ...target.properties };
  for (const part of target.allOf ?? []) {
    const sub = mergeAllOf(part, schemas);
    for (const name of sub.required) if (!required.includes(name)) required.push(name);
    Object.assign(properties, sub.properties);
  }
  return { required, properties };
}

/** A short type label: `name`, string(date-time), array of X, A | B, with `?` for nullable (refs followed). */
function describeType(schema, schemas) {
  const nullable = schema.nullable === true ? "?" : "";
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    return `\`${name}\`${schemas[name]?.nullable === true ? "?" : nullable}`;
  }
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    if (schema[key]) {
      const parts = schema[key].map((part) => describeType(part, schemas));
      return `${parts.join(key === "allOf" ? " & " : " | ")}${nullable}`;
    }
  }
  if (schema.type === "array") {
    return `array of ${schema.items ? describeType(schema.items, schemas) : "any"}${nullable}`;
  }
  const base = schema.type ?? "any";
  const detail = schema.enum
    ? ` (one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")})`
    : schema.format
      ? `(${schema.format})`
      : "";
  return `${base}${detail}${nullable}`;
}
