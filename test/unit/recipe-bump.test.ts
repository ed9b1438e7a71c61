/**
 * Bumping conda recipes: the bot's own bumps reproduced byte for byte on the shared fixtures, build numbers reset as
 * the bot resets them, recipes whose URL does not follow the version refused.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { bumpRecipe } from "../../src/core/recipe/bump-recipe.js";
import type { RecipeFormat } from "../../src/core/recipe/recipe-layout.js";
import { renderSourceUrls } from "../../src/core/recipe/render-source-urls.js";
import { selfCheckRecipe } from "../../src/core/recipe/self-check-recipe.js";

const feedstocks = path.resolve(import.meta.dirname, "../../../shared/fixtures/feedstocks");
const ownFixtures = path.resolve(import.meta.dirname, "../fixtures/recipes");
const hasShared = existsSync(feedstocks);

function shared(dir: string, format: RecipeFormat): string {
  return readFileSync(path.join(feedstocks, dir, "recipe", format), "utf8");
}

function own(name: string): string {
  return readFileSync(path.join(ownFixtures, name), "utf8");
}

/** A made-up, valid sha256 per index. */
function fakeSha(i: number): string {
  return (i.toString(16) + "abcdef0123456789".repeat(4)).slice(0, 64);
}

function changedLines(before: string, after: string): { line: number; before: string; after: string }[] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [{ line: i + 1, before: line, after: b[i] ?? "" }]));
}

function expectInputError(fn: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InputError);
  expect((thrown as Error).message).toMatch(message);
  expect((thrown as Error).message).not.toContain("\n");
}

describe.skipIf(!hasShared)("bot golden pairs (skipped: ../shared/fixtures/feedstocks is absent)", () => {
  const pairs: [string, string, RecipeFormat, string][] = [
    ["onnx-feedstock@3608f1f", "onnx-feedstock@75c6991", "recipe.yaml", "1.21.0"],
    ["onnxruntime-feedstock@b5ac1e4", "onnxruntime-feedstock@262f966", "meta.yaml", "1.26.0"],
    ["onnxscript-feedstock@dc09c9b", "onnxscript-feedstock@c8fbf31", "meta.yaml", "0.5.6"],
    ["numpy-feedstock@482f24e", "numpy-feedstock@c736cc6", "recipe.yaml", "2.5.1"],
  ];
  for (const [input, output, format, version] of pairs) {
    it(`reproduces the bot's ${output} byte for byte from ${input}`, () => {
      const after = shared(output, format);
      const sha = /sha256: ([0-9a-f]{64})/.exec(after)?.[1] ?? "";
      // onnxscript's bot commit also moved a dependency pin, which is not part of a version bump.
      const expected = input.startsWith("onnxscript")
        ? after.replace("onnx-ir >=0.1.12,<2", "onnx-ir >=0.1.10,<2")
        : after;
      const result = bumpRecipe(shared(input, format), { format, version, sha256s: [sha], buildNumber: 0 });
      expect(result.text).toBe(expected);
    });
  }

  it("resets onnx's build.number 2 -> 0 and reports the three edited lines", () => {
    const after = shared("onnx-feedstock@75c6991", "recipe.yaml");
    const sha = /sha256: ([0-9a-f]{64})/.exec(after)?.[1] ?? "";
    const result = bumpRecipe(shared("onnx-feedstock@3608f1f", "recipe.yaml"), {
      format: "recipe.yaml",
      version: "1.21.0",
      sha256s: [sha],
    });
    expect(result.changes.map((c) => [c.kind, c.line, c.before, c.after])).toEqual([
      ["version", 5, '"1.20.0"', '"1.21.0"'],
      ["sha256", 13, "e9e9273cd39d460348aa3e2eb370a444b510e138c5f45dfa86ce50461901257b", sha],
      ["build-number", 26, "2", "0"],
    ]);
  });

  it("leaves onnxruntime's `{% set build = build + 200 %}` alone while resetting `{% set build = 1 %}`", () => {
    const result = bumpRecipe(shared("onnxruntime-feedstock@b5ac1e4", "meta.yaml"), {
      format: "meta.yaml",
      version: "1.26.0",
      sha256s: [fakeSha(1)],
    });
    expect(result.text).toContain("{% set build = 0 %}");
    expect(result.text).toContain("{% set build = build + 200 %}");
    expect(result.text).toContain("  number: {{ build }}");
  });
});

describe.skipIf(!hasShared)("every shared feedstock recipe (skipped: ../shared/fixtures/feedstocks is absent)", () => {
  const recipes = hasShared
    ? readdirSync(feedstocks).flatMap((dir) =>
        (["meta.yaml", "recipe.yaml"] as const)
          .filter((format) => existsSync(path.join(feedstocks, dir, "recipe", format)))
          .map((format) => ({ dir, format })),
      )
    : [];
  // Recipes whose source is a commit, not the version: bumping the version alone would package the old code.
  const refused: Record<string, RegExp> = {
    "onnx-feedstock@dev": /version is computed/,
    "onnx-feedstock@pr143": /no source URL uses the version/,
    "rattler-build-feedstock@rc": /no source URL uses the version/,
  };

  it("finds the recipes listed in MANIFEST.md", () => {
    expect(recipes.length).toBeGreaterThanOrEqual(20);
  });

  for (const { dir, format } of recipes) {
    const refusal = refused[dir];
    if (refusal) {
      it(`refuses ${dir} (its source URL does not follow the version) with one clear line`, () => {
        expectInputError(
          () => bumpRecipe(shared(dir, format), { format, version: "99.1.0", sha256s: [fakeSha(0)] }),
          refusal,
        );
      });
      continue;
    }
    it(`bumps ${dir} to a higher version and passes the self-check`, () => {
      const text = shared(dir, format);
      const version = "99.1.0";
      const dependent = renderSourceUrls(text, format, version).filter((s) => s.dependsOnVersion);
      const sha256s = dependent.map((_, i) => fakeSha(i));
      const result = bumpRecipe(text, { format, version, sha256s, buildNumber: 0 });
      // numpy at c4afd1e carries rc_num: 1, so the package it builds is the rc of the version.
      const packageVersion = dir === "numpy-feedstock@c4afd1e" ? `${version}rc1` : version;
      const checked = selfCheckRecipe(result.text, format, {
        version: packageVersion,
        sources: dependent.map((s, i) => ({ url: s.url, sha256: sha256s[i] ?? "" })),
      });
      expect(checked.filter((s) => s.dependsOnVersion).map((s) => s.url)).toEqual(dependent.map((s) => s.url));
      for (const change of changedLines(text, result.text)) {
        expect(
          change.after.includes(version) || sha256s.some((s) => change.after.includes(s)) || /\b0\b/.test(change.after),
        ).toBe(true);
      }
    });
  }

  it("gives opencv's two versioned tarballs new hashes and keeps the fixed-URL sources' hashes", () => {
    const text = shared("opencv-feedstock", "meta.yaml");
    const sources = renderSourceUrls(text, "meta.yaml", "5.1.0");
    expect(sources.map((s) => s.dependsOnVersion)).toEqual([true, true, false, false, false, false]);
    expect(sources.slice(0, 2).map((s) => s.url)).toEqual([
      "https://github.com/opencv/opencv/archive/5.1.0.tar.gz",
      "https://github.com/opencv/opencv_contrib/archive/5.1.0.tar.gz",
    ]);
    const result = bumpRecipe(text, { format: "meta.yaml", version: "5.1.0", sha256s: [fakeSha(1), fakeSha(2)] });
    const changes = changedLines(text, result.text);
    expect(changes.map((c) => c.after.trim())).toEqual([
      '{% set version = "5.1.0" %}',
      "{% set build = 0 %}",
      `sha256: ${fakeSha(1)}`,
      `sha256: ${fakeSha(2)}`,
    ]);
    for (const fixed of sources.slice(2)) expect(result.text).toContain(`sha256: ${fixed.sha256 ?? "?"}`);
    expect(result.text).toContain("{% set build = build + 600 %}");
  });

  it("keeps pybind11's outputs whose version is not the main version (abi_version)", () => {
    const text = shared("pybind11-feedstock", "recipe.yaml");
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "3.1.0", sha256s: [fakeSha(3)] });
    expect(changedLines(text, result.text).map((c) => c.after)).toEqual([
      '  version: "3.1.0"',
      `  sha256: ${fakeSha(3)}`,
    ]);
    expect(result.text).toContain('abi_version: "11"');
    expect(result.text).toContain("      version: ${{ abi_version }}");
  });

  it("keeps the blank line between url and sha256 in rattler-build's recipe", () => {
    const text = shared("rattler-build-feedstock", "recipe.yaml");
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "0.73.0", sha256s: [fakeSha(4)] });
    expect(result.text).toContain(`tar.gz\n\n  sha256: ${fakeSha(4)}\n`);
  });

  it("keeps CRLF line endings", () => {
    const text = shared("onnxscript-feedstock", "meta.yaml").replace(/\n/g, "\r\n");
    const result = bumpRecipe(text, { format: "meta.yaml", version: "0.6.0", sha256s: [fakeSha(5)] });
    expect(result.text).toContain('{% set version = "0.6.0" %}\r\n');
    expect(result.text).toContain(`  sha256: ${fakeSha(5)}\r\n`);
    expect(result.text.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("names the source that has no hash when too few hashes are given", () => {
    expectInputError(
      () =>
        bumpRecipe(shared("opencv-feedstock", "meta.yaml"), {
          format: "meta.yaml",
          version: "5.1.0",
          sha256s: [fakeSha(1)],
        }),
      /no sha256 given for source https:\/\/github\.com\/opencv\/opencv_contrib\/archive\/5\.1\.0\.tar\.gz/,
    );
  });

  it("refuses more hashes than version-dependent sources", () => {
    expectInputError(
      () =>
        bumpRecipe(shared("onnx-feedstock", "recipe.yaml"), {
          format: "recipe.yaml",
          version: "1.23.0",
          sha256s: [fakeSha(1), fakeSha(2)],
        }),
      /2 sha256 values given but only 1 source/,
    );
  });
});

describe("recipes written for release-kit's edge cases", () => {
  it("keeps a `{% set build_num = N %}` variable as the bot does, reports it, and keeps a double-quoted hash quoted", () => {
    const text = own("build-num-variable.meta.yaml.txt");
    const result = bumpRecipe(text, { format: "meta.yaml", version: "1.5.0", sha256s: [fakeSha(1).toUpperCase()] });
    expect(changedLines(text, result.text).map((c) => c.after)).toEqual([
      '{% set version = "1.5.0" %}',
      `  sha256: "${fakeSha(1)}"  # [not win]`,
    ]);
    expect(result.keptBuildNumbers).toEqual([{ line: 3, text: "{% set build_num = 4 %}" }]);
    selfCheckRecipe(result.text, "meta.yaml", {
      version: "1.5.0",
      sources: [{ url: "https://github.com/acme/widget/archive/v1.5.0.tar.gz", sha256: fakeSha(1) }],
    });
  });

  it('resets a quoted `{% set build = "2" %}` in place, keeping its quotes, and reports nothing kept', () => {
    const text = own("build-num-variable.meta.yaml.txt")
      .replace("{% set build_num = 4 %}", '{% set build = "2" %}')
      .replace("{{ build_num }}", "{{ build }}");
    const result = bumpRecipe(text, { format: "meta.yaml", version: "1.5.0", sha256s: [fakeSha(1)] });
    expect(changedLines(text, result.text).map((c) => c.after)).toContain('{% set build = "0" %}');
    expect(result.keptBuildNumbers).toEqual([]);
  });

  it("in a recipe.yaml resets only the first bot-known context key and then leaves build.number to it", () => {
    const text = own("quoted-hash.recipe.yaml.txt")
      .replace("  build_number: 5\n", "  build_num: 4\n  build: 2\n")
      .replace("number: ${{ build_number }}", "number: ${{ build_num + build }}");
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "2.4.0", sha256s: [fakeSha(3)] });
    expect(changedLines(text, result.text).map((c) => c.after)).toEqual([
      '  version: "2.4.0"',
      "  build: 0",
      `  sha256: '${fakeSha(3)}'`,
    ]);
    expect(result.keptBuildNumbers).toEqual([{ line: 4, text: "build_num: 4" }]);
  });

  it("in a recipe.yaml without a context build number resets the literal build.number of the recipe", () => {
    const text = own("quoted-hash.recipe.yaml.txt")
      .replace("  build_number: 5\n", "")
      .replace("number: ${{ build_number }}", "number: 3");
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "2.4.0", sha256s: [fakeSha(3)] });
    expect(changedLines(text, result.text).map((c) => c.after)).toContain("  number: 0");
  });

  it("rewrites a hash held in `{% set sha256 %}`, keeps single quotes, and leaves build arithmetic alone", () => {
    const text = own("sha-variable.meta.yaml.txt");
    const result = bumpRecipe(text, { format: "meta.yaml", version: "0.10.0", sha256s: [fakeSha(2)] });
    expect(changedLines(text, result.text).map((c) => c.after)).toEqual([
      "{% set version = '0.10.0' %}",
      `{% set sha256 = "${fakeSha(2)}" %}`,
      "{% set build_number = 0 %}",
    ]);
    expect(result.text).toContain("{% set build_number = build_number + 100 %}");
    const sources = selfCheckRecipe(result.text, "meta.yaml", {
      version: "0.10.0",
      sources: [{ url: "https://pypi.org/packages/source/g/gadget/gadget-0.10.0.tar.gz", sha256: fakeSha(2) }],
    });
    expect(sources).toHaveLength(1);
  });

  it("keeps a single-quoted hash, double-quotes a plain context version as the bot does, resets context.build_number", () => {
    const text = own("quoted-hash.recipe.yaml.txt");
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "2.4.0", sha256s: [fakeSha(3)] });
    expect(changedLines(text, result.text).map((c) => c.after)).toEqual([
      '  version: "2.4.0"',
      "  build_number: 0",
      `  sha256: '${fakeSha(3)}'`,
    ]);
    selfCheckRecipe(result.text, "recipe.yaml", {
      version: "2.4.0",
      sources: [{ url: "https://pypi.org/packages/source/s/sprocket/sprocket-2.4.0.tar.gz", sha256: fakeSha(3) }],
    });
  });

  it("quotes a plain version that YAML would otherwise read as a number", () => {
    const text = own("quoted-hash.recipe.yaml.txt");
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "2.40", sha256s: [fakeSha(3)] });
    expect(result.text).toContain('  version: "2.40"\n');
  });

  it("rewrites a hash held in context, resets literal build numbers of outputs, keeps the fixed-URL source", () => {
    const text = own("context-sha.recipe.yaml.txt");
    const sources = renderSourceUrls(text, "recipe.yaml", "4.1.0");
    expect(sources.map((s) => [s.url, s.dependsOnVersion])).toEqual([
      ["https://github.com/acme/cog/releases/download/v4.1.0/cog-4.1.0.tar.gz", true],
      ["https://example.invalid/cog-data/fixed/data.tar.gz", false],
    ]);
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "4.1.0", sha256s: [fakeSha(4)] });
    expect(changedLines(text, result.text).map((c) => c.after)).toEqual([
      '  version: "4.1.0"',
      `  sha256: ${fakeSha(4)}`,
      "  number: 0",
      "      number: 0",
      "      number: 0",
    ]);
    expect(result.text).toContain('      version: "1"');
  });

  it("changes both copies of the hash (an unused context sha256 and the source line) and keeps the pinned source's", () => {
    const text = own("hash-twice.recipe.yaml.txt");
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "3.2.0", sha256s: [fakeSha(5)] });
    expect(changedLines(text, result.text).map((c) => c.after)).toEqual([
      '  version: "3.2.0"',
      `  sha256: ${fakeSha(5)}`,
      `    sha256: ${fakeSha(5)}`,
      "  number: 0",
    ]);
    expect(result.text).not.toContain("a".repeat(64));
    expect(result.text).toContain(`    sha256: ${"b".repeat(64)}\n`);
    expect(result.changes.filter((c) => c.kind === "sha256").map((c) => c.line)).toEqual([7, 15]);
    selfCheckRecipe(result.text, "recipe.yaml", {
      version: "3.2.0",
      sources: [{ url: "https://pypi.org/packages/source/r/ratchet/ratchet-3.2.0.tar.gz", sha256: fakeSha(5) }],
    });
  });

  it("changes every copy of the hash in a meta.yaml: the `{% set %}`, a comment and the source line", () => {
    const text = own("hash-twice.meta.yaml.txt");
    const result = bumpRecipe(text, { format: "meta.yaml", version: "0.9.0", sha256s: [fakeSha(6).toUpperCase()] });
    expect(changedLines(text, result.text).map((c) => c.after)).toEqual([
      '{% set version = "0.9.0" %}',
      `{% set sha256 = "${fakeSha(6)}" %}`,
      `  # sdist sha256 ${fakeSha(6)} (from the index's JSON)`,
      `  sha256: ${fakeSha(6)}`,
      "  number: 0",
    ]);
    selfCheckRecipe(result.text, "meta.yaml", {
      version: "0.9.0",
      sources: [
        {
          url: "https://pypi.org/packages/source/s/sprocket-core/sprocket_core-0.9.0.tar.gz",
          sha256: fakeSha(6),
        },
      ],
    });
  });

  it("keeps a copy of the old hash that is the hash of a source pinned to a fixed URL", () => {
    const text = own("hash-twice.recipe.yaml.txt").replace("b".repeat(64), "a".repeat(64));
    const result = bumpRecipe(text, { format: "recipe.yaml", version: "3.2.0", sha256s: [fakeSha(5)] });
    expect(result.text).toContain(`    sha256: ${"a".repeat(64)}\n    target_directory: data`);
    expect(result.text).toContain(
      `  - url: https://pypi.org/packages/source/r/ratchet/ratchet-\${{ version }}.tar.gz\n    sha256: ${fakeSha(5)}`,
    );
  });

  it("treats a URL built from a variable derived from the version as version-dependent", () => {
    const text = own("context-sha.recipe.yaml.txt");
    // `major` is computed from the version in context, so a URL that uses it follows the version too.
    const bumped = text.replace("cog-data/fixed/", "cog-data/v${{ major }}/");
    const sources = renderSourceUrls(bumped, "recipe.yaml", "5.0.0");
    expect(sources.map((s) => s.dependsOnVersion)).toEqual([true, true]);
  });

  it("refuses a recipe whose only source is a git_url", () => {
    expectInputError(
      () =>
        bumpRecipe(own("git-url-only.meta.yaml.txt"), { format: "meta.yaml", version: "0.4.0", sha256s: [fakeSha(0)] }),
      /git checkout only/,
    );
  });

  it("refuses a recipe whose URL has the version written in by hand", () => {
    expectInputError(
      () =>
        bumpRecipe(own("untemplated.recipe.yaml.txt"), {
          format: "recipe.yaml",
          version: "1.2.0",
          sha256s: [fakeSha(0)],
        }),
      /no source URL uses the version \(https:\/\/github\.com\/acme\/flywheel\/archive\/v1\.1\.0\.tar\.gz\)/,
    );
  });

  it("refuses a recipe without a version variable", () => {
    expectInputError(
      () =>
        bumpRecipe(own("no-version.meta.yaml.txt"), { format: "meta.yaml", version: "2.1.0", sha256s: [fakeSha(0)] }),
      /has no version variable/,
    );
  });

  it("refuses a malformed hash and a version with quotes", () => {
    const text = own("build-num-variable.meta.yaml.txt");
    expectInputError(
      () => bumpRecipe(text, { format: "meta.yaml", version: "1.5.0", sha256s: ["abc"] }),
      /not a sha256/,
    );
    expectInputError(
      () => bumpRecipe(text, { format: "meta.yaml", version: '1.5.0" %}', sha256s: [fakeSha(1)] }),
      /not a version/,
    );
  });

  it("refuses an unknown format, listing the known ones", () => {
    expectInputError(
      () => bumpRecipe("", { format: "pixi.toml" as RecipeFormat, version: "1.0.0", sha256s: [] }),
      /known: meta\.yaml, recipe\.yaml/,
    );
  });
});
