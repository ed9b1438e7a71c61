/**
 * `release-kit init` at a real terminal (a pseudo-terminal from Python's pty module): it asks each question with the
 * detected value in brackets, Enter keeps it and a typed answer replaces it; Ctrl-C at a question stops it with one
 * line and exit 130, having written nothing.
 */
import { execa, type ResultPromise } from "execa";
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { onnxShapedSeed } from "../helpers/onnx-shaped-project.js";

const root = path.resolve(import.meta.dirname, "../..");
// Runs argv[1:] on a pseudo-terminal, copying our stdin to it and its output to our stdout; exits with its code.
const PTY = "import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** A clone of the ONNX-shaped project and `release-kit init --dir CLONE` started on a terminal (tsx resolves from the root). */
async function initAtTerminal(): Promise<{ dir: string; child: ResultPromise<{ reject: false }>; out: () => string }> {
  sandbox = await startSandbox(onnxShapedSeed());
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-init-tty-"));
  await execa("git", ["clone", "--quiet", `${sandbox.serverUrl}/onnx/onnx.git`, dir]);
  const child = execa(
    "python3",
    ["-c", PTY, process.execPath, "--import", "tsx", path.join(root, "src/cli/bin.ts"), "init", "--dir", dir],
    { cwd: root, reject: false, env: { ...sandbox.env(), GITHUB_TOKEN: "t-release", NO_COLOR: "1" } },
  );
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  void child.then(() => (text += "\n[exited]"));
  return { dir, child, out: () => text };
}

/** Resolves once the terminal shows `prompt` for the `n`th time. */
async function seen(out: () => string, prompt: string, n = 1): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (out().split(prompt).length - 1 < n) {
    if (Date.now() > deadline || out().endsWith("[exited]"))
      throw new Error(`the terminal never showed ${JSON.stringify(prompt)}:\n${out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("release-kit init at a terminal", () => {
  it("asks each value with the detected one as default: Enter keeps it, an answer replaces it", async () => {
    const { dir, child, out } = await initAtTerminal();
    const questions: [string, string][] = [
      ["GitHub repository (owner/name) [onnx/onnx]: ", ""],
      ["version files (comma-separated paths) [VERSION_NUMBER]: ", ""],
      ["version scheme (pep440 or semver) [pep440]: ", ""],
      ["tag pattern [v{version}]: ", "onnx-{version}"],
      ["release branch pattern [rel-{version}]: ", ""],
      ["version bump (direct or pull-request) [direct]: ", "pull-request"],
      ["required checks (comma-separated, - for none) [Linux CI, Windows CI]: ", "-"],
      ["package on the index (- for none) [onnx]: ", ""],
      ["conda-forge feedstock (owner/name, - for none) [conda-forge/onnx-feedstock]: ", "-"],
    ];
    for (const [prompt, answer] of questions) {
      await seen(out, prompt);
      child.stdin?.write(`${answer}\r`);
    }
    const result = await child;
    expect(result.exitCode, out()).toBe(0);
    expect(out()).toContain("config check: release-kit.yml is valid");
    const config = parse(await readFile(path.join(dir, "release-kit.yml"), "utf8")) as Record<string, unknown>;
    expect(config).toMatchObject({
      project: { tag: "onnx-{version}", "release-branch": "rel-{version}", "version-files": ["VERSION_NUMBER"] },
      rc: { "required-checks": [], via: "pull-request" },
      pypi: { package: "onnx" },
    });
    expect(config["conda-forge"]).toBeUndefined();
  });

  it("Ctrl-C at a question stops with one line and exit 130, and writes nothing", async () => {
    const { dir, child, out } = await initAtTerminal();
    await seen(out, "GitHub repository (owner/name) [onnx/onnx]: ");
    child.stdin?.write("\x03");
    const result = await child;
    expect(result.exitCode, out()).toBe(130);
    expect(out()).toMatch(
      /release-kit: stopped by SIGINT; what was written so far stays\. To continue: release-kit init --dir \S+\r?\n/,
    );
    expect(out()).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(existsSync(path.join(dir, "release-kit.yml"))).toBe(false);
  });
});
