/**
 * The committed bundles as shipped: each library the actions use is in one file only (the actions' flows import the
 * code they share from actions/_shared/), every chunk a flow imports is there, and every bundled package's license is
 * in the THIRD_PARTY_NOTICES.txt next to its bundle.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const actions = readdirSync(path.join(root, "actions")).filter((name) =>
  existsSync(path.join(root, "actions", name, "dist", "flow.mjs")),
);
const sharedDir = path.join(root, "actions", "_shared");
const sharedChunks = existsSync(sharedDir) ? readdirSync(sharedDir).filter((f) => f.endsWith(".mjs")) : [];

/** Every committed action bundle file: each flow.mjs and the shared chunks. */
const actionBundles = [
  ...actions.map((name) => path.join(root, "actions", name, "dist", "flow.mjs")),
  ...sharedChunks.map((f) => path.join(sharedDir, f)),
];

/**
 * The bundled node_modules files a bundle holds, from esbuild's `// node_modules/...` module comments (a module that
 * is initialised lazily is named twice in its file: at its declarations and at its body).
 */
function bundledModules(file: string): string[] {
  return [...new Set([...readFileSync(file, "utf8").matchAll(/^\/\/ (node_modules\/\S+)$/gm)].map((m) => m[1] ?? ""))];
}

/** The package a bundled file belongs to: `node_modules/<name>` or `node_modules/@scope/<name>`, innermost. */
function packageOf(module: string): string {
  return /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module)?.[1] ?? module;
}

/** The package names listed in a THIRD_PARTY_NOTICES.txt (`<name> <version> (<license>)` headings). */
function noticedPackages(file: string): Set<string> {
  return new Set([...readFileSync(file, "utf8").matchAll(/^={80}\n(\S+) \S+ \(.*\)\n={80}$/gm)].map((m) => m[1] ?? ""));
}

describe("the committed action bundles", () => {
  it("hold each bundled library module once, not once per action", () => {
    expect(actions.length).toBeGreaterThanOrEqual(5);
    const seen = new Map<string, string>();
    const repeated: string[] = [];
    for (const file of actionBundles)
      for (const module of bundledModules(file)) {
        const first = seen.get(module);
        if (first) repeated.push(`${module}: ${path.relative(root, first)} and ${path.relative(root, file)}`);
        else seen.set(module, file);
      }
    expect(seen.size).toBeGreaterThan(0);
    expect(repeated).toEqual([]);
  });

  it("import only shared chunks that are committed next to them", () => {
    for (const file of actionBundles) {
      const imports = [
        ...readFileSync(file, "utf8").matchAll(/^(?:import|}|import .*) (?:from )?"(\.{1,2}\/[^"]+)";$/gm),
      ].map((m) => m[1] ?? "");
      expect(file.includes("_shared") || imports.length > 0, `${file} imports no shared chunk`).toBe(true);
      for (const specifier of imports)
        expect(existsSync(path.resolve(path.dirname(file), specifier)), `${file} imports ${specifier}`).toBe(true);
    }
  });

  it("have every bundled package's license in the notices next to them", () => {
    for (const [bundles, notices] of [
      [actionBundles, path.join(sharedDir, "THIRD_PARTY_NOTICES.txt")],
      [
        [
          path.join(root, "dist", "cli.js"),
          ...readdirSync(path.join(root, "dist", "chunks")).map((f) => path.join(root, "dist", "chunks", f)),
        ],
        path.join(root, "dist", "THIRD_PARTY_NOTICES.txt"),
      ],
    ] as const) {
      const listed = noticedPackages(notices);
      const missing = [...new Set(bundles.flatMap(bundledModules).map(packageOf))].filter((p) => !listed.has(p));
      expect(listed.size).toBeGreaterThan(10);
      expect(missing, path.relative(root, notices)).toEqual([]);
    }
  });
});
