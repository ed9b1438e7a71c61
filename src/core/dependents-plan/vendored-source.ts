/**
 * The edits that make a dependent that vendors the project's sources build the candidate's instead. ONNX Runtime's
 * CMake fetches onnx itself (FetchContent, pinned in its cmake/deps.txt), so a channel label changes nothing; two
 * edits do:
 * - the recipe gets the candidate's tag archive as a second source, unpacked into its own folder
 *   (`folder:` in meta.yaml, `target_directory:` in recipe.yaml); a single `source:` mapping becomes a list;
 * - each build script gets the CMake define that points FetchContent at that folder
 *   (FETCHCONTENT_SOURCE_DIR_<NAME>): in build.sh appended to the `cmake_extra_defines` array, in bld.bat inserted
 *   after `--cmake_extra_defines`, which ORT's build.py turns into `-D` arguments.
 * Nothing else changes (but the dependent's own patches to the fetched sources, see source-patches.ts). Pure text
 * edits, each replacing what an earlier edit added; a shape they cannot place the edit in is a ConflictError naming
 * the file.
 */
import { ConflictError } from "../errors.js";
import type { RecipeFormat } from "../recipe/recipe-layout.js";

/** The second source. */
export interface CandidateSource {
  readonly url: string;
  readonly sha256: string;
  /** Folder under the work directory. */
  readonly folder: string;
}

/** The recipe text with `source` as a list ending with the candidate's archive. */
export function addCandidateSource(text: string, format: RecipeFormat, source: CandidateSource): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol);
  const start = lines.findIndex((line) => /^source\s*:\s*(#.*)?$/.test(line));
  if (start === -1)
    throw new ConflictError(
      `the recipe (${format}) has no top-level "source:" block release-kit can extend; add the candidate's source by hand`,
    );
  let end = start + 1;
  while (end < lines.length) {
    const line = lines[end] ?? "";
    if (line.trim() !== "" && !/^\s/.test(line) && !/^-/.test(line) && !line.startsWith("#")) break;
    end++;
  }
  // Trailing blank lines belong to the gap before the next key.
  while (end > start + 1 && (lines[end - 1] ?? "").trim() === "") end--;
  const block = lines.slice(start + 1, end);
  const firstContent = block.find((l) => l.trim() !== "" && !/^\s*#/.test(l)) ?? "";
  const listItem = /^(\s*)- /.exec(firstContent);
  const folderKey = format === "recipe.yaml" ? "target_directory" : "folder";
  let indent: string;
  let body: string[];
  if (listItem) {
    indent = listItem[1] ?? "";
    body = block;
  } else {
    // A mapping: it becomes the first item of the list, its keys indented under the dash.
    indent = /^(\s*)/.exec(firstContent)?.[1] ?? "  ";
    let first = true;
    body = block.map((line) => {
      if (line.trim() === "") return line;
      if (first && !/^\s*#/.test(line)) {
        first = false;
        return `${indent}- ${line.slice(indent.length)}`;
      }
      return `  ${line}`;
    });
  }
  const added = [
    `${indent}- url: ${source.url}`,
    `${indent}  sha256: ${source.sha256}`,
    `${indent}  ${folderKey}: ${source.folder}`,
  ];
  lines.splice(start + 1, end - start - 1, ...body, ...added);
  return lines.join(eol);
}

/** How a build script names the source folder: `$SRC_DIR/x` in bash, forward slashes in cmd (CMake reads them). */
export function defineFor(script: string, define: string, folder: string): string {
  return script.endsWith(".bat") ? `${define}=%SRC_DIR:\\=/%/${folder}` : `${define}=$SRC_DIR/${folder}`;
}

/** Where a build script collects its CMake defines: after a `cmake_extra_defines=( ... )` array (build.sh), or on the
 * line that passes `--cmake_extra_defines`, whose command starts at `commandStart` (continuation lines before it). */
export type DefinesAnchor =
  | { readonly kind: "array"; readonly close: number }
  | { readonly kind: "flag"; readonly line: number; readonly commandStart: number };

/** Finds where the script's CMake defines are collected; null when it has no place release-kit knows. */
export function findDefinesAnchor(lines: readonly string[], script: string): DefinesAnchor | null {
  const bat = script.endsWith(".bat");
  if (!bat) {
    const start = lines.findIndex((line) => /^\s*cmake_extra_defines=\(/.test(line));
    if (start >= 0) {
      // The array's closing parenthesis: the first line from the start whose code ends with ")".
      let close = start;
      while (close < lines.length && !/\)\s*(#.*)?$/.test((lines[close] ?? "").replace(/"[^"]*"/g, '""'))) close++;
      if (close < lines.length) return { kind: "array", close };
    }
  }
  const line = lines.findIndex((l) => /--cmake_extra_defines\s/.test(l));
  if (line < 0) return null;
  // The command the flag belongs to may be continued over several lines (`\` in bash, `^` in cmd).
  const continued = bat ? /\^\s*$/ : /\\\s*$/;
  let commandStart = line;
  while (commandStart > 0 && continued.test(lines[commandStart - 1] ?? "")) commandStart--;
  return { kind: "flag", line, commandStart };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The build script with the define added where it collects its CMake defines; a define a previous edit added
 * (a rerun on an already edited script, a newer candidate) is replaced, never repeated. */
export function addCmakeDefine(text: string, script: string, define: string, folder: string): string {
  const assignment = defineFor(script, define, folder);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const name = escapeRegExp(define);
  const lines = text
    .split(eol)
    .filter((line) => !new RegExp(`^cmake_extra_defines\\+=\\( "${name}=[^"]*" \\)$`).test(line))
    .map((line) =>
      /--cmake_extra_defines\s/.test(line) ? line.replace(new RegExp(`"${name}=[^"]*" `, "g"), "") : line,
    );
  const anchor = findDefinesAnchor(lines, script);
  if (anchor?.kind === "array") {
    lines.splice(anchor.close + 1, 0, `cmake_extra_defines+=( "${assignment}" )`);
    return lines.join(eol);
  }
  if (anchor?.kind === "flag") {
    lines[anchor.line] = (lines[anchor.line] ?? "").replace(/--cmake_extra_defines\s+/, (m) => `${m}"${assignment}" `);
    return lines.join(eol);
  }
  throw new ConflictError(
    `${script} has neither a cmake_extra_defines=( ... ) array nor a --cmake_extra_defines argument; add ${assignment} to its CMake defines by hand or drop it from build-scripts`,
  );
}
