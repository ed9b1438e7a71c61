/**
 * Reads Python core metadata (a wheel's METADATA, an sdist's PKG-INFO): email-style headers up to the first blank
 * line, continuation lines starting with whitespace, repeated keys kept in order.
 * https://packaging.python.org/en/latest/specifications/core-metadata/
 */

/** The fields a contract diff compares, plus every header as read. */
export interface PythonMetadata {
  readonly name?: string;
  readonly version?: string;
  readonly requiresPython?: string;
  readonly requiresDist: readonly string[];
  /** Every header by its lower-case name, values in file order. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

/** Parses METADATA or PKG-INFO text. */
export function parsePythonMetadata(text: string): PythonMetadata {
  const fields: Record<string, string[]> = {};
  let last: { key: string; index: number } | undefined;
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    if (line === "") break; // the body (long description) starts here
    if (/^[ \t]/.test(line) && last !== undefined) {
      const values = fields[last.key] ?? [];
      values[last.index] = `${values[last.index] ?? ""}\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = (fields[key] ??= []);
    values.push(line.slice(colon + 1).trim());
    last = { key, index: values.length - 1 };
  }
  const first = (key: string): string | undefined => fields[key]?.[0];
  const name = first("name");
  const version = first("version");
  const requiresPython = first("requires-python");
  return {
    ...(name !== undefined ? { name } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(requiresPython !== undefined ? { requiresPython } : {}),
    requiresDist: fields["requires-dist"] ?? [],
    fields,
  };
}
