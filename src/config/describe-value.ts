/** Short descriptions of YAML values for error messages. */

/** The JSON kind of a value: null, string, number, boolean, array or object. */
export function jsonKind(value: unknown): "null" | "string" | "number" | "boolean" | "array" | "object" {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "object";
  }
}

/** What a value is, for `KEY: is ... (expected ...)`: `empty`, `a string`, `the number 3`, `a list`. */
export function describeValue(value: unknown): string {
  switch (jsonKind(value)) {
    case "null":
      return "empty";
    case "string":
      return "a string";
    case "number":
      return `the number ${String(value)}`;
    case "boolean":
      return `${String(value)} (a boolean)`;
    case "array":
      return "a list";
    case "object":
      return "a map";
  }
}

/** A value quoted for a message: strings in JSON quotes (shortened), others described. */
export function quoteValue(value: unknown): string {
  if (typeof value === "string") {
    const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(short);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return describeValue(value);
}
