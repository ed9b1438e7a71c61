/**
 * The writes of `release-kit init`: each planned file created only if it is still absent when written (an exclusive
 * create: a file that appeared since the plan is not clobbered), or replaced when `--force` planned an overwrite.
 */
import path from "node:path";
import { makeParentDirectory, pathExists, readText, writeText, writeTextIfAbsent } from "../../adapters/files.js";
import { ConflictError } from "../../core/errors.js";
import type { InitFile, PlannedInitFile } from "../../core/init/plan-init.js";

/** Which of `files` exist in `dir`. */
export async function existingPaths(dir: string, files: readonly InitFile[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const file of files) {
    // An absent file is one init writes.
    if (await pathExists(path.join(dir, file.path))) found.add(file.path);
  }
  return found;
}

/** The text of a file init keeps. */
export async function readExisting(dir: string, file: string): Promise<string> {
  return readText(path.join(dir, file));
}

/** Writes every file the plan writes or overwrites. */
export async function applyInitFiles(dir: string, planned: readonly PlannedInitFile[]): Promise<void> {
  for (const file of planned) {
    if (file.action === "keep") continue;
    const target = path.join(dir, file.path);
    await makeParentDirectory(target);
    if (file.action !== "write") await writeText(target, file.text);
    else if (!(await writeTextIfAbsent(target, file.text)))
      throw new ConflictError(`${file.path} appeared while init ran; it was kept: run init again to see the plan`);
  }
}
