/** Turns the OpenAPI 3.0 schemas of GitHub's description into JSON Schema that ajv validates with. */
import type { GitHubOpenApiSubset, OpenApiContent, OpenApiSchema } from "./subset.js";

/** Keywords whose value is one schema, a list of schemas, or a map of name -> schema (where conversion recurses). */
const SCHEMA_VALUED = new Set(["items", "not", "additionalProperties"]);
const SCHEMA_LIST_VALUED = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_MAP_VALUED = new Set(["properties", "patternProperties"]);

/**
 * Rewrites one OpenAPI 3.0 schema as JSON Schema that ajv understands: `nullable: true` becomes a `"null"` type (or,
 * without a `type`, an `anyOf` with `{ type: "null" }`), and an `enum` of a nullable schema also admits null.
 * Ajv's own `nullable` support throws on `nullable` without `type`, which GitHub's description uses ~130 times.
 */
export function openApiSchemaToJsonSchema(schema: unknown): unknown {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const out: OpenApiSchema = {};
  for (const [key, value] of Object.entries(schema as OpenApiSchema)) {
    if (key === "nullable") continue;
    if (SCHEMA_VALUED.has(key)) out[key] = openApiSchemaToJsonSchema(value);
    else if (SCHEMA_LIST_VALUED.has(key) && Array.isArray(value)) out[key] = value.map(openApiSchemaToJsonSchema);
    else if (SCHEMA_MAP_VALUED.has(key) && isRecord(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, openApiSchemaToJsonSchema(sub)]));
    } else out[key] = value;
  }
  if ((schema as OpenApiSchema).nullable !== true) return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"] };
  if (Array.isArray(out.type))
    return out.type.includes("null") ? out : { ...out, type: [...(out.type as unknown[]), "null"] };
  return { anyOf: [{ type: "null" }, out] };
}

/** The whole subset with every schema (parameters, request bodies, responses, components) converted for ajv. */
export function subsetToJsonSchemaDocument(subset: GitHubOpenApiSubset): Record<string, unknown> {
  const paths = mapValues(subset.paths, (item) =>
    mapValues(item, (operation) => ({
      ...operation,
      parameters: operation.parameters?.map((p) => ({ ...p, schema: openApiSchemaToJsonSchema(p.schema) })),
      requestBody: operation.requestBody && {
        ...operation.requestBody,
        content: convertContent(operation.requestBody.content),
      },
      responses: mapValues(operation.responses, (response) =>
        response.content ? { ...response, content: convertContent(response.content) } : response,
      ),
    })),
  );
  return { paths, components: { schemas: mapValues(subset.components.schemas, openApiSchemaToJsonSchema) } };
}

function convertContent(content: OpenApiContent): unknown {
  const media = content["application/json"];
  return media ? { "application/json": { schema: openApiSchemaToJsonSchema(media.schema) } } : {};
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
