/**
 * The release-candidate marker of a recipe that takes RCs on its main branch (numpy's pattern: `context.rc_num`,
 * where a value above -1 appends `rcN` to the version and adds a run dependency that only exists on the rc label).
 */
import { parse } from "yaml";
import { isMap, isScalar } from "yaml";
import type { Scalar } from "yaml";
import { InputError } from "../errors.js";
import { findSetLiterals } from "./meta-yaml-layout.js";
import { textLines } from "./meta-yaml-lines.js";
import { parseRecipeYaml, scalarSpan } from "./recipe-yaml-layout.js";
import type { TextSpan } from "./recipe-layout.js";
import { spliceText } from "./splice-text.js";

function literal(span: TextSpan, value: string | number): string {
  if (typeof value === "number") return String(value);
  if (span.quote !== "") return `${span.quote}${value}${span.quote}`;
  return (parse(`v: ${value}`) as { v?: unknown } | null)?.v === value ? value : JSON.stringify(value);
}

/** The scalar `context.<key>` of a recipe.yaml; undefined for a meta.yaml (not YAML before rendering). */
function contextNode(recipeText: string, key: string): Scalar | undefined {
  let context: unknown;
  try {
    context = parseRecipeYaml(recipeText).get("context", true);
  } catch {
    return undefined;
  }
  const node = isMap(context) ? context.get(key, true) : undefined;
  return isScalar(node) ? node : undefined;
}

/** The recipe with its marker `key` (a `context:` key or a `{% set %}` variable) set to `value`. */
export function setRcMarker(recipeText: string, key: string, value: string | number): string {
  if (!/^[A-Za-z_]\w*$/.test(key)) throw new InputError(`"${key}" is not a recipe variable name`);
  const lines = textLines(recipeText);
  const jinja = findSetLiterals(lines, key);
  const numeric = new RegExp(`\\{%-?\\s*set\\s+${key}\\s*=\\s*(-?\\d+)\\s*-?%\\}`);
  const spans: TextSpan[] = [...jinja.spans];
  for (const line of lines) {
    const match = numeric.exec(line.text);
    if (!match) continue;
    const raw = match[1] ?? "";
    const at = match.index + (match[0] ?? "").lastIndexOf(raw);
    spans.push({ start: line.start + at, end: line.start + at + raw.length, value: raw, quote: "" });
  }
  if (spans.length === 0) {
    const node = contextNode(recipeText, key);
    if (node) spans.push(scalarSpan(recipeText, node));
  }
  if (spans.length === 0) {
    throw new InputError(
      `the recipe has no RC marker "${key}" (a context key or {% set ${key} = ... %}); configure the key the recipe uses`,
    );
  }
  return spliceText(
    recipeText,
    spans.map((span) => ({ span, text: literal(span, value) })),
  );
}
