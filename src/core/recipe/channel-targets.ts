/**
 * The `channel_targets` override of a feedstock's `recipe/conda_build_config.yaml` (CFEP-05): a release candidate is
 * uploaded to the label `conda-forge <pkg>_rc`, a final to `main` (no override). Edits are line based so that other
 * keys, comments and selectors stay exactly as they were; the style matches conda-forge's own rc branches:
 * `channel_targets:` then `  - conda-forge onnx_rc`.
 */
import { InputError } from "../errors.js";

const labelPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const keyPattern = /^channel_targets\s*:(.*)$/;

interface Split {
  lines: string[];
  eol: string;
  /** Whether the text ended with a line break. */
  finalEol: boolean;
}

function split(text: string): Split {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const finalEol = text.endsWith("\n");
  const body = finalEol ? text.slice(0, text.endsWith("\r\n") ? -2 : -1) : text;
  return { lines: body === "" ? [] : body.split(eol), eol, finalEol };
}

/** The lines of the `channel_targets` key: its own line and the block lines under it. */
function findKey(lines: readonly string[]): { start: number; end: number; inline: string } | undefined {
  const start = lines.findIndex((line) => keyPattern.test(line));
  if (start === -1) return undefined;
  const inline = keyPattern.exec(lines[start] ?? "")?.[1] ?? "";
  let end = start + 1;
  while (end < lines.length) {
    const line = lines[end] ?? "";
    if (line.trim() === "" || !(/^\s/.test(line) || line.startsWith("-"))) break;
    end++;
  }
  return { start, end, inline };
}

/** The indentation the file uses for block list items (conda-forge's default: two spaces). */
function listIndent(lines: readonly string[]): string {
  for (let i = 1; i < lines.length; i++) {
    const item = /^(\s*)- /.exec(lines[i] ?? "");
    if (item && /^[A-Za-z_][\w-]*\s*:\s*(#.*)?$/.test(lines[i - 1] ?? "")) return item[1] ?? "";
  }
  return "  ";
}

/** `conda_build_config.yaml` text (or none) with `channel_targets` set to `conda-forge <label>`. */
export function setChannelTargets(condaBuildConfigText: string | undefined, label: string): string {
  if (!labelPattern.test(label)) {
    throw new InputError(`"${label}" is not a channel label (expected letters, digits, ".", "_" or "-", e.g. onnx_rc)`);
  }
  const target = `conda-forge ${label}`;
  const text = condaBuildConfigText ?? "";
  const { lines, eol } = split(text);
  const found = findKey(lines);
  if (found) {
    const flow = /^\s*\[.*\](\s*#.*)?$/.exec(found.inline);
    if (flow) {
      const comment = flow[1] ?? "";
      lines[found.start] = `channel_targets: [${target}]${comment}`;
      lines.splice(found.start + 1, found.end - found.start - 1);
    } else {
      const firstItem = /^(\s*)- /.exec(lines[found.start + 1] ?? "");
      const indent = firstItem ? (firstItem[1] ?? "") : listIndent(lines);
      lines.splice(found.start + 1, found.end - found.start - 1, `${indent}- ${target}`);
    }
  } else {
    lines.push("channel_targets:", `${listIndent(lines)}- ${target}`);
  }
  return lines.join(eol) + eol;
}

/** The text without any `channel_targets` key; undefined when nothing but blank lines would remain. */
export function removeChannelTargets(condaBuildConfigText: string): string | undefined {
  const { lines, eol, finalEol } = split(condaBuildConfigText);
  const found = findKey(lines);
  if (!found) return condaBuildConfigText.trim() === "" ? undefined : condaBuildConfigText;
  lines.splice(found.start, found.end - found.start);
  if (lines.every((line) => line.trim() === "")) return undefined;
  const removedLast = found.start >= lines.length;
  return lines.join(eol) + (finalEol || removedLast ? eol : "");
}
