/**
 * Fills `{name}` placeholders in a checklist or partner-issue template. A placeholder the caller gives no value for is
 * a config error naming it, because a typo in a template must not reach a public issue as literal `{verison}`.
 */
import { ConfigError } from "../errors.js";

const PLACEHOLDER = /\{([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\}/g;

/** The placeholder names a template uses, in order of first use. */
export function listPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))];
}

/**
 * Replaces every `{name}` with `values[name]`; values are inserted as they are, never re-scanned.
 * @param source names the template in the error message (e.g. `checklists/release.md`).
 */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string>>,
  source = "template",
): string {
  const missing = listPlaceholders(template).filter((name) => !Object.hasOwn(values, name));
  if (missing.length > 0) {
    const known = Object.keys(values)
      .sort()
      .map((k) => `{${k}}`)
      .join(", ");
    throw new ConfigError(
      `${source}: unknown placeholder ${missing.map((m) => `{${m}}`).join(", ")} (known: ${known || "none"}); fix the template`,
    );
  }
  return template.replace(PLACEHOLDER, (_m, name: string) => values[name] ?? "");
}
