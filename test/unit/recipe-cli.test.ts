/**
 * `release-kit conda-forge bump-recipe`: in-place bump with the rc label, dry run, --final, --json, and bad input
 * refused before any write.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CommandContext, ParsedFlags } from "../../src/cli/command.js";
import { condaForgeBumpRecipeCommand } from "../../src/cli/commands/conda-forge-bump-recipe.js";
import { InputError, OperationFailedError } from "../../src/core/errors.js";
import { RecordingLogger } from "../../src/core/logger.js";

const ownFixtures = path.resolve(import.meta.dirname, "../fixtures/recipes");
const feedstocks = path.resolve(import.meta.dirname, "../../../shared/fixtures/feedstocks");
const sha = (c: string): string => c.repeat(64);
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary feedstock checkout with the given files (path relative to the root -> content). */
function feedstock(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rk-feedstock-"));
  temps.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function snapshot(dir: string, files: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    files.map((f) => [f, existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), "utf8") : undefined]),
  );
}

async function run(
  positionals: string[],
  values: ParsedFlags["values"],
  options: { dryRun?: boolean; json?: boolean; cwd?: string } = {},
): Promise<{ code: number; stdout: string; logger: RecordingLogger }> {
  let stdout = "";
  const logger = new RecordingLogger();
  const ctx: CommandContext = {
    globals: { dryRun: options.dryRun ?? false, json: options.json ?? false, verbose: false },
    logger,
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => undefined,
    env: {},
    cwd: options.cwd ?? process.cwd(),
    signal: new AbortController().signal,
  };
  // These tests are about the recipe edit; the URL checks are tested against a local index (offline by default here).
  const withOffline = "offline" in values ? values : { ...values, offline: true };
  const code = await condaForgeBumpRecipeCommand.run({ positionals, values: withOffline }, ctx);
  return { code, stdout, logger };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the command to fail");
}

const widget = readFileSync(path.join(ownFixtures, "build-num-variable.meta.yaml.txt"), "utf8");

describe("release-kit conda-forge bump-recipe", () => {
  it("is registered under the words conda-forge bump-recipe", () => {
    expect(condaForgeBumpRecipeCommand.words).toEqual(["conda-forge", "bump-recipe"]);
  });

  it("bumps the recipe in place, sets the rc label, and prints a unified diff of both files", async () => {
    const dir = feedstock({ "recipe/meta.yaml": widget });
    const { code, stdout, logger } = await run([dir], {
      version: "1.5.0rc1",
      sha256: [sha("a")],
      "rc-label": "widget_rc",
    });
    expect(code).toBe(0);
    expect(logger.lines).toContainEqual({
      level: "warning",
      message:
        "recipe/meta.yaml line 3 keeps the build number `{% set build_num = 4 %}` (conda-forge's bot resets only number:, build and build_number); set it to 0 if this feedstock restarts it per version",
    });
    const recipe = readFileSync(path.join(dir, "recipe/meta.yaml"), "utf8");
    expect(recipe).toContain('{% set version = "1.5.0rc1" %}');
    expect(recipe).toContain(`sha256: "${sha("a")}"  # [not win]`);
    expect(readFileSync(path.join(dir, "recipe/conda_build_config.yaml"), "utf8")).toBe(
      "channel_targets:\n  - conda-forge widget_rc\n",
    );
    expect(stdout).toContain("--- a/recipe/meta.yaml\n+++ b/recipe/meta.yaml\n@@ -1,");
    expect(stdout).toContain('\n-{% set version = "1.4.0" %}\n');
    expect(stdout).toContain('\n+{% set version = "1.5.0rc1" %}\n');
    expect(stdout).toContain(
      "--- /dev/null\n+++ b/recipe/conda_build_config.yaml\n@@ -0,0 +1,2 @@\n+channel_targets:\n",
    );
  });

  it("writes nothing with --dry-run but prints the same diff", async () => {
    const dir = feedstock({ "recipe/meta.yaml": widget });
    const before = snapshot(dir, ["recipe/meta.yaml", "recipe/conda_build_config.yaml"]);
    const { code, stdout, logger } = await run(
      [dir],
      { version: "1.5.0", sha256: [sha("b")], "rc-label": "w_rc" },
      { dryRun: true },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('+{% set version = "1.5.0" %}');
    expect(snapshot(dir, ["recipe/meta.yaml", "recipe/conda_build_config.yaml"])).toEqual(before);
    expect(logger.text()).toContain("nothing written");
  });

  it("removes the rc override with --final, deleting a file that held only that", async () => {
    const dir = feedstock({
      "recipe/meta.yaml": widget,
      "recipe/conda_build_config.yaml": "channel_targets:\n  - conda-forge widget_rc\n",
    });
    const { code, stdout } = await run([dir], { version: "1.5.0", sha256: [sha("c")], final: true });
    expect(code).toBe(0);
    expect(existsSync(path.join(dir, "recipe/conda_build_config.yaml"))).toBe(false);
    expect(stdout).toContain("--- a/recipe/conda_build_config.yaml\n+++ /dev/null\n");
  });

  it("resolves DIR against the working directory and prints JSON with --json", async () => {
    const dir = feedstock({ "feedstock/recipe/meta.yaml": widget });
    const { stdout } = await run(["feedstock"], { version: "1.5.0", sha256: [sha("d")] }, { cwd: dir, json: true });
    const parsed = JSON.parse(stdout) as { files: string[]; changes: unknown[]; keptBuildNumbers: unknown[] };
    expect(parsed.files).toEqual(["recipe/meta.yaml"]);
    // Version and hash; `{% set build_num = 4 %}` stays, as the autotick bot leaves it, and is listed.
    expect(parsed.changes).toHaveLength(2);
    expect(parsed.keptBuildNumbers).toEqual([{ line: 3, text: "{% set build_num = 4 %}" }]);
  });

  describe("refuses bad input with one line, before writing anything", () => {
    const cases: [string, string[] | undefined, ParsedFlags["values"], RegExp][] = [
      ["a short hash", undefined, { version: "1.5.0", sha256: ["abc"] }, /--sha256 abc is not a sha256/],
      ["a version with a v", undefined, { version: "v1.5.0", sha256: [sha("a")] }, /use --version 1\.5\.0/],
      ["a version that is not PEP 440", undefined, { version: "1.5.0-beta.x", sha256: [sha("a")] }, /not a PEP 440/],
      ["no hash", undefined, { version: "1.5.0" }, /missing --sha256/],
      [
        "both --rc-label and --final",
        undefined,
        { version: "1.5.0", sha256: [sha("a")], "rc-label": "x", final: true },
        /not both/,
      ],
      ["a bad label", undefined, { version: "1.5.0", sha256: [sha("a")], "rc-label": "x y" }, /not a channel label/],
      ["a missing DIR", ["/nonexistent/feedstock"], { version: "1.5.0", sha256: [sha("a")] }, /is not a directory/],
      ["too many hashes", undefined, { version: "1.5.0", sha256: [sha("a"), sha("b")] }, /2 sha256 values given/],
    ];
    for (const [what, positionals, values, message] of cases) {
      it(`refuses ${what}`, async () => {
        const dir = feedstock({ "recipe/meta.yaml": widget });
        const error = await rejection(run(positionals ?? [dir], values));
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toMatch(message);
        expect(error.message).not.toContain("\n");
        expect(readFileSync(path.join(dir, "recipe/meta.yaml"), "utf8")).toBe(widget);
        expect(existsSync(path.join(dir, "recipe/conda_build_config.yaml"))).toBe(false);
      });
    }

    it("refuses a DIR without a recipe", async () => {
      const dir = feedstock({ "README.md": "x\n" });
      const error = await rejection(run([dir], { version: "1.5.0", sha256: [sha("a")] }));
      expect(error.message).toMatch(/has no recipe\/meta\.yaml or recipe\/recipe\.yaml/);
    });

    it("refuses a git_url-only recipe and leaves it untouched", async () => {
      const text = readFileSync(path.join(ownFixtures, "git-url-only.meta.yaml.txt"), "utf8");
      const dir = feedstock({ "recipe/meta.yaml": text });
      const error = await rejection(run([dir], { version: "0.4.0", sha256: [sha("a")], "rc-label": "g_rc" }));
      expect(error).toBeInstanceOf(InputError);
      expect(snapshot(dir, ["recipe/meta.yaml", "recipe/conda_build_config.yaml"])).toEqual({
        "recipe/meta.yaml": text,
        "recipe/conda_build_config.yaml": undefined,
      });
    });
  });

  it("stops on a failed self-check and writes nothing", async () => {
    // The URL uses a variable the bump cannot reach once rendered: the package version is pinned by hand.
    const pinned = widget.replace("  version: {{ version }}", "  version: 1.4.0");
    const dir = feedstock({ "recipe/meta.yaml": pinned });
    const error = await rejection(run([dir], { version: "1.5.0", sha256: [sha("a")] }));
    expect(error).toBeInstanceOf(OperationFailedError);
    expect(error.message).toContain("the package version renders as 1.4.0, expected 1.5.0");
    expect(readFileSync(path.join(dir, "recipe/meta.yaml"), "utf8")).toBe(pinned);
  });
});

describe.skipIf(!existsSync(feedstocks))(
  "bump-recipe on a copy of onnx-feedstock (skipped: ../shared is absent)",
  () => {
    it("bumps the v1 recipe exactly as the bot would and adds the onnx_rc label", async () => {
      const recipe = readFileSync(path.join(feedstocks, "onnx-feedstock/recipe/recipe.yaml"), "utf8");
      const dir = feedstock({ "recipe/recipe.yaml": recipe });
      const { code } = await run([dir], { version: "1.23.0rc1", sha256: [sha("f")], "rc-label": "onnx_rc" });
      expect(code).toBe(0);
      const after = readFileSync(path.join(dir, "recipe/recipe.yaml"), "utf8");
      expect(after).toBe(
        recipe
          .replace('version: "1.22.0"', 'version: "1.23.0rc1"')
          .replace(/sha256: [0-9a-f]{64}/, `sha256: ${sha("f")}`)
          .replace("  number: 1\n", "  number: 0\n"),
      );
    });
  },
);
