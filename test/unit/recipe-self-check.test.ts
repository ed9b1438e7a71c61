/** The self-check after a recipe edit: version, URL and hash are what was intended, and the YAML still reads. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OperationFailedError } from "../../src/core/errors.js";
import { bumpRecipe } from "../../src/core/recipe/bump-recipe.js";
import { renderSourceUrls } from "../../src/core/recipe/render-source-urls.js";
import { selfCheckRecipe } from "../../src/core/recipe/self-check-recipe.js";

const feedstocks = path.resolve(import.meta.dirname, "../../../shared/fixtures/feedstocks");
const ownFixtures = path.resolve(import.meta.dirname, "../fixtures/recipes");
const sha = (c: string): string => c.repeat(64);

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OperationFailedError);
    expect((error as Error).message).not.toContain("\n");
    return error as Error;
  }
  throw new Error("expected the self-check to fail");
}

describe("self-check of an edited recipe", () => {
  const text = readFileSync(path.join(ownFixtures, "build-num-variable.meta.yaml.txt"), "utf8");
  const url = "https://github.com/acme/widget/archive/v1.5.0.tar.gz";
  const bumped = bumpRecipe(text, { format: "meta.yaml", version: "1.5.0", sha256s: [sha("a")] }).text;

  it("passes when version, URL and hash are what was intended", () => {
    const sources = selfCheckRecipe(bumped, "meta.yaml", { version: "1.5.0", sources: [{ url, sha256: sha("a") }] });
    expect(sources).toEqual([
      {
        index: 0,
        url,
        rawUrl: "https://github.com/acme/{{ name }}/archive/v{{ version }}.tar.gz",
        dependsOnVersion: true,
        sha256: sha("a"),
      },
    ]);
  });

  it("refuses a hash that differs and names both", () => {
    const error = failure(() =>
      selfCheckRecipe(bumped, "meta.yaml", { version: "1.5.0", sources: [{ url, sha256: sha("b") }] }),
    );
    expect(error.message).toContain(`has sha256 ${sha("a")}, expected ${sha("b")}`);
  });

  it("refuses a recipe that was not bumped (version and URL differ)", () => {
    const error = failure(() =>
      selfCheckRecipe(text, "meta.yaml", { version: "1.5.0", sources: [{ url, sha256: sha("1") }] }),
    );
    expect(error.message).toContain("the package version renders as 1.4.0, expected 1.5.0");
    expect(error.message).toContain(
      `URL renders as https://github.com/acme/widget/archive/v1.4.0.tar.gz, expected ${url}`,
    );
  });

  it("refuses a count of version-dependent sources that differs", () => {
    const error = failure(() => selfCheckRecipe(bumped, "meta.yaml", { version: "1.5.0", sources: [] }));
    expect(error.message).toContain("1 source(s) depend on the version, expected 0");
  });

  it("refuses an edit that broke the YAML", () => {
    const broken = bumped.replace("build:\n", "build: [\n");
    const error = failure(() =>
      selfCheckRecipe(broken, "meta.yaml", { version: "1.5.0", sources: [{ url, sha256: sha("a") }] }),
    );
    expect(error.message).toMatch(/invalid YAML/);
  });

  it("refuses a recipe.yaml whose URL template was mangled", () => {
    const recipe = readFileSync(path.join(ownFixtures, "quoted-hash.recipe.yaml.txt"), "utf8");
    const edited = bumpRecipe(recipe, { format: "recipe.yaml", version: "2.4.0", sha256s: [sha("c")] }).text;
    const mangled = edited.replace("-${{ version }}.tar.gz", "-${{ versoin }}.tar.gz");
    const error = failure(() =>
      selfCheckRecipe(mangled, "recipe.yaml", {
        version: "2.4.0",
        sources: [{ url: "https://pypi.org/packages/source/s/sprocket/sprocket-2.4.0.tar.gz", sha256: sha("c") }],
      }),
    );
    expect(error.message).toContain("`versoin`");
  });
});

describe.skipIf(!existsSync(feedstocks))(
  "rendering real recipes (skipped: ../shared/fixtures/feedstocks is absent)",
  () => {
    const read = (dir: string, file: string): string =>
      readFileSync(path.join(feedstocks, dir, "recipe", file), "utf8");

    it("renders numpy's derived version_rc into the URL, with and without an rc number", () => {
      const main = renderSourceUrls(read("numpy-feedstock", "recipe.yaml"), "recipe.yaml", "2.6.0");
      expect(main[0]?.url).toBe("https://github.com/numpy/numpy/releases/download/v2.6.0/numpy-2.6.0.tar.gz");
      const rc = renderSourceUrls(read("numpy-feedstock@c4afd1e", "recipe.yaml"), "recipe.yaml", "2.6.0");
      expect(rc[0]?.url).toBe("https://github.com/numpy/numpy/releases/download/v2.6.0rc1/numpy-2.6.0rc1.tar.gz");
      expect(rc[0]?.dependsOnVersion).toBe(true);
    });

    it("renders `name[0]` in PyPI URLs of both formats", () => {
      expect(renderSourceUrls(read("spox-feedstock", "recipe.yaml"), "recipe.yaml", "0.16.0")[0]?.url).toBe(
        "https://pypi.org/packages/source/s/spox/spox-0.16.0.tar.gz",
      );
      expect(renderSourceUrls(read("onnxscript-feedstock", "meta.yaml"), "meta.yaml", "0.6.0")[0]?.url).toBe(
        "https://pypi.org/packages/source/o/onnxscript/onnxscript-0.6.0.tar.gz",
      );
    });

    it("renders onnxruntime's conda-build Jinja (environ, tuples, cuda arithmetic) and reports the current hash", () => {
      const [source] = renderSourceUrls(read("onnxruntime-feedstock", "meta.yaml"), "meta.yaml", "1.27.0");
      expect(source).toMatchObject({
        url: "https://github.com/microsoft/onnxruntime/archive/refs/tags/v1.27.0.tar.gz",
        dependsOnVersion: true,
        sha256: "2a90eb9a306c1eeb29213f5b165a55008ac5cb7d27e0935c4458c51a49ef091d",
      });
    });

    it("ignores numpy's commented-out git_url sources", () => {
      const sources = renderSourceUrls(read("numpy-feedstock@dev", "meta.yaml"), "meta.yaml", "2.1.0");
      expect(sources.map((s) => s.url)).toEqual([
        "https://github.com/numpy/numpy/releases/download/v2.1.0/numpy-2.1.0.tar.gz",
      ]);
    });
  },
);
