/**
 * Ctrl-C and SIGTERM as a release manager meets them: the real CLI process, stopped during a wait, says in one line
 * that it stopped and how to continue, exits 130 or 143, and prints no stack. A failed cut with a made-up run id
 * names the exact command (with --run-id) that continues it, and that command does.
 */
import { execa } from "execa";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { snapshot, startWidgetWorld, widgetConfig, widgetSeed, type WidgetWorld } from "../helpers/widget-project.js";

const root = path.resolve(import.meta.dirname, "../..");

const PUBLISH = `publish:
  workflow: create_release.yml
  ref: "{tag}"
  inputs: { tag: "{tag}" }
  timeout-minutes: 30
pypi:
  package: widget
`;

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

/** A widget world whose publish workflow never finishes, with rc1 cut, so `publish` waits. */
async function waitingWorld(): Promise<WidgetWorld> {
  const seed = widgetSeed();
  world = await startWidgetWorld({
    seed: {
      ...seed,
      repos: seed.repos.map((r) => ({ ...r, workflows: { "create_release.yml": { conclusion: "never" } } })),
    },
    config: widgetConfig + PUBLISH,
  });
  const cut = await world.cli(["rc", "--version", "1.20.0"]);
  expect(cut.code, cut.stderr).toBe(0);
  return world;
}

/** Starts the CLI as a user does, waits until it says it is waiting, then sends the signal. */
async function stopDuringWait(w: WidgetWorld, signal: "SIGINT" | "SIGTERM") {
  const child = execa(
    process.execPath,
    ["--import", "tsx", path.join(root, "src/cli/bin.ts"), "publish", "--tag", "v1.20.0rc1", "--config", w.configPath],
    {
      cwd: root,
      reject: false,
      env: { ...w.sandbox.env(), GITHUB_TOKEN: "t-release", RELEASE_KIT_WRITE_INTERVAL_MS: "0" },
    },
  );
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`publish never said it was waiting:\n${stderr}`)), 150_000);
    void child.then(() => reject(new Error(`publish ended before it waited:\n${stderr}`)));
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/dispatched create_release.yml/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.kill(signal);
  return child;
}

describe("the CLI stopped by a signal", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s during a wait: one line with the command that continues, exit %i, no stack",
    async (signal, code) => {
      const w = await waitingWorld();
      const result = await stopDuringWait(w, signal);
      expect(result.exitCode).toBe(code);
      const lines = result.stderr.trim().split("\n");
      expect(lines.at(-1)).toBe(
        `release-kit: stopped by ${signal}; what was written so far stays. To continue: release-kit publish --tag v1.20.0rc1 --config ${w.configPath}`,
      );
      expect(result.stderr).not.toMatch(/internal error|this is a bug|\n\s+at /);
      // A spawned CLI compiles its TypeScript on start: give a loaded machine time.
    },
    180_000,
  );
});

describe("a failed cut with a made-up run id", () => {
  it("prints the command with --run-id that continues it, and that command finishes the candidate", async () => {
    world = await startWidgetWorld({ faults: { crashAfterWrites: 2 } });
    const crashed = await world.cli(["rc", "--version", "1.20.0"], { RELEASE_KIT_RETRY_BASE_MS: "1" });
    expect(crashed.code, crashed.stderr).toBe(1);
    // One line: the outage, with the exact command that continues this run (its made-up id included).
    const hint = /run `release-kit (rc --version 1\.20\.0 --run-id local-[0-9a-f]+)` again later; it resumes/.exec(
      crashed.stderr,
    );
    expect(crashed.stderr.split("\n").filter((l) => l.startsWith("release-kit:"))).toHaveLength(1);
    expect(hint, crashed.stderr).not.toBeNull();
    world.sandbox.faults.set({});
    const resumed = await world.cli(hint![1]!.split(" "));
    expect(resumed.code, resumed.stderr).toBe(0);
    const state = await snapshot(world.sandbox, "acme/widget");
    expect(state.refs.filter((r) => r.startsWith("refs/tags/")).map((r) => r.split(" ")[0])).toEqual([
      "refs/tags/v1.19.0",
      "refs/tags/v1.20.0rc1",
    ]);
  });
});
