/** Property test of recipe bumps: only the version, hash and build-number lines change, for any version and hash. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bumpRecipe } from "../../src/core/recipe/bump-recipe.js";
import type { RecipeFormat } from "../../src/core/recipe/recipe-layout.js";
import { renderSourceUrls } from "../../src/core/recipe/render-source-urls.js";

const feedstocks = path.resolve(import.meta.dirname, "../../../shared/fixtures/feedstocks");
const ownFixtures = path.resolve(import.meta.dirname, "../fixtures/recipes");

interface Case {
  readonly name: string;
  readonly format: RecipeFormat;
  readonly text: string;
}

const bumpable = new Set(["build-num-variable", "sha-variable", "quoted-hash", "context-sha"]);
const ownCases: Case[] = readdirSync(ownFixtures)
  .filter((file) => bumpable.has(file.split(".")[0] ?? ""))
  .map((file) => ({
    name: file,
    format: file.includes(".meta.yaml") ? "meta.yaml" : "recipe.yaml",
    text: readFileSync(path.join(ownFixtures, file), "utf8"),
  }));

const sharedCases: Case[] = existsSync(feedstocks)
  ? readdirSync(feedstocks).flatMap((dir) =>
      (["meta.yaml", "recipe.yaml"] as const).flatMap((format) => {
        const file = path.join(feedstocks, dir, "recipe", format);
        if (!existsSync(file)) return [];
        const text = readFileSync(file, "utf8");
        // Only recipes whose source follows the version (the others are refused, see recipe-bump.test.ts).
        try {
          if (!renderSourceUrls(text, format, "1.0.0").some((s) => s.dependsOnVersion)) return [];
        } catch {
          return [];
        }
        return [{ name: dir, format, text }];
      }),
    )
  : [];

const versionArb = fc
  .tuple(fc.nat(40), fc.nat(99), fc.nat(30), fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }))
  .map(([a, b, c, rc]) => `${a}.${b}.${c}${rc === undefined ? "" : `rc${rc}`}`);
const shaArb = fc.stringMatching(/^[0-9a-f]{64}$/);

/** Checks that only the reported lines changed, and each only in the reported value. */
function onlyReportedLinesChanged(c: Case, version: string, hashes: string[]): void {
  const result = bumpRecipe(c.text, { format: c.format, version, sha256s: hashes, buildNumber: 0 });
  const before = c.text.split("\n");
  const after = result.text.split("\n");
  expect(after.length).toBe(before.length);
  before.forEach((line, i) => {
    const now = after[i] ?? "";
    if (now === line) return;
    const change = result.changes.find((ch) => ch.line === i + 1);
    expect(change, `${c.name}: line ${i + 1} changed without a reported change`).toBeDefined();
    expect(now).toBe(line.replace(change?.before ?? "", change?.after ?? ""));
    expect([version, ...hashes, "0"].some((value) => change?.after.includes(value))).toBe(true);
  });
}

describe("a bump changes only version, hash and build-number lines", () => {
  for (const c of ownCases) {
    it(`holds for any version and hash on ${c.name}`, () => {
      fc.assert(
        fc.property(versionArb, shaArb, (version, sha) => onlyReportedLinesChanged(c, version, [sha])),
        { numRuns: 25 },
      );
    });
  }
});

describe.skipIf(sharedCases.length === 0)("on the shared feedstock recipes (skipped: ../shared is absent)", () => {
  for (const c of sharedCases) {
    it(`holds for any version and hashes on ${c.name}`, () => {
      const count = renderSourceUrls(c.text, c.format, "1.0.0").filter((s) => s.dependsOnVersion).length;
      fc.assert(
        fc.property(versionArb, fc.array(shaArb, { minLength: count, maxLength: count }), (version, hashes) =>
          onlyReportedLinesChanged(c, version, hashes),
        ),
        { numRuns: 8 },
      );
    });
  }
});
