/**
 * Checks the sandbox's requests and answers against GitHub's OpenAPI description, so the sandbox keeps GitHub's
 * shapes and statuses (each problem one readable line).
 */
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import { subsetToJsonSchemaDocument } from "./json-schema.js";
import { compilePathTemplate, matchPathTemplate } from "./match-path.js";
import type { PathMatch, PathTemplate } from "./match-path.js";
import type { GitHubOpenApiSubset, OpenApiOperation } from "./subset.js";

export { loadGitHubOpenApiSubset } from "./subset.js";
export type { GitHubOpenApiSubset } from "./subset.js";

/**
 * Statuses GitHub answers on any endpoint whatever its description lists: 401 (no or bad token), 403 (no permission,
 * e.g. a token without write access) and 404 (missing, or private and hidden). The description lists them only on
 * some operations (create-ref lists neither 403 nor 404), so an unlisted one is checked against `basic-error`.
 */
export const GITHUB_UNIVERSAL_ERROR_STATUSES: readonly number[] = [401, 403, 404];

/** Options of `createOpenApiValidator`. */
export interface OpenApiValidatorOptions {
  /** Unlisted statuses still accepted (with a `basic-error` body); default `GITHUB_UNIVERSAL_ERROR_STATUSES`. */
  readonly universalErrorStatuses?: readonly number[];
}

/** Checks sandbox traffic against GitHub's OpenAPI description; every check returns one readable line per problem. */
export interface OpenApiValidator {
  /** True when the subset describes this method and path template. */
  hasOperation(method: string, pathTemplate: string): boolean;
  /** Problems with a JSON request body (`undefined` = no body). */
  validateRequestBody(method: string, pathTemplate: string, body: unknown): string[];
  /** Problems with a response: an undocumented status, a body where none belongs, or a body of the wrong shape. */
  validateResponse(method: string, pathTemplate: string, status: number, body: unknown): string[];
  /** GitHub's operationId (`git/create-ref`), for logs. */
  operationId(method: string, pathTemplate: string): string | undefined;
  /** The template and decoded parameters of a concrete request path, preferring literal segments. */
  matchPath(method: string, concretePath: string): PathMatch | undefined;
}

const SUBSET_ID = "https://release-kit.invalid/github-openapi-subset.json";
const JSON_TYPE = "application/json";
/** Statuses that never carry a body (HTTP semantics), whatever a handler returned. */
const BODYLESS_STATUSES = new Set([204, 304]);

/** Builds a validator over a loaded subset; ajv validators are compiled on first use and cached per check. */
export function createOpenApiValidator(
  subset: GitHubOpenApiSubset,
  options: OpenApiValidatorOptions = {},
): OpenApiValidator {
  const universal = new Set(options.universalErrorStatuses ?? GITHUB_UNIVERSAL_ERROR_STATUSES);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  // ajv-formats is CommonJS: under NodeNext its default import is the module object, whose `default` is the plugin.
  ajvFormats.default(ajv);
  ajv.addSchema(subsetToJsonSchemaDocument(subset), SUBSET_ID);

  const templatesByMethod = new Map<string, PathTemplate[]>();
  for (const [template, item] of Object.entries(subset.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const integers = (operation.parameters ?? [])
        .filter((p) => p.in === "path" && p.schema?.type === "integer")
        .map((p) => p.name);
      const list = templatesByMethod.get(method.toUpperCase()) ?? [];
      list.push(compilePathTemplate(template, integers));
      templatesByMethod.set(method.toUpperCase(), list);
    }
  }

  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: readonly string[]): ValidateFunction => {
    const key = pointer.join("\u0000");
    let validate = compiled.get(key);
    if (!validate) {
      const fragment = pointer.map((p) => encodeURIComponent(p.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");
      validate = ajv.compile({ $ref: `${SUBSET_ID}#/${fragment}` });
      compiled.set(key, validate);
    }
    return validate;
  };
  const operationOf = (method: string, template: string): OpenApiOperation | undefined =>
    subset.paths[template]?.[method.toLowerCase()];
  const check = (label: string, validate: ValidateFunction, body: unknown): string[] =>
    validate(body) ? [] : describeErrors(label, validate.errors ?? []);

  return {
    hasOperation: (method, template) => operationOf(method, template) !== undefined,

    operationId: (method, template) => operationOf(method, template)?.operationId,

    matchPath: (method, concretePath) =>
      matchPathTemplate(templatesByMethod.get(method.toUpperCase()) ?? [], concretePath),

    validateRequestBody(method, template, body) {
      const route = `${method.toUpperCase()} ${template}`;
      const operation = operationOf(method, template);
      if (!operation) return [`${route}: not in GitHub's OpenAPI subset`];
      const label = `${route} request`;
      const described = operation.requestBody;
      if (!described) return isEmptyBody(body) ? [] : [`${label}: the operation takes no body but one was sent`];
      if (body === undefined || body === null || body === "") {
        return described.required ? [`${label}: a JSON body is required`] : [];
      }
      if (!described.content[JSON_TYPE]) return [];
      const pointer = ["paths", template, method.toLowerCase(), "requestBody", "content", JSON_TYPE, "schema"];
      return check(label, validatorAt(pointer), body);
    },

    validateResponse(method, template, status, body) {
      const route = `${method.toUpperCase()} ${template}`;
      const operation = operationOf(method, template);
      if (!operation) return [`${route}: not in GitHub's OpenAPI subset`];
      const label = `${route} response ${status}`;
      const listed = responseKey(operation, status);
      if (listed === undefined) {
        if (!universal.has(status)) {
          const known = Object.keys(operation.responses).join(", ");
          return [`${label}: status ${status} is not documented for this operation (documented: ${known})`];
        }
        return isEmptyBody(body) ? [] : check(label, validatorAt(["components", "schemas", "basic-error"]), body);
      }
      if (BODYLESS_STATUSES.has(status)) {
        return isEmptyBody(body) ? [] : [`${label}: must have no body`];
      }
      // Listed without a JSON schema (a redirect, merge-upstream's 409): the description gives nothing to check.
      if (!operation.responses[listed]?.content?.[JSON_TYPE]) return [];
      if (body === undefined) return [`${label}: a JSON body is required`];
      const pointer = ["paths", template, method.toLowerCase(), "responses", listed, "content", JSON_TYPE, "schema"];
      return check(label, validatorAt(pointer), body);
    },
  };
}

/** The responses key that covers a status: the exact code, its `2XX`-style range, or `default`. */
function responseKey(operation: OpenApiOperation, status: number): string | undefined {
  const candidates = [String(status), `${String(status).charAt(0)}XX`, "default"];
  return candidates.find((key) => key in operation.responses);
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === "";
}

/**
 * One line per ajv error, worded as a JSON pointer into the body: `/sha must be string`, `/object is required`.
 * An anyOf that only wraps a nullable schema adds "must be null" noise; that line is dropped when the other branch
 * explained the problem.
 */
function describeErrors(label: string, errors: readonly ErrorObject[]): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    if (error.keyword === "type" && (error.params as { type?: unknown }).type === "null" && errors.length > 1) continue;
    if (error.keyword === "anyOf" && errors.length > 1) continue;
    const line =
      error.keyword === "required"
        ? `${pointerOf(`${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`)} is required`
        : error.keyword === "additionalProperties"
          ? `${pointerOf(`${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`)} is not allowed`
          : `${pointerOf(error.instancePath)} ${error.message ?? "is invalid"}${allowedValues(error)}`;
    const full = `${label}: ${line}`;
    if (!lines.includes(full)) lines.push(full);
  }
  return lines;
}

function pointerOf(instancePath: string): string {
  return instancePath === "" ? "body" : instancePath;
}

function allowedValues(error: ErrorObject): string {
  if (error.keyword !== "enum") return "";
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
  return ` (${allowed.map((v) => JSON.stringify(v)).join(", ")})`;
}
