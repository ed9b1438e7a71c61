/**
 * The install story as a new user meets it: `npm pack` the package (its CLI bundled from the sources at hand into a
 * staging copy, so the test packs what the sources build and never touches dist/), install the tarball in an empty
 * directory, `npx release-kit --help`, then `release-kit init --yes` in a fresh clone of an ONNX-shaped project and
 * `release-kit rc --dry-run` against the sandbox, through the installed binary. Prints the packed size and file count.
 */
import { execa } from "execa";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { onnxShapedSeed } from "../helpers/onnx-shaped-project.js";

const root = path.resolve(import.meta.dirname, "../..");

interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { path: string }[];
}

/** A copy of what `npm pack` takes from the tree, with dist/ built fresh from src/ (scripts/build-cli.mjs). */
async function stagePackage(stage: string): Promise<void> {
  const { stdout } = await execa("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    env: { npm_config_loglevel: "silent" },
  });
  const [listed] = JSON.parse(stdout) as Packed[];
  for (const { path: file } of listed?.files ?? []) {
    if (file.startsWith("dist/")) continue;
    await mkdir(path.dirname(path.join(stage, file)), { recursive: true });
    await cp(path.join(root, file), path.join(stage, file));
  }
  const { buildCli } = (await import(path.join(root, "scripts/build-cli.mjs"))) as {
    buildCli: (root: string, outdir: string) => Promise<number>;
  };
  await buildCli(root, path.join(stage, "dist"));
}

let sandbox: Sandbox | undefined;
let work = "";
let packed: Packed;
let bin = "";
let app = "";

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "rk-install-"));
  const stage = path.join(work, "stage");
  await stagePackage(stage);
  const pack = await execa("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
    cwd: stage,
    env: { npm_config_loglevel: "silent" },
  });
  packed = (JSON.parse(pack.stdout) as Packed[])[0] as Packed;
  app = path.join(work, "app");
  await mkdir(app);
  await writeFile(path.join(app, "package.json"), '{ "name": "adopter", "private": true }\n');
  // The npm cache first (offline when it has everything); the registry only for what it lacks.
  const install = await execa(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", path.join(work, packed.filename)],
    { cwd: app, reject: false, env: { npm_config_loglevel: "error" } },
  );
  if (install.exitCode !== 0)
    throw new Error(
      `npm install of the packed tarball failed (the npm cache or registry is needed):\n${install.stderr}`,
    );
  bin = path.join(app, "node_modules", ".bin", "release-kit");
}, 240_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe("the packed release-kit, installed", () => {
  it("is small and holds no tests, sources or CI files", () => {
    const files = packed.files.map((f) => f.path);
    console.log(
      `npm pack: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024 / 1024).toFixed(1)} MB unpacked`,
    );
    expect(packed.size).toBeLessThan(3 * 1024 * 1024);
    expect(files).toContain("dist/cli.js");
    expect(files).toContain("examples/workflows/release-candidate-caller.yml");
    expect(files.filter((f) => /^(test|bench|src|scripts|\.github)\//.test(f))).toEqual([]);
  });

  it("npx release-kit --help lists init", async () => {
    const help = await execa("npx", ["--no-install", "release-kit", "--help"], { cwd: app });
    expect(help.stdout).toMatch(/^ {2}init\s+Set up release-kit in a project/m);
  });

  it("init --yes in a fresh clone, then rc --dry-run against the sandbox, both pass", async () => {
    sandbox = await startSandbox(onnxShapedSeed());
    const repo = path.join(work, "onnx");
    await execa("git", ["clone", "--quiet", `${sandbox.serverUrl}/onnx/onnx.git`, repo]);
    const env = { ...sandbox.env(), GITHUB_TOKEN: "t-release", RELEASE_KIT_WRITE_INTERVAL_MS: "0" };
    const started = Date.now();
    const init = await execa(bin, ["init", "--yes"], { cwd: repo, env, reject: false });
    expect(init.exitCode, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain("next: release-kit rc --version 1.20.0 --dry-run");
    const rc = await execa(bin, ["rc", "--version", "1.20.0", "--dry-run"], { cwd: repo, env, reject: false });
    expect(rc.exitCode, rc.stdout + rc.stderr).toBe(0);
    expect(rc.stdout).toMatch(/would do\s+tag\s+tag v1\.20\.0rc1/);
    console.log(`installed release-kit: init + rc --dry-run in ${Date.now() - started} ms`);
    // The installed package's own template went into the project.
    expect(await readFile(path.join(repo, "checklists/release.md"), "utf8")).toBe(
      await readFile(path.join(root, "checklists/release.md"), "utf8"),
    );
    expect(sandbox.requests.filter((r) => r.write)).toEqual([]);
  });
});
