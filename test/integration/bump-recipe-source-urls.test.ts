/**
 * `conda-forge bump-recipe` and the source URLs of the new release, against a local world: the sandbox's package
 * index (PyPI's JSON API and files) and "the web" (a server that has exactly the files listed). Covers what the bot
 * replay cannot: `--url`, the `--offline` refusal of a URL that still names the old file, a source on the index's
 * per-file digest path, and `conda-forge.package-version` with the `--package-version` flag.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { handlePackageIndex } from "../../src/sandbox/package-index.js";
import { emptyData, SandboxState } from "../../src/sandbox/state.js";

const newSha = "7".repeat(64);
const oldSha = "1".repeat(64);
const digestFolder = `6f/0a/${"c".repeat(60)}`;

/** Files "the web" serves (host/path); everything else is a 404. */
const web = new Set(["downloads.example.org/gizmo/gizmo-2.1.0.tar.gz", "github.com/acme/gizmo/archive/v2.1.0.tar.gz"]);

let server: http.Server;
let env: Record<string, string>;
const requests: string[] = [];
const temps: string[] = [];

beforeAll(async () => {
  const store = mkdtempSync(path.join(tmpdir(), "rk-url-world-"));
  temps.push(store);
  const placeholder = path.join(store, "file");
  writeFileSync(placeholder, "x");
  const state = new SandboxState(emptyData());
  // gizmo 2.1.0's sdist on the index, under its normalized (PEP 625) name; 2.0.0 is the old release.
  for (const [version, sha256] of [
    ["2.0.0", oldSha],
    ["2.1.0", newSha],
  ] as const) {
    state.data.packages.push({
      name: "gizmo-core",
      version,
      filename: `gizmo_core-${version}.tar.gz`,
      sha256,
      md5: "0".repeat(32),
      size: 1,
      storedAt: placeholder,
      requiresPython: null,
      uploadTime: "2024-01-01T00:00:00Z",
      packagetype: "sdist",
    });
  }
  let base = "";
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    requests.push(`${req.method ?? "GET"} ${url.pathname}`);
    if (url.pathname.startsWith("/pypi-index/")) {
      void handlePackageIndex({
        state,
        indexUrl: `${base}/pypi-index`,
        path: url.pathname.slice("/pypi-index".length),
        method: req.method ?? "GET",
        res,
      });
      return;
    }
    const found = web.has(url.pathname.slice(1));
    res.writeHead(found ? 200 : 404, { "content-length": found ? "1" : "0" });
    res.end(found ? "x" : "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = { PYPI_URL: `${base}/pypi-index`, GITHUB_SERVER_URL: `${base}/github.com`, RELEASE_KIT_WEB_MIRROR: base };
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  requests.length = 0;
});

/** A feedstock checkout with `recipe/meta.yaml`, and optionally a release-kit.yml in its own working directory. */
function checkout(recipe: string, config?: string): { dir: string; cwd: string } {
  const cwd = mkdtempSync(path.join(tmpdir(), "rk-url-case-"));
  temps.push(cwd);
  const dir = path.join(cwd, "gizmo-feedstock");
  mkdirSync(path.join(dir, "recipe"), { recursive: true });
  writeFileSync(path.join(dir, "recipe", "meta.yaml"), recipe);
  if (config !== undefined) writeFileSync(path.join(cwd, "release-kit.yml"), config);
  return { dir, cwd };
}

async function bump(where: { dir: string; cwd: string }, extra: string[]) {
  let stdout = "";
  let stderr = "";
  const args = ["conda-forge", "bump-recipe", where.dir, "--version", "2.1.0", "--sha256", newSha, ...extra];
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { ...env, HOME: where.cwd },
    cwd: where.cwd,
  });
  const recipe = readFileSync(path.join(where.dir, "recipe", "meta.yaml"), "utf8");
  return { code, stdout, stderr, recipe };
}

/** The one `release-kit:` line of a refusal. */
function refusal(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l));
  expect(lines).toHaveLength(1);
  return lines[0] ?? "";
}

const recipeWith = (url: string, version = "{{ version }}") => `{% set name = "gizmo-core" %}
{% set version = "2.0.0" %}

package:
  name: {{ name|lower }}
  version: ${version}

source:
  url: ${url}
  sha256: ${oldSha}

build:
  number: 3
`;

describe("--url", () => {
  const moved = recipeWith("https://github.com/acme/gizmo/releases/download/v{{ version }}/gizmo-{{ version }}.zip");

  it("puts the given file in the recipe, templated with the version, after checking it exists", async () => {
    const where = checkout(moved);
    const result = await bump(where, ["--url", "https://downloads.example.org/gizmo/gizmo-2.1.0.tar.gz"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.recipe).toContain("  url: https://downloads.example.org/gizmo/gizmo-{{ version }}.tar.gz\n");
    expect(result.recipe).toContain(`  sha256: ${newSha}\n`);
    expect(result.stderr).toContain(
      "source 1: https://downloads.example.org/gizmo/gizmo-2.1.0.tar.gz (given with --url)",
    );
    expect(requests).toContain("HEAD /downloads.example.org/gizmo/gizmo-2.1.0.tar.gz");
  });

  it("refuses a --url that does not exist, and writes nothing", async () => {
    const where = checkout(moved);
    const result = await bump(where, ["--url", "https://downloads.example.org/gizmo/gizmo-2.1.1.tar.gz"]);
    expect(result.code).toBe(2);
    expect(refusal(result.stderr)).toBe(
      "release-kit: --url https://downloads.example.org/gizmo/gizmo-2.1.1.tar.gz does not exist (HTTP 404); check the URL of the 2.1.0 release",
    );
    expect(result.recipe).toBe(moved);
  });

  it("refuses more --url than version-dependent sources", async () => {
    const where = checkout(moved);
    const url = "https://downloads.example.org/gizmo/gizmo-2.1.0.tar.gz";
    const result = await bump(where, ["--url", url, "--url", url]);
    expect(result.code).toBe(2);
    expect(refusal(result.stderr)).toMatch(
      /2 --url given but recipe\/meta\.yaml has 1 source\(s\) that change with the version/,
    );
    expect(result.recipe).toBe(moved);
  });

  it("finds the file itself when the recipe's URL does not exist: the tag archive variant", async () => {
    const where = checkout(recipeWith("https://github.com/acme/gizmo/archive/{{ version }}.tar.gz"));
    const result = await bump(where, []);
    expect(result.code, result.stderr).toBe(0);
    expect(result.recipe).toContain("  url: https://github.com/acme/gizmo/archive/v{{ version }}.tar.gz\n");
  });
});

describe("--offline", () => {
  // A source that follows the version keeps the bump possible; the second one has the old version written in.
  const twoSources = `{% set version = "2.0.0" %}

package:
  name: gizmo
  version: {{ version }}

source:
  - url: https://github.com/acme/gizmo/archive/v{{ version }}.tar.gz
    sha256: ${oldSha}
  - url: https://downloads.example.org/gizmo/gizmo-data-2.0.0.tar.gz
    sha256: ${"2".repeat(64)}
    folder: data
`;

  it("refuses a source URL that still names the old version, naming the flag to pass", async () => {
    const where = checkout(twoSources);
    const result = await bump(where, ["--offline"]);
    expect(result.code).toBe(2);
    expect(refusal(result.stderr)).toBe(
      "release-kit: recipe/meta.yaml: source https://downloads.example.org/gizmo/gizmo-data-2.0.0.tar.gz names the old version 2.0.0; pass --url URL with the 2.1.0 release's file (offline, release-kit cannot look it up)",
    );
    expect(result.recipe).toBe(twoSources);
    expect(requests).toEqual([]);
  });

  it("accepts the URL given with --url, unchecked and warned", async () => {
    const where = checkout(recipeWith("https://github.com/acme/gizmo/archive/v{{ version }}.tar.gz"));
    const result = await bump(where, ["--offline", "--url", "https://downloads.example.org/gizmo/gizmo-2.1.0.tar.gz"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.recipe).toContain("  url: https://downloads.example.org/gizmo/gizmo-{{ version }}.tar.gz\n");
    expect(result.stderr).toContain("--offline: the source URLs were not checked");
    expect(requests).toEqual([]);
  });
});

describe("a source on the package index's per-file digest path", () => {
  const digest = recipeWith(`https://files.pythonhosted.org/packages/${digestFolder}/gizmo_core-{{ version }}.tar.gz`);

  it("is moved to the index's sdist of the new version, found through its JSON API", async () => {
    const where = checkout(digest);
    const result = await bump(where, []);
    expect(result.code, result.stderr).toBe(0);
    expect(result.recipe).toContain(
      "  url: https://files.pythonhosted.org/packages/source/{{ name[0] }}/{{ name }}/{{ name.replace('-', '_') }}-{{ version }}.tar.gz\n",
    );
    expect(result.recipe).not.toContain(digestFolder);
    expect(requests.some((r) => r.startsWith("GET /pypi-index/pypi/gizmo-core/2.1.0/json"))).toBe(true);
    expect(result.stderr).toContain("(found on the package index)");
  });

  it("is refused offline with one line naming --url", async () => {
    const where = checkout(digest);
    const result = await bump(where, ["--offline"]);
    expect(result.code).toBe(2);
    expect(refusal(result.stderr)).toMatch(
      /names a package-index digest path of one old file; pass --url URL with the 2\.1\.0 release's file/,
    );
    expect(result.recipe).toBe(digest);
  });

  it("is refused when the index has no file of the new version", async () => {
    const where = checkout(digest.replace(/gizmo_core-/g, "gizmo_extra-").replace('"gizmo-core"', '"gizmo-extra"'));
    const result = await bump(where, []);
    expect(result.code).toBe(2);
    expect(refusal(result.stderr)).toMatch(
      /does not exist, and neither the package index nor a variant .* pass --url URL/,
    );
  });
});

describe("a package version that is not the upstream version", () => {
  // protobuf's pattern: the conda package 4.24.4 packages upstream 24.4.
  const protobuf = recipeWith("https://github.com/acme/gizmo/archive/v{{ version }}.tar.gz", '{{ "4." ~ version }}');
  const config = (template: string) =>
    `project:\n  repo: acme/gizmo\nconda-forge:\n  feedstock: conda-forge/gizmo-feedstock\n  package-version: "${template}"\n`;

  it("is checked against conda-forge.package-version when the flag is absent", async () => {
    const good = await bump(checkout(protobuf, config("4.{version}")), []);
    expect(good.code, good.stderr).toBe(0);
    expect(good.recipe).toContain('{% set version = "2.1.0" %}');
    const wrong = await bump(checkout(protobuf, config("5.{version}")), []);
    expect(wrong.code).toBe(1);
    expect(refusal(wrong.stderr)).toMatch(/the package version renders as 4\.2\.1\.0, expected 5\.2\.1\.0/);
    expect(wrong.recipe).toBe(protobuf);
  });

  it("takes --package-version over the config", async () => {
    const result = await bump(checkout(protobuf, config("5.{version}")), ["--package-version", "4.{version}"]);
    expect(result.code, result.stderr).toBe(0);
  });

  it("refuses a config template without {version}, naming the key", async () => {
    const result = await bump(checkout(protobuf, config("4.2")), []);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/conda-forge\.package-version/);
    expect(result.recipe).toBe(protobuf);
  });
});
