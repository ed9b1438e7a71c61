/**
 * `conda-forge pr` finds the new release's files as `conda-forge bump-recipe` does: a recipe whose source sits on the
 * package index's per-file digest path is moved to the index's sdist of the new version (found through the
 * sandbox index's JSON API) before anything is downloaded, so the PR never packages the old file; and the bumped
 * recipe's package version is checked against `conda-forge.package-version`.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  startFeedstockWorld,
  widgetCondaBuildConfig,
  widgetFeedstockConfig,
  widgetRecipeYaml,
  type FeedstockWorld,
} from "../helpers/feedstock-world.js";

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const digestFolder = `packages/6f/0a/${"d".repeat(60)}`;
const sdistUrl = "https://pypi.org/packages/source/${{ name[0] }}/${{ name }}/widget-${{ version }}.tar.gz";

function feedstockWith(recipe: string): Record<string, string> {
  return {
    "README.md": "About widget-feedstock\n",
    "conda-forge.yml": "github:\n  branch_name: main\n",
    "recipe/recipe.yaml": recipe,
    "recipe/conda_build_config.yaml": widgetCondaBuildConfig,
  };
}

interface PrJson {
  sources: { url: string; sha256: string }[];
  files: string[];
  diff: string;
}

describe("conda-forge pr and the release's source URLs", () => {
  it("moves a source on an old digest path to the index's sdist of the candidate, then downloads that", async () => {
    const recipe = widgetRecipeYaml.replace(
      sdistUrl,
      `https://files.pythonhosted.org/${digestFolder}/widget-\${{ version }}.tar.gz`,
    );
    expect(recipe).toContain(digestFolder);
    world = await startFeedstockWorld({ recipe: "recipe-yaml", feedstockFiles: feedstockWith(recipe) });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--dry-run", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as PrJson;
    expect(out.sources.map((s) => s.url)).toEqual([
      "https://files.pythonhosted.org/packages/source/w/widget/widget-1.20.0rc1.tar.gz",
    ]);
    expect(out.diff).toContain(`-  url: https://files.pythonhosted.org/${digestFolder}/widget-\${{ version }}.tar.gz`);
    expect(out.diff).toContain(
      "+  url: https://files.pythonhosted.org/packages/source/${{ name[0] }}/${{ name }}/${{ name }}-${{ version }}.tar.gz",
    );
    expect(r.stderr).toMatch(/recipe\/recipe\.yaml line \d+: source URL .*6f\/0a.* -> /);
    // The lookup went through the index's JSON API, and the old digest path was never downloaded.
    const paths = world.sandbox.requests.map((q) => `${q.method} ${q.path}`);
    expect(paths.some((p) => /^GET .*\/pypi\/widget\/1\.20\.0rc1\/json$/.test(p))).toBe(true);
    expect(paths.some((p) => p.includes("6f/0a"))).toBe(false);
  });

  it("keeps a recipe URL that already names the new file, with nothing to rewrite", async () => {
    world = await startFeedstockWorld({ recipe: "recipe-yaml" });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--dry-run", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as PrJson;
    expect(out.diff).not.toMatch(/^[-+]\s+url:/m);
    expect(out.sources.map((s) => s.url)).toEqual([
      "https://pypi.org/packages/source/w/widget/widget-1.20.0rc1.tar.gz",
    ]);
    expect(r.stderr).not.toMatch(/source URL .* -> /);
  });
});

describe("conda-forge pr and a package version that is not the upstream version", () => {
  // protobuf's pattern: the conda package 4.24.4 packages upstream 24.4.
  const recipe = widgetRecipeYaml.replace("  version: ${{ version }}", '  version: ${{ "4." ~ version }}');

  it("checks the bumped recipe against conda-forge.package-version", async () => {
    expect(recipe).toContain('"4." ~ version');
    world = await startFeedstockWorld({
      recipe: "recipe-yaml",
      feedstockFiles: feedstockWith(recipe),
      config: widgetFeedstockConfig('  package-version: "4.{version}"\n'),
    });
    const ok = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--dry-run", "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as PrJson).diff).toContain('+  version: "1.20.0rc1"');
  });

  it("refuses the bump without it (the recipe renders 4.1.20.0rc1), and --package-version does the same", async () => {
    world = await startFeedstockWorld({ recipe: "recipe-yaml", feedstockFiles: feedstockWith(recipe) });
    const refused = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--dry-run"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the package version renders as 4\.1\.20\.0rc1, expected 1\.20\.0rc1/);
    const flag = await world.cli([
      "conda-forge",
      "pr",
      "--version",
      "1.20.0rc1",
      "--package-version",
      "4.{version}",
      "--dry-run",
    ]);
    expect(flag.code, flag.stderr).toBe(0);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });
});
