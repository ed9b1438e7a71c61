/**
 * Pins of the upstream package in a dependent feedstock, and the smallest edit that makes each admit a candidate.
 * A recipe requirement (`- onnx >=1.19,<1.20.0a0`, meta.yaml and recipe.yaml alike) that excludes the candidate
 * gets `|==<candidate>` appended, so the spec admits exactly what it did plus the candidate; a pin in
 * `conda_build_config.yaml` (`onnx:` then `- 1.19`) that excludes it is replaced by the candidate (a variant value
 * is one version, not a range). Lines that admit it already, or that hold Jinja the plan cannot evaluate, stay.
 */
import { specAdmits } from "./conda-version.js";

/** One pin looked at. */
export interface PinCheck {
  readonly path: string;
  /** 1-based line. */
  readonly line: number;
  readonly before: string;
  /** The line after the edit; equal to `before` when the pin admits the candidate (or cannot be evaluated). */
  readonly after: string;
  readonly verdict: "admits" | "widened" | "not evaluated";
}

/** A text with its pins widened, and what was checked. */
export interface WidenResult {
  readonly text: string;
  readonly pins: readonly PinCheck[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The requirement lines of a recipe that name `pkg`: `- pkg SPEC [BUILD]  # comment`, quoted or not. `onnxruntime`
 * is not `onnx`: the name must end at a space, an operator or the end of the item.
 */
export function widenRecipePins(text: string, path: string, pkg: string, version: string): WidenResult {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol);
  const pins: PinCheck[] = [];
  const item = new RegExp(
    `^(\\s*-\\s+)(["']?)(${escapeRegExp(pkg)})(?=[\\s<>=!~"']|$)(\\s*)([^\\s#"']*)([^#"']*)(\\2)(\\s*#.*)?$`,
  );
  lines.forEach((line, i) => {
    const m = item.exec(line);
    if (!m) return;
    const [, lead = "", quote = "", name = "", gap = "", spec = "", build = "", closing = "", comment = ""] = m;
    if (spec === "") return;
    const record = (after: string, verdict: PinCheck["verdict"]) =>
      pins.push({ path, line: i + 1, before: line, after, verdict });
    if (/[{}$]/.test(spec)) return record(line, "not evaluated");
    if (specAdmits(spec, version)) return record(line, "admits");
    const widened = `${spec}|==${version}`;
    const after = `${lead}${quote}${name}${gap}${widened}${build}${closing}${comment}`;
    lines[i] = after;
    record(after, "widened");
  });
  return { text: lines.join(eol), pins };
}

/** The list items under the top-level `pkg:` key of a conda_build_config.yaml, widened to the candidate. */
export function widenBuildConfigPins(text: string, path: string, pkg: string, version: string): WidenResult {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol);
  const pins: PinCheck[] = [];
  const key = new RegExp(`^${escapeRegExp(pkg)}\\s*:\\s*(#.*)?$`);
  for (let i = 0; i < lines.length; i++) {
    if (!key.test(lines[i] ?? "")) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] ?? "";
      if (line.trim() === "" || /^\s*#/.test(line)) continue;
      const m = /^(\s*-\s+)(["']?)([^\s#"']+)(\2)(\s*#.*)?$/.exec(line);
      if (!m) break;
      const [, lead = "", quote = "", value = "", , comment = ""] = m;
      if (/[{}$]/.test(value)) {
        pins.push({ path, line: j + 1, before: line, after: line, verdict: "not evaluated" });
        continue;
      }
      // A variant value is a version the host requirement is pinned to (`onnx 1.19` -> the 1.19 series).
      if (specAdmits(value, version)) {
        pins.push({ path, line: j + 1, before: line, after: line, verdict: "admits" });
        continue;
      }
      const after = `${lead}${quote}${version}${quote}${comment}`;
      lines[j] = after;
      pins.push({ path, line: j + 1, before: line, after, verdict: "widened" });
    }
  }
  return { text: lines.join(eol), pins };
}
