/**
 * The file-system adapter flows use (src/adapters/files.ts) on a real temporary folder: atomic writes and copies that
 * leave no temporary file behind (also when they fail), create-only writes, missing files as null or undefined where
 * the flows expect it, log tails, appends, folders and listings.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendText,
  copyFileAtomically,
  copyFileTo,
  listDirectory,
  makeDirectory,
  makeParentDirectory,
  makeTemporaryDirectory,
  modifiedTime,
  pathExists,
  pathExistsNow,
  readText,
  readTextIfExists,
  readTextTail,
  removePath,
  writeText,
  writeTextAtomically,
  writeTextIfAbsent,
} from "../../src/adapters/files.js";

let root = "";
let n = 0;
/** A fresh empty folder per test. */
async function folder(): Promise<string> {
  const dir = join(root, `case-${n++}`);
  await mkdir(dir);
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "release-kit-files-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("atomic writes", () => {
  it("replaces a file's text and leaves no temporary file", async () => {
    const dir = await folder();
    const file = join(dir, "entry.json");
    await writeText(file, "old\n");
    await writeTextAtomically(file, "new\n");
    expect(await readFile(file, "utf8")).toBe("new\n");
    expect(await readdir(dir)).toEqual(["entry.json"]);
  });

  it("leaves no temporary file and the target untouched when the rename fails", async () => {
    const dir = await folder();
    const target = join(dir, "occupied");
    await mkdir(target);
    await writeFile(join(target, "inside"), "kept");
    await expect(writeTextAtomically(target, "text")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["occupied"]);
    expect(await readFile(join(target, "inside"), "utf8")).toBe("kept");
  });

  it("copies a file over another the same way, and leaves nothing when the source is missing", async () => {
    const dir = await folder();
    await writeText(join(dir, "from.log"), "log lines\n");
    await writeText(join(dir, "to.log"), "older\n");
    await copyFileAtomically(join(dir, "from.log"), join(dir, "to.log"));
    expect(await readFile(join(dir, "to.log"), "utf8")).toBe("log lines\n");
    await expect(copyFileAtomically(join(dir, "missing.log"), join(dir, "to.log"))).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).sort()).toEqual(["from.log", "to.log"]);
    expect(await readFile(join(dir, "to.log"), "utf8")).toBe("log lines\n");
  });
});

describe("writes", () => {
  it("creates a file only while it is absent", async () => {
    const dir = await folder();
    const file = join(dir, "release-kit.yml");
    expect(await writeTextIfAbsent(file, "first\n")).toBe(true);
    expect(await writeTextIfAbsent(file, "second\n")).toBe(false);
    expect(await readFile(file, "utf8")).toBe("first\n");
  });

  it("appends to a file, creating it first", async () => {
    const dir = await folder();
    const log = join(dir, "step.log");
    await appendText(log, "$ make\n");
    await appendText(log, "[release-kit] exit code 0\n");
    expect(await readFile(log, "utf8")).toBe("$ make\n[release-kit] exit code 0\n");
  });

  it("copies a file, replacing the target", async () => {
    const dir = await folder();
    await writeText(join(dir, "a"), "A");
    await writeText(join(dir, "b"), "B");
    await copyFileTo(join(dir, "a"), join(dir, "b"));
    expect(await readFile(join(dir, "b"), "utf8")).toBe("A");
  });
});

describe("reads", () => {
  it("reads a missing file as null, and throws for anything else that is wrong", async () => {
    const dir = await folder();
    expect(await readTextIfExists(join(dir, "absent"))).toBeNull();
    await writeText(join(dir, "present"), "text");
    expect(await readTextIfExists(join(dir, "present"))).toBe("text");
    await expect(readTextIfExists(dir)).rejects.toThrow(/EISDIR/);
    await expect(readText(join(dir, "absent"))).rejects.toThrow(/ENOENT/);
  });

  it("reads the last bytes of a log, or undefined when there is none", async () => {
    const dir = await folder();
    const log = join(dir, "big.log");
    await writeText(log, `${"x".repeat(100)}\nlast line\n`);
    expect(await readTextTail(log, 10)).toBe("last line\n");
    expect(await readTextTail(log, 1_000)).toBe(`${"x".repeat(100)}\nlast line\n`);
    expect(await readTextTail(join(dir, "absent.log"), 10)).toBeUndefined();
  });

  it("tells what exists, lists a folder and reads a modification time", async () => {
    const dir = await folder();
    await makeDirectory(join(dir, "a", "b", "c"));
    await makeParentDirectory(join(dir, "x", "y", "file.txt"));
    await writeText(join(dir, "x", "y", "file.txt"), "");
    expect(await pathExists(join(dir, "a", "b", "c"))).toBe(true);
    expect(await pathExists(join(dir, "nothing"))).toBe(false);
    expect(pathExistsNow(join(dir, "x", "y", "file.txt"))).toBe(true);
    expect(pathExistsNow(join(dir, "nothing"))).toBe(false);
    await writeText(join(dir, "top.txt"), "");
    const entries = (await listDirectory(dir)).sort((p, q) => p.name.localeCompare(q.name));
    expect(entries).toEqual([
      { name: "a", isFile: false, isDirectory: true },
      { name: "top.txt", isFile: true, isDirectory: false },
      { name: "x", isFile: false, isDirectory: true },
    ]);
    await expect(listDirectory(join(dir, "nothing"))).rejects.toThrow(/ENOENT/);
    const when = new Date("2026-01-02T03:04:05Z");
    await utimes(join(dir, "top.txt"), when, when);
    expect((await modifiedTime(join(dir, "top.txt"))).toISOString()).toBe("2026-01-02T03:04:05.000Z");
  });
});

describe("folders", () => {
  it("makes a temporary folder with the prefix in the parent given, and removes folders and files", async () => {
    const dir = await folder();
    const made = await makeTemporaryDirectory("onnx-baseline-1-", dir);
    expect(made.startsWith(join(dir, "onnx-baseline-1-"))).toBe(true);
    expect((await stat(made)).isDirectory()).toBe(true);
    await writeText(join(made, "inside"), "x");
    await removePath(made);
    await removePath(join(dir, "never-there"));
    expect(await readdir(dir)).toEqual([]);
  });
});
