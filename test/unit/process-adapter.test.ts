/**
 * The process adapter (src/adapters/processes.ts) with real processes: exit codes and output captured without a
 * throw, arguments passed as they are (no shell), a missing program or folder as a ProcessStartError that says what to
 * do, cancel and timeout, a process group ended as a whole, output appended to a log, bytes kept exactly, and a
 * long-lived process spoken to over its pipes.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessFailedError, runProcess, runProcessOrThrow, startProcess } from "../../src/adapters/processes.js";
import { describeFailure, ProcessStartError } from "../../src/core/errors.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "release-kit-processes-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Whether a process still runs: a killed orphan may stay a zombie where PID 1 does not reap (containers). */
function isAlive(pid: number): boolean {
  if (existsSync("/proc/self/stat")) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return false;
    }
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("runProcess", () => {
  it("reports a failing command's exit code and output instead of throwing", async () => {
    const result = await runProcess("sh", ["-c", "echo out; echo err >&2; exit 3"]);
    expect(result).toMatchObject({ ok: false, exitCode: 3, stdout: "out", stderr: "err", timedOut: false });
    expect(result.startError).toBeUndefined();
    expect(result.failure).toMatch(/exit code 3/);
  });

  it("reports success with the output's final newline stripped", async () => {
    const result = await runProcess("sh", ["-c", "printf 'one\\ntwo\\n'"]);
    expect(result).toMatchObject({ ok: true, exitCode: 0, stdout: "one\ntwo", failure: "" });
  });

  it("passes each argument as it is, never through a shell", async () => {
    const result = await runProcess("printf", ["%s|", "a b", "$HOME", "; echo injected", "*"], { cwd: dir });
    expect(result.stdout).toBe("a b|$HOME|; echo injected|*|");
  });

  it("runs in the folder given, with variables added to the inherited environment and the input on stdin", async () => {
    const result = await runProcess("sh", ["-c", 'pwd; echo "$RK_PROBE"; cat'], {
      cwd: dir,
      env: { RK_PROBE: "probe value" },
      input: "from stdin",
    });
    expect(result.stdout.split("\n")).toEqual([dir, "probe value", "from stdin"]);
    // PATH came from the inherited environment, or `sh` and `cat` would not have been found.
    expect(result.ok).toBe(true);
  });

  it("gives a process without input an empty stdin, so a reader of stdin ends at once", async () => {
    const result = await runProcess("cat", [], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ ok: true, stdout: "", timedOut: false });
  });

  it("keeps binary output exactly, final newline included", async () => {
    const result = await runProcess("sh", ["-c", "printf 'a\\n\\000b\\n'"], { binary: true });
    expect([...result.stdout]).toEqual([0x61, 0x0a, 0x00, 0x62, 0x0a]);
  });

  it("reports a program that is not installed as a ProcessStartError saying what to do", async () => {
    const result = await runProcess("release-kit-no-such-program", ["--version"]);
    expect(result.ok).toBe(false);
    expect(result.exitCode).toBeUndefined();
    expect(result.startError).toBeInstanceOf(ProcessStartError);
    expect(result.startError?.code).toBe("ENOENT");
    expect(result.startError?.reason).toBe("spawn release-kit-no-such-program ENOENT");
    expect(result.startError?.message).toBe(
      "cannot start release-kit-no-such-program: it is not installed or not on PATH: install it or add its folder to PATH",
    );
    // A user error (exit 1, one line), not a bug.
    expect(describeFailure(result.startError)).toMatchObject({ exitCode: 1, isBug: false });
  });

  it("names a missing working folder instead of blaming the program", async () => {
    const missing = join(dir, "gone");
    const result = await runProcess("sh", ["-c", "true"], { cwd: missing });
    expect(result.startError?.message).toBe(
      `cannot start sh: its working folder ${missing} does not exist: check the path`,
    );
  });

  it("reports a file that is not executable as such", async () => {
    const script = join(dir, "not-executable.sh");
    await writeFile(script, "#!/bin/sh\necho hi\n", { mode: 0o644 });
    const result = await runProcess(script, []);
    expect(result.startError?.code).toBe("EACCES");
    expect(result.startError?.message).toMatch(/^cannot start .*not-executable\.sh: it is not executable/);
  });

  it("stops the process when the signal aborts", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const result = await runProcess("sleep", ["30"], { signal: controller.signal });
    expect(result).toMatchObject({ ok: false, cancelled: true, timedOut: false, signal: "SIGTERM" });
    expect(result.startError).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("stops the process after its timeout", async () => {
    const result = await runProcess("sleep", ["30"], { timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, timedOut: true, cancelled: false, signal: "SIGTERM" });
  });

  it("ends a whole process group on timeout, and appends its output to the log", async () => {
    const log = join(dir, "group.log");
    const pidFile = join(dir, "group.pid");
    await writeFile(log, "before\n");
    const result = await runProcess(
      "sh",
      ["-c", `echo started; echo to-stderr >&2; sleep 30 & echo $! > '${pidFile}'; wait`],
      { processGroup: true, timeoutMs: 500, appendOutputTo: log },
    );
    expect(result).toMatchObject({ ok: false, timedOut: true, stdout: "" });
    expect(await readFile(log, "utf8")).toBe("before\nstarted\nto-stderr\n");
    const child = Number((await readFile(pidFile, "utf8")).trim());
    // The shell's own child went with it (SIGKILL of the group once the shell ended).
    for (let i = 0; i < 50 && isAlive(child); i++) await delay(20);
    expect(isAlive(child)).toBe(false);
  });

  it("kills what a command left running in its group once it exits", async () => {
    const pidFile = join(dir, "left.pid");
    // The leftover lets go of the output pipes, or the result would wait for them to close.
    const result = await runProcess("sh", ["-c", `sleep 30 >/dev/null 2>&1 & echo $! > '${pidFile}'`], {
      processGroup: true,
    });
    expect(result.ok).toBe(true);
    const child = Number((await readFile(pidFile, "utf8")).trim());
    for (let i = 0; i < 50 && isAlive(child); i++) await delay(20);
    expect(isAlive(child)).toBe(false);
  });

  it("cancels a process group already cancelled before it started", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runProcess("sleep", ["30"], { processGroup: true, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, cancelled: true });
  });
});

describe("runProcessOrThrow", () => {
  it("returns the result of a command that succeeds", async () => {
    expect((await runProcessOrThrow("echo", ["fine"])).stdout).toBe("fine");
  });

  it("throws a ProcessFailedError with the command's stderr for a failure", async () => {
    const error = await runProcessOrThrow("sh", ["-c", "echo broken >&2; exit 2"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessFailedError);
    expect((error as ProcessFailedError).result.exitCode).toBe(2);
    expect((error as ProcessFailedError).message).toMatch(/exit code 2/);
    expect((error as ProcessFailedError).message).toMatch(/broken/);
  });

  it("throws the ProcessStartError for a program that is not installed", async () => {
    await expect(runProcessOrThrow("release-kit-no-such-program", [])).rejects.toBeInstanceOf(ProcessStartError);
  });
});

describe("startProcess", () => {
  it("talks to a long-lived process over its pipes and reports how it ended", async () => {
    const cat = startProcess("cat", []);
    cat.hold(true);
    const answer = new Promise<string>((resolve) => {
      let text = "";
      cat.stdout?.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        if (text.endsWith("\n")) resolve(text);
      });
    });
    cat.stdin?.write("ping\n");
    expect(await answer).toBe("ping\n");
    cat.hold(false);
    cat.stdin?.end();
    const ended = await cat.ended;
    expect(ended).toMatchObject({ ok: true, exitCode: 0 });
    expect(typeof cat.pid).toBe("number");
  });

  it("reports a program that cannot start through its end", async () => {
    const missing = startProcess("release-kit-no-such-program", []);
    const ended = await missing.ended;
    expect(ended.startError).toBeInstanceOf(ProcessStartError);
  });
});
