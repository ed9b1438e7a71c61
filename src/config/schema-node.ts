/** Read-only access to the JSON Schema of release-kit.yml, for messages that quote it (keys, hints, examples). */
import schemaJson from "../../schema/release-kit.schema.json" with { type: "json" };

/** A node of the schema, as plain JSON. */
export type SchemaNode = Readonly<Record<string, unknown>>;

/** The whole schema document. */
export const configSchema: SchemaNode = schemaJson;

/** `node` with a local `$ref` merged in (the node's own keywords win, as in draft 2020-12 siblings). */
export function resolveSchemaNode(node: unknown): SchemaNode {
  if (!isSchemaNode(node)) return {};
  const ref = node["$ref"];
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return node;
  const defs = configSchema["$defs"];
  const target = isSchemaNode(defs) ? defs[ref.slice("#/$defs/".length)] : undefined;
  const { $ref: _ref, ...own } = node;
  return { ...resolveSchemaNode(target), ...own };
}

/** The keys a map schema allows, in schema order. */
export function allowedKeys(node: SchemaNode): string[] {
  const properties = node["properties"];
  return isSchemaNode(properties) ? Object.keys(properties) : [];
}

/** The schema of property `key` of a map schema, resolved; undefined when the key is not declared. */
export function propertySchema(node: SchemaNode, key: string): SchemaNode | undefined {
  const properties = node["properties"];
  if (!isSchemaNode(properties) || !Object.hasOwn(properties, key)) return undefined;
  return resolveSchemaNode(properties[key]);
}

/** What a value of this schema should look like, in words: its `x-expected` hint, else an example, else its type. */
export function expectationOf(node: SchemaNode): string | undefined {
  const hint = node["x-expected"];
  if (typeof hint === "string") return hint;
  const examples = node["examples"];
  if (Array.isArray(examples) && examples.length > 0) return `e.g. ${String(examples[0])}`;
  const type = node["type"];
  if (typeof type === "string") return typeInWords(type);
  return undefined;
}

/** A JSON Schema type name as users say it. */
export function typeInWords(type: string): string {
  switch (type) {
    case "string":
      return "a string";
    case "integer":
      return "a whole number";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "a map";
    case "null":
      return "nothing";
    default:
      return type;
  }
}

/** Whether a value is a schema-like plain object. */
export function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
