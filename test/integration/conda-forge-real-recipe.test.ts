/**
 * `release-kit conda-forge pr` on the real onnx feedstock recipe from ../shared/fixtures (skipped without it): the PR
 * changes only the version, the hash and the build number.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { feedstockGitWrites, startFeedstockWorld, type FeedstockWorld } from "../helpers/feedstock-world.js";

const fixtures = path.resolve(import.meta.dirname, "../../../shared/fixtures/feedstocks");
const onnx = path.join(fixtures, "onnx-feedstock");

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const config = `project:
  repo: onnx/onnx
  version-files: [VERSION_NUMBER]
pypi:
  package: onnx
conda-forge:
  feedstock: conda-forge/onnx-feedstock
  fork-owner: release-bot
  source-wait-minutes: 0
`;

describe.skipIf(!existsSync(onnx))(
  "conda-forge pr on the real onnx feedstock recipe (needs ../shared/fixtures)",
  () => {
    it("opens the [rc] PR that changes only version, sha256 and build number, and adds the rc label", async () => {
      const recipe = await readFile(path.join(onnx, "recipe/recipe.yaml"), "utf8");
      world = await startFeedstockWorld({
        feedstock: "conda-forge/onnx-feedstock",
        upstream: "onnx/onnx",
        upstreamTags: ["v1.22.0", "v1.23.0rc1"],
        feedstockFiles: {
          "recipe/recipe.yaml": recipe,
          "conda-forge.yml": await readFile(path.join(onnx, "conda-forge.yml"), "utf8"),
        },
        config,
      });
      const r = await world.cli(["conda-forge", "pr", "--version", "1.23.0rc1", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { title: string; diff: string; sources: { url: string; sha256: string }[] };
      expect(out.title).toBe("[rc] onnx v1.23.0rc1");
      expect(out.sources.map((s) => s.url)).toEqual(["https://github.com/onnx/onnx/archive/v1.23.0rc1.tar.gz"]);
      const changed = out.diff.split("\n").filter((l) => /^[-+][^-+]/.test(l));
      expect(changed).toEqual([
        "+channel_targets:",
        "+  - conda-forge onnx_rc",
        '-  version: "1.22.0"',
        '+  version: "1.23.0rc1"',
        expect.stringMatching(/^- {2}sha256: [0-9a-f]{64}$/),
        `+  sha256: ${out.sources[0]!.sha256}`,
        "-  number: 1",
        "+  number: 0",
      ]);
      const fork = "release-bot/onnx-feedstock";
      const bumped = await world.readFile(fork, "release-kit/onnx-1.23.0rc1", "recipe/recipe.yaml");
      expect(bumped?.length).toBe(recipe.length + "rc1".length);
      expect(feedstockGitWrites(world.sandbox, "conda-forge/onnx-feedstock")).toEqual([]);
      expect(world.sandbox.violations).toEqual([]);
    });
  },
);
