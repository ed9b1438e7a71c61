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
    expect(crashed.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l))).toHaveLength(1);
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

describe("a cut killed after its version commit, run again as it was", () => {
  it("names the killed run's id in the exact command that continues it, and that command finishes rc1", async () => {
    world = await startWidgetWorld({ faults: { crashAfterWrites: 3 } });
    const args = ["rc", "--version", "1.20.0", "--config", world.configPath];
    // The process dies after the commit: whatever it printed is lost, as with kill -9 or a closed laptop.
    await world.cli(args, { RELEASE_KIT_RETRY_BASE_MS: "1" });
    world.sandbox.faults.set({});
    const branch = await world.sandbox.git.readRef("acme/widget", "refs/heads/rel-1.20.0");
    expect(branch).toBeTruthy();

    const mark = world.sandbox.requests.length;
    const same = await world.cli(args);
    expect(same.code).toBe(1);
    const lines = same.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l));
    expect(lines).toHaveLength(1);
    const printed =
      /continue that run with `release-kit (rc --version 1\.20\.0 --config \S+ --run-id local-[0-9a-f]{8})`/.exec(
        lines[0]!,
      );
    expect(printed, lines[0]).not.toBeNull();
    expect(lines[0]).toContain("or finish it in this run with --rc 1");
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);

    const resumed = await world.cli(printed![1]!.split(" "));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(
      /candidate: rc1 of 1\.20\.0: committed by this run \(local-[0-9a-f]{8}\), which continues it/,
    );
    const state = await snapshot(world.sandbox, "acme/widget");
    expect(state.refs.filter((r) => r.startsWith("refs/tags/")).map((r) => r.split(" ")[0])).toEqual([
      "refs/tags/v1.19.0",
      "refs/tags/v1.20.0rc1",
    ]);
    // The tag is on the commit the killed run made: continued, not redone.
    expect(await world.sandbox.git.resolveCommit("acme/widget", "v1.20.0rc1")).toBe(branch);
  });
});

describe("a finished candidate and the same command again", () => {
  it("says in its pre-flight that it would cut rc2, refuses without --next in one line, and cuts it with --next", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0"])).code).toBe(0);
    const mark = world.sandbox.requests.length;
    const again = await world.cli(["rc", "--version", "1.20.0"]);
    expect(again.code).toBe(1);
    expect(again.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l))).toEqual([
      "release-kit: pre-flight failed, nothing was written: candidate: rc2 of 1.20.0: rc1 is cut and released, so this would cut the next candidate: pass --next to cut it",
    ]);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    const next = await world.cli(["rc", "--version", "1.20.0", "--next"]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/candidate: rc2 of 1\.20\.0: the next candidate \(rc1 is cut and released\)/);
    expect(await world.sandbox.git.readRef("acme/widget", "refs/tags/v1.20.0rc2")).toBeTruthy();
  });
});
