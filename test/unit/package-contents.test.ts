/**
 * The npm package is publishable and small: `npm pack` ships the CLI bundle with its license and third-party notices,
 * and what it reads at run time (checklist templates, the demo's samples, the sandbox's OpenAPI subset, the config
 * schema and docs), nothing of test/, bench/, src/ or .github/, under 3 MB; and `engines` is a range every dependency in the lockfile accepts, so `npm ci` on a
 * supported Node prints no EBADENGINE.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  private?: boolean;
  engines: { node: string };
  files: string[];
};

describe("the npm package", () => {
  it("is publishable, ships the bundle and its run-time files only, and stays under 3 MB", () => {
    expect(pkg.private).toBeUndefined();
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, npm_config_loglevel: "silent" },
    });
    const [packed] = JSON.parse(out) as { size: number; unpackedSize: number; files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    expect(files.filter((f) => /^(test|bench|src|scripts|\.github|node_modules)\//.test(f))).toEqual([]);
    for (const needed of [
      "bin/release-kit.js",
      "dist/cli.js",
      "dist/THIRD_PARTY_NOTICES.txt",
      "LICENSE",
      "checklists/release.md",
      "checklists/partner-issue.md",
      "schema/release-kit.schema.json",
      "schema/openapi/github-subset.json",
      "README.md",
    ])
      expect(files).toContain(needed);
    expect(files.some((f) => f.startsWith("examples/demo/downstream/"))).toBe(true);
    expect(packed!.size).toBeLessThan(3 * 1024 * 1024);
  });

  it("engines is a range every dependency of the lockfile accepts (no EBADENGINE on a supported Node)", () => {
    const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([name, p]) => name !== "" && !Array.isArray(p.engines) && p.engines?.node)
      .filter(([, p]) => {
        const wants = (p.engines as { node: string }).node;
        return semver.validRange(wants) !== null && !semver.subset(pkg.engines.node, wants);
      })
      .map(([name, p]) => `${name}@${p.version}: ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
