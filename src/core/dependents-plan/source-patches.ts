/**
 * The dependent's own patches, applied to the candidate's sources by the build scripts. ONNX Runtime's CMake patches
 * the onnx sources it fetches (`PATCH_COMMAND patch --binary --ignore-whitespace -p1 < cmake/patches/onnx/onnx.patch`),
 * but FetchContent skips the download, update and patch steps for a directory given with FETCHCONTENT_SOURCE_DIR_<NAME>
 * (https://cmake.org/cmake/help/latest/module/FetchContent.html), so the candidate would be built unpatched. Each
 * build script gets a step, before the command that runs CMake, that applies each patch to the candidate's folder:
 * - it applies cleanly: applied;
 * - its reverse applies cleanly: the change is already in the candidate (upstreamed), skipped with a message;
 * - neither: the build fails with one line naming the patch (`PATCH_FAILURE_LINE`), itself a finding for the release.
 * The step sits between marker lines so that an edit of an already edited script replaces it. The recipe gets `patch`
 * (unix) and `m2-patch` (Windows) in its build requirements when it lacks them, and nothing else changes.
 */
import { ConflictError } from "../errors.js";
import type { RecipeFormat } from "../recipe/recipe-layout.js";
import { findDefinesAnchor } from "./vendored-source.js";

/** What the step applies, and where. */
export interface SourcePatchSpec {
  /** The CMake define that points FetchContent at the candidate's folder (named in the step's comment). */
  readonly define: string;
  /** The candidate's folder under the work directory ($SRC_DIR). */
  readonly folder: string;
  /** The patches, as paths from the dependent's source root ($SRC_DIR). */
  readonly patches: readonly string[];
  /** `patch -p<n>`. */
  readonly strip: number;
}

const BEGIN = ">>> release-kit: the dependent's own patches, applied to the candidate's sources";
const END = "<<< release-kit: the dependent's own patches";

/** The line a build prints when one of the dependent's patches no longer applies (the log classifier's `patch`). */
export function patchFailureLine(patch: string, folder: string): string {
  return `release-kit: the dependent's patch ${patch} no longer applies to the candidate's sources in ${folder}: a finding for the release`;
}

/** The line a build prints when a patch is already in the candidate. */
export function patchSkippedLine(patch: string): string {
  return `release-kit: ${patch} is already in the candidate's sources, its reverse applies: skipped`;
}

function why(define: string): string {
  return `FetchContent skips its patch step for a directory given with ${define}: they are applied here, before CMake runs.`;
}

/** The bash step (build.sh). */
export function bashPatchStep(spec: SourcePatchSpec): string[] {
  const list = spec.patches.map((p) => `"${p}"`).join(" ");
  return [
    `# ${BEGIN}`,
    `# ${why(spec.define)}`,
    `for rk_patch in ${list}; do`,
    `    rk_args=( --binary --ignore-whitespace --forward -p${spec.strip} -d "$SRC_DIR/${spec.folder}" -i "$SRC_DIR/$rk_patch" )`,
    `    if rk_out=$(patch --dry-run "\${rk_args[@]}" 2>&1 </dev/null); then`,
    `        patch "\${rk_args[@]}" </dev/null`,
    `    elif patch --dry-run --reverse "\${rk_args[@]}" >/dev/null 2>&1 </dev/null; then`,
    `        echo "${patchSkippedLine("$rk_patch")}"`,
    `    else`,
    `        echo "$rk_out"`,
    `        echo "${patchFailureLine("$rk_patch", spec.folder)}" >&2`,
    `        exit 1`,
    `    fi`,
    `done`,
    `# ${END}`,
  ];
}

/** The cmd step (bld.bat): one block per patch; `if errorlevel` is read when the line runs, unlike %ERRORLEVEL%. */
export function cmdPatchStep(spec: SourcePatchSpec): string[] {
  // Forward slashes: m2-patch is an MSYS2 program, and the define already spells the folder this way.
  const root = "%SRC_DIR:\\=/%";
  const lines = [`rem ${BEGIN}`, `rem ${why(spec.define)}`];
  for (const patch of spec.patches) {
    const args = `--binary --ignore-whitespace --forward -p${spec.strip} -d "${root}/${spec.folder}" -i "${root}/${patch}"`;
    lines.push(
      `patch --dry-run ${args} <nul`,
      `if not errorlevel 1 (`,
      `    patch ${args} <nul`,
      `    if errorlevel 1 exit 1`,
      `) else (`,
      `    patch --dry-run --reverse ${args} <nul >nul 2>&1`,
      `    if errorlevel 1 (`,
      `        echo ${patchFailureLine(patch, spec.folder)}`,
      `        exit 1`,
      `    )`,
      `    echo ${patchSkippedLine(patch)}`,
      `)`,
    );
  }
  lines.push(`rem ${END}`);
  return lines;
}

/** The script without a step an earlier edit added. */
function withoutStep(lines: readonly string[]): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (line.endsWith(BEGIN)) inside = true;
    if (!inside) out.push(line);
    if (inside && line.endsWith(END)) inside = false;
  }
  return out;
}

/**
 * The build script with the patch step before the command that runs CMake (build.sh: right after its
 * cmake_extra_defines array, so before the define's line; otherwise before the command passing --cmake_extra_defines).
 * An earlier step is replaced; with no patches, removed.
 */
export function addSourcePatchStep(text: string, script: string, spec: SourcePatchSpec): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = withoutStep(text.split(eol));
  if (spec.patches.length === 0) return lines.join(eol);
  const anchor = findDefinesAnchor(lines, script);
  if (!anchor)
    throw new ConflictError(
      `${script} has neither a cmake_extra_defines=( ... ) array nor a --cmake_extra_defines argument; release-kit cannot place the step that applies source-patches`,
    );
  const at = anchor.kind === "array" ? anchor.close + 1 : anchor.commandStart;
  lines.splice(at, 0, ...(script.endsWith(".bat") ? cmdPatchStep(spec) : bashPatchStep(spec)));
  return lines.join(eol);
}

/** Which of the patch tools a recipe's build requirements lacked and got. */
export interface PatchToolEdit {
  readonly text: string;
  /** `patch`, `m2-patch`: what was added (empty: both were there). */
  readonly added: readonly string[];
}

const indentOf = (line: string): number => /^\s*/.exec(line)?.[0].length ?? 0;
const isContent = (line: string): boolean => line.trim() !== "" && !line.trimStart().startsWith("#");
const isJinja = (line: string): boolean => /^\s*\{%/.test(line);

/** Whether the requirement section's text names a package (comments aside). */
function names(section: readonly string[], pkg: string): boolean {
  const pattern = new RegExp(`(?<![\\w.-])${pkg}(?![\\w.-])`);
  return section.some((line) => pattern.test(line.replace(/(^|\s)#.*$/, "")));
}

/** The recipe with `patch` (unix) and `m2-patch` (win) in its build requirements, each only when absent. */
export function addPatchTool(text: string, format: RecipeFormat): PatchToolEdit {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol);
  const req = lines.findIndex((line) => /^requirements\s*:\s*(#.*)?$/.test(line));
  // The requirements block: up to the next top-level key (Jinja lines at column 0 belong to it).
  let reqEnd = req + 1;
  if (req >= 0)
    while (reqEnd < lines.length) {
      const line = lines[reqEnd] ?? "";
      if (isContent(line) && indentOf(line) === 0 && !isJinja(line)) break;
      reqEnd++;
    }
  let buildKey = -1;
  let childIndent = 2;
  if (req >= 0) {
    const firstChild = lines.slice(req + 1, reqEnd).find((l) => isContent(l) && !isJinja(l));
    if (firstChild) childIndent = indentOf(firstChild);
    for (let i = req + 1; i < reqEnd; i++)
      if (indentOf(lines[i] ?? "") === childIndent && /^\s*build\s*:\s*(#.*)?$/.test(lines[i] ?? "")) buildKey = i;
  }
  let buildEnd = buildKey + 1;
  if (buildKey >= 0)
    while (buildEnd < reqEnd) {
      const line = lines[buildEnd] ?? "";
      if (isContent(line) && !isJinja(line) && indentOf(line) <= childIndent) break;
      buildEnd++;
    }
  const section = buildKey >= 0 ? lines.slice(buildKey + 1, buildEnd) : [];
  const needUnix = !names(section, "patch");
  const needWin = !names(section, "m2-patch");
  const added = [...(needUnix ? ["patch"] : []), ...(needWin ? ["m2-patch"] : [])];
  if (added.length === 0) return { text, added };

  const firstItem = section.find((l) => /^\s*- /.test(l));
  const item = " ".repeat(firstItem ? indentOf(firstItem) : childIndent + 2);
  const items: string[] = [];
  if (format === "recipe.yaml") {
    if (needUnix && needWin) items.push(`${item}- if: win`, `${item}  then: m2-patch`, `${item}  else: patch`);
    else if (needUnix) items.push(`${item}- if: unix`, `${item}  then: patch`);
    else items.push(`${item}- if: win`, `${item}  then: m2-patch`);
  } else {
    if (needUnix) items.push(`${item}- patch  # [unix]`);
    if (needWin) items.push(`${item}- m2-patch  # [win]`);
  }
  if (buildKey >= 0) {
    // After the section's last line of content, so that comments and blank lines before the next key stay there.
    let last = buildEnd - 1;
    while (last > buildKey && !isContent(lines[last] ?? "")) last--;
    lines.splice(last + 1, 0, ...items);
  } else if (req >= 0) {
    lines.splice(req + 1, 0, `${" ".repeat(childIndent)}build:`, ...items);
  } else {
    throw new ConflictError(
      `the recipe (${format}) has no requirements: block; add patch (m2-patch on Windows) to its build requirements by hand or drop source-patches`,
    );
  }
  return { text: lines.join(eol), added };
}
