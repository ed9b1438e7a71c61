/**
 * Fuzzing of recipe bumps (its own file so it runs in parallel with the other fuzz tests): real recipes from
 * ../shared/fixtures/feedstocks, mutated line by line, 10,000 cases. Invariant: a bump, or a one-line UserError.
 */
import fc from "fast-check";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";
import { bumpRecipe } from "../../src/core/recipe/bump-recipe.js";
import { FUZZ_TIMEOUT, RUNS, hostile, resultOrOneLineError } from "./fuzz-arbitraries.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("fuzz: recipes", () => {
  const fixtures = path.join(root, "../shared/fixtures/feedstocks");
  const recipes: { text: string; format: "meta.yaml" | "recipe.yaml" }[] = [];
  if (existsSync(fixtures)) {
    for (const dir of readdirSync(fixtures)) {
      for (const format of ["meta.yaml", "recipe.yaml"] as const) {
        const file = path.join(fixtures, dir, "recipe", format);
        if (existsSync(file)) recipes.push({ text: readFileSync(file, "utf8"), format });
      }
    }
  }
  // Our own recipe keeps the fuzz meaningful when ../shared is absent.
  recipes.push({
    format: "meta.yaml",
    text:
      '{% set version = "1.0.0" %}\npackage:\n  name: w\n  version: {{ version }}\nsource:\n  url: https://github.com/a/w/archive/v{{ version }}.tar.gz\n  sha256: ' +
      "a".repeat(64) +
      "\nbuild:\n  number: 3\n",
  });
  it(
    `mutated recipes (${recipes.length} bases${existsSync(fixtures) ? "" : "; ../shared absent, own recipe only"}) bump or are refused in one line`,
    () => {
      const mutation = fc.tuple(fc.nat({ max: recipes.length - 1 }), fc.nat({ max: 200 }), hostile, fc.boolean());
      fc.assert(
        fc.property(mutation, ([which, at, text, replace]) => {
          const base = recipes[which]!;
          const lines = base.text.split("\n");
          const i = at % lines.length;
          const mutated = (
            replace
              ? [...lines.slice(0, i), text, ...lines.slice(i + 1)]
              : [...lines.slice(0, i), text, ...lines.slice(i)]
          ).join("\n");
          resultOrOneLineError(() =>
            bumpRecipe(mutated, { format: base.format, version: "9.9.9", sha256s: ["b".repeat(64), "c".repeat(64)] }),
          );
        }),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );
});
