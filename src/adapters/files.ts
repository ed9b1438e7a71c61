/**
 * The file system as flows use it: text in and out (UTF-8), appends to logs, folders, and the few checks they make.
 * Flows import this instead of node:fs, so what they touch on disk is listed in one place and a write that must not
 * be seen half-done (a cache entry another job reads) goes through `writeTextAtomically`.
 */
import { existsSync } from "node:fs";
import {
  access,
  appendFile,
  copyFile,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A file's text. Throws the system error when it cannot be read. */
export async function readText(file: string): Promise<string> {
  return readFile(file, "utf8");
}

/** A file's text, or null when it does not exist (any other failure throws). */
export async function readTextIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The last `maxBytes` bytes of a file as text (a log's tail), or undefined when it cannot be opened. */
export async function readTextTail(file: string, maxBytes: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    await handle.close();
  }
}

/** Writes (creates or replaces) a file's text; its folder must exist. */
export async function writeText(file: string, text: string): Promise<void> {
  await writeFile(file, text);
}

/** Creates a file with this text only if there is none yet: false (and nothing written) when the file exists. */
export async function writeTextIfAbsent(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Replaces a file's text so a reader sees the old text or the new, never a part: written to a temporary file in the
 * same folder, then renamed over it. The temporary file does not outlive a failed write.
 */
export async function writeTextAtomically(file: string, text: string): Promise<void> {
  const temp = temporarySibling(file);
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Copies a file over `to` as `writeTextAtomically` writes: readers see the old file or the whole copy. */
export async function copyFileAtomically(from: string, to: string): Promise<void> {
  const temp = temporarySibling(to);
  try {
    await copyFile(from, temp);
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Copies a file (replacing `to`). */
export async function copyFileTo(from: string, to: string): Promise<void> {
  await copyFile(from, to);
}

/** Appends text to a file, creating it if needed. */
export async function appendText(file: string, text: string): Promise<void> {
  await appendFile(file, text);
}

/** Creates a folder and its parents (nothing when it exists). */
export async function makeDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/** Creates the folders a file needs. */
export async function makeParentDirectory(file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
}

/** A new empty folder named `prefix` plus random characters, in `parent` (the system's temporary folder by default). */
export async function makeTemporaryDirectory(prefix: string, parent: string = tmpdir()): Promise<string> {
  return mkdtemp(join(parent, prefix));
}

/** Removes a file or a folder with its contents; nothing when it does not exist. */
export async function removePath(target: string): Promise<void> {
  await rm(target, { recursive: true, force: true });
}

/** Whether a file or folder exists (and can be seen). */
export async function pathExists(target: string): Promise<boolean> {
  try {
    await access(target);
    return true;
  } catch {
    return false;
  }
}

/** `pathExists` for synchronous code (a path decided while building a command line). */
export function pathExistsNow(target: string): boolean {
  return existsSync(target);
}

/** One entry of a folder. */
export interface DirectoryEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

/** The entries of a folder (unsorted). Throws the system error when it cannot be read. */
export async function listDirectory(dir: string): Promise<DirectoryEntry[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.map((entry) => ({ name: entry.name, isFile: entry.isFile(), isDirectory: entry.isDirectory() }));
}

/** When a file was last modified. Throws the system error when it does not exist. */
export async function modifiedTime(file: string): Promise<Date> {
  return (await stat(file)).mtime;
}

function temporarySibling(file: string): string {
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}
