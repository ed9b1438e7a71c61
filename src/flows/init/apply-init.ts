/**
 * The writes of `release-kit init`: each planned file created only if it is still absent when written (the `wx`
 * flag: a file that appeared since the plan is not clobbered), or replaced when `--force` planned an overwrite.
 */
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConflictError } from "../../core/errors.js";
import type { InitFile, PlannedInitFile } from "../../core/init/plan-init.js";

/** Which of `files` exist in `dir`. */
export async function existingPaths(dir: string, files: readonly InitFile[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const file of files) {
    try {
      await access(path.join(dir, file.path));
      found.add(file.path);
    } catch {
      // absent: init writes it
    }
  }
  return found;
}

/** The text of a file init keeps. */
export async function readExisting(dir: string, file: string): Promise<string> {
  return readFile(path.join(dir, file), "utf8");
}

/** Writes every file the plan writes or overwrites. */
export async function applyInitFiles(dir: string, planned: readonly PlannedInitFile[]): Promise<void> {
  for (const file of planned) {
    if (file.action === "keep") continue;
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await writeFile(target, file.text, { flag: file.action === "write" ? "wx" : "w" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      throw new ConflictError(`${file.path} appeared while init ran; it was kept: run init again to see the plan`);
    }
  }
}
