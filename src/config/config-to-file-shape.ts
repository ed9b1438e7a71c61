/** Prints a resolved configuration the way users write it: kebab-case keys, so `config check` output can be pasted back. */
import { Document, isScalar, isSeq, visit } from "yaml";
import type { ReleaseKitConfig } from "./config-types.js";

// Fields whose keys are user data (workflow inputs, environment variables): copied as they are.
const USER_KEYED_MAPS = new Set(["inputs", "rcInputs", "env"]);

/** The resolved configuration with kebab-case keys, as plain data. */
export function configToFileShape(config: ReleaseKitConfig): Record<string, unknown> {
  return toKebab(config) as Record<string, unknown>;
}

/** The resolved configuration as YAML, with kebab-case keys. */
export function configToYaml(config: ReleaseKitConfig): string {
  const doc = new Document(configToFileShape(config));
  // Argument lists read best on one line, as users write them: [python, -m, pytest].
  visit(doc, {
    Seq(_key, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function toKebab(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toKebab);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[kebab(key)] = USER_KEYED_MAPS.has(key) ? { ...(child as object) } : toKebab(child);
  }
  return out;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
