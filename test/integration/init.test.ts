/**
 * `release-kit init` against the sandbox, as a new user meets it: a clone of an ONNX-shaped project (VERSION_NUMBER,
 * rel-X.Y.Z branches, v* tags, a C++ core, a feedstock with a recipe.yaml) and of the demo's project; init --yes
 * writes the files, `config check` accepts them, and `rc --dry-run` passes on the first try. Also: --repo mode,
 * files that exist are kept, --dry-run writes nothing, no terminal without --yes is one line, and the questions.
 */
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../../src/cli/main.js";
import { demoSeed, DEMO_TOKEN } from "../../src/demo/demo-project.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { onnxShapedSeed } from "../helpers/onnx-shaped-project.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string, token: string, extra: Partial<CliIo> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {
      ...sandbox!.env(),
      GITHUB_TOKEN: token,
      RELEASE_KIT_WRITE_INTERVAL_MS: "0",
      RELEASE_KIT_RETRY_BASE_MS: "5",
      PATH: process.env.PATH,
    },
    cwd,
    ...extra,
  });
  return { code, stdout, stderr };
}

async function cloneOf(fullName: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-init-"));
  await execa("git", ["clone", "--quiet", `${sandbox!.serverUrl}/${fullName}.git`, dir]);
  return dir;
}

async function readYaml(file: string): Promise<Record<string, Record<string, unknown>>> {
  return parse(await readFile(file, "utf8")) as Record<string, Record<string, unknown>>;
}

describe("release-kit init", () => {
  it("in a clone of an ONNX-shaped project: init --yes writes what rc needs, and rc --dry-run passes at once", async () => {
    sandbox = await startSandbox(onnxShapedSeed());
    const dir = await cloneOf("onnx/onnx");
    const started = Date.now();
    const init = await cli(["init", "--yes"], dir, "t-release");
    expect(init.stderr).not.toMatch(/error|warning/);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const rc = await cli(["rc", "--version", "1.20.0", "--dry-run"], dir, "t-release");
    const ms = Date.now() - started;
    expect(rc.code, rc.stdout + rc.stderr).toBe(0);
    console.log(`ONNX-shaped: init + rc --dry-run in ${ms} ms`);

    const config = await readYaml(path.join(dir, "release-kit.yml"));
    expect(config.project).toEqual({
      repo: "onnx/onnx",
      "version-scheme": "pep440",
      "version-files": ["VERSION_NUMBER"],
      tag: "v{version}",
      "release-branch": "rel-{version}",
    });
    // The checks green on main now; Mac CI is red there, so it is named in a comment, not required.
    expect(config.rc?.["required-checks"]).toEqual(["Linux CI", "Windows CI"]);
    expect(await readFile(path.join(dir, "release-kit.yml"), "utf8")).toMatch(
      /not green there now: Mac CI \(failure\)/,
    );
    expect(config.pypi).toEqual({ package: "onnx" });
    expect(config["conda-forge"]).toEqual({ feedstock: "conda-forge/onnx-feedstock" });
    expect(init.stdout).toMatch(/conda-forge\s+conda-forge\/onnx-feedstock \(recipe\/recipe\.yaml\)/);
    expect(init.stdout).toMatch(/tag\s+v\{version\}: 4 of 5 tags follow it \(v1\.19\.0, v1\.19\.0rc2, v1\.19\.0rc1\)/);
    expect(init.stdout).toMatch(/release branch\s+rel-\{version\}: 2 of 4 branches follow it/);
    expect(init.stdout).toContain("config check: release-kit.yml is valid");
    expect(init.stdout).toContain("next: release-kit rc --version 1.20.0 --dry-run\n");

    // The checklist template is release-kit's own; the caller workflow is the example, in the one uses: form.
    const template = await readFile(path.join(dir, "checklists/release.md"), "utf8");
    expect(template).toBe(await readFile(path.resolve("checklists/release.md"), "utf8"));
    const caller = await readFile(path.join(dir, ".github/workflows/release-candidate.yml"), "utf8");
    expect(caller).toMatch(
      /uses: OWNER\/release-kit\/\.github\/workflows\/release-candidate\.yml@[0-9a-f]{40} # v\d+\.\d+\.\d+/,
    );
    expect(init.stdout).toMatch(
      /note: \.github\/workflows\/release-candidate\.yml pins release-kit's example placeholder/,
    );

    const check = await cli(["config", "check"], dir, "t-release");
    expect(check.code, check.stderr).toBe(0);
    expect(sandbox.requests.filter((r) => r.write)).toEqual([]);
    expect(sandbox.violations).toEqual([]);
  });

  it("in a clone of the demo's project: the version in two files, the checks, the feedstock's meta.yaml", async () => {
    sandbox = await startSandbox(demoSeed());
    const dir = await cloneOf("acme/widget");
    const started = Date.now();
    const init = await cli(["init", "--yes"], dir, DEMO_TOKEN);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const rc = await cli(["rc", "--version", "1.20.0", "--dry-run"], dir, DEMO_TOKEN);
    expect(rc.code, rc.stdout + rc.stderr).toBe(0);
    console.log(`demo project: init + rc --dry-run in ${Date.now() - started} ms`);
    const config = await readYaml(path.join(dir, "release-kit.yml"));
    expect(config.project?.["version-files"]).toEqual(["VERSION_NUMBER", "python/widget/_version.py"]);
    expect(config.rc?.["required-checks"]).toEqual(["build-and-test"]);
    expect(config["conda-forge"]).toEqual({ feedstock: "conda-forge/widget-feedstock" });
    expect(init.stdout).toMatch(/\(recipe\/meta\.yaml\)/);
    expect(init.stdout).toContain("next: release-kit rc --version 1.20.0 --dry-run");
  });

  it("protected release branches: the bump by pull request, the tag-on-bump workflow, and rc --dry-run warns of nothing", async () => {
    const seed = onnxShapedSeed();
    const rule = { pattern: "rel-*", blockCreations: false, requiredChecks: [] };
    sandbox = await startSandbox({
      ...seed,
      repos: seed.repos.map((r) => (r.name === "onnx/onnx" ? { ...r, protectedBranches: [rule] } : r)),
    });
    const dir = await cloneOf("onnx/onnx");
    const init = await cli(["init", "--yes"], dir, "t-release");
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const config = await readYaml(path.join(dir, "release-kit.yml"));
    expect(config.rc?.via).toBe("pull-request");
    expect(await readFile(path.join(dir, "release-kit.yml"), "utf8")).toContain(
      "#   rel-1.19.0, rel-1.18.0 are protected: a direct commit would be refused\n  via: pull-request\n",
    );
    expect(init.stdout).toContain(
      "wrote .github/workflows/tag-on-version-bump.yml (the workflow that tags a merged version bump)",
    );
    const tagOnBump = parse(await readFile(path.join(dir, ".github/workflows/tag-on-version-bump.yml"), "utf8")) as {
      on: { push: unknown };
    };
    expect(tagOnBump.on.push).toEqual({ branches: ["rel-*"], paths: ["VERSION_NUMBER"] });
    const rc = await cli(["rc", "--version", "1.20.0", "--dry-run"], dir, "t-release");
    expect(rc.code, rc.stdout + rc.stderr).toBe(0);
    expect(rc.stdout).not.toMatch(/^\s*(warn|fail)\s/m);
    expect(rc.stdout).toMatch(/pull request/i);
  });

  it("--repo reads through the API and writes into the current directory; rc --dry-run passes from there", async () => {
    sandbox = await startSandbox(onnxShapedSeed());
    const dir = await mkdtemp(path.join(os.tmpdir(), "rk-init-api-"));
    const init = await cli(["init", "--repo", "onnx/onnx", "--yes"], dir, "t-release");
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^onnx\/onnx, read from the API:/);
    // --dir elsewhere: the next command names the configuration it wrote; --json says the same as data.
    const elsewhere = await cli(
      ["init", "--repo", "onnx/onnx", "--yes", "--dir", "sub", "--json", "--dry-run"],
      dir,
      "t-release",
    );
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({
      repo: "onnx/onnx",
      from: "the API",
      dryRun: true,
      version: "1.20.0",
      configValid: true,
      files: [
        { path: "release-kit.yml", action: "write" },
        { path: "checklists/release.md", action: "write" },
        { path: ".github/workflows/release-candidate.yml", action: "write" },
      ],
      next: "release-kit rc --version 1.20.0 --dry-run --config sub/release-kit.yml",
    });
    expect(existsSync(path.join(dir, "sub"))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual([".github", "checklists", "release-kit.yml"]);
    expect((await readYaml(path.join(dir, "release-kit.yml"))).project?.["version-files"]).toEqual(["VERSION_NUMBER"]);
    const rc = await cli(["rc", "--version", "1.20.0", "--dry-run"], dir, "t-release");
    expect(rc.code, rc.stdout + rc.stderr).toBe(0);
    expect(sandbox.requests.filter((r) => r.write)).toEqual([]);
  });

  it("keeps files that exist and says so; --force overwrites them", async () => {
    sandbox = await startSandbox(onnxShapedSeed());
    const dir = await mkdtemp(path.join(os.tmpdir(), "rk-init-keep-"));
    const own = "project:\n  repo: onnx/onnx\n  version-files: [VERSION_NUMBER]\n";
    await writeFile(path.join(dir, "release-kit.yml"), own);
    await mkdir(path.join(dir, "checklists"));
    await writeFile(path.join(dir, "checklists/release.md"), "# our own checklist\n");
    const init = await cli(["init", "--repo", "onnx/onnx", "--yes"], dir, "t-release");
    expect(init.code, init.stderr).toBe(0);
    expect(await readFile(path.join(dir, "release-kit.yml"), "utf8")).toBe(own);
    expect(await readFile(path.join(dir, "checklists/release.md"), "utf8")).toBe("# our own checklist\n");
    expect(init.stdout).toContain("release-kit.yml: kept (it exists; --force overwrites it)");
    expect(init.stdout).toContain("checklists/release.md: kept (it exists; --force overwrites it)");
    expect(init.stdout).toContain("wrote .github/workflows/release-candidate.yml");
    // The kept configuration is the one checked.
    expect(init.stdout).toContain("config check: release-kit.yml is valid");

    const forced = await cli(["init", "--repo", "onnx/onnx", "--yes", "--force"], dir, "t-release");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("overwrote release-kit.yml (the configuration)");
    expect(await readFile(path.join(dir, "release-kit.yml"), "utf8")).toMatch(/required-checks: \["Linux CI"/);
  });

  it("--dry-run shows the files it would write and writes none", async () => {
    sandbox = await startSandbox(onnxShapedSeed());
    const dir = await cloneOf("onnx/onnx");
    const before = (await readdir(dir)).sort();
    const init = await cli(["init", "--yes", "--dry-run"], dir, "t-release");
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("Files (dry run: nothing written):");
    expect(init.stdout).toContain("would write release-kit.yml (the configuration)");
    expect(init.stdout).toContain("would write checklists/release.md (the checklist)");
    expect(init.stdout).toContain("would write .github/workflows/release-candidate.yml");
    expect(init.stdout).toContain("config check: release-kit.yml is valid");
    expect((await readdir(dir)).sort()).toEqual(before);
    expect(existsSync(path.join(dir, ".github"))).toBe(false);
  });

  it("bad input is one line and exit 2, before any read or write; a misspelt command or flag gets a did-you-mean", async () => {
    sandbox = await startSandbox(onnxShapedSeed());
    const empty = await mkdtemp(path.join(os.tmpdir(), "rk-init-bad-"));
    const cases: [string[], RegExp][] = [
      [["init", "--yes", "--repo", "onnx"], /^release-kit: --repo "onnx" is not OWNER\/NAME, e\.g\. onnx\/onnx\n$/],
      [
        ["init", "--yes", "--release-kit-repo", "acme/release-kit"],
        /^release-kit: --release-kit-repo and --release-kit-ref go together: give both, or neither\n$/,
      ],
      [
        ["init", "--yes", "--release-kit-repo", "acme/release-kit", "--release-kit-ref", "main"],
        /^release-kit: --release-kit-ref "main" is not a full commit SHA: give the 40-hex commit of the release you reviewed\n$/,
      ],
      [
        ["init", "--yes"],
        /^release-kit: \S+ is not a git checkout: run init in a clone of the project, or pass --repo OWNER\/NAME to read it through the API\n$/,
      ],
      [["int", "--yes"], /^release-kit: unknown command "int" \(did you mean "init"\?\)/],
      [["init", "--yse"], /^release-kit: unknown option --yse for `release-kit init` \(did you mean --yes\?\)/],
    ];
    for (const [args, line] of cases) {
      const r = await cli(args, empty, "t-release");
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(line);
    }
    expect(await readdir(empty)).toEqual([]);
    expect(sandbox.requests.filter((q) => q.area === "api")).toEqual([]);
  });

  it("without a terminal and without --yes, refuses in one line before reading anything", async () => {
    sandbox = await startSandbox(onnxShapedSeed());
    const dir = await cloneOf("onnx/onnx");
    const init = await cli(["init"], dir, "t-release");
    expect(init.code).toBe(2);
    expect(init.stderr).toBe(
      "release-kit: init asks to confirm each detected value and there is no terminal to ask at: pass --yes to take the detected values\n",
    );
    expect(sandbox.requests.filter((r) => r.area === "api")).toEqual([]);
    expect(existsSync(path.join(dir, "release-kit.yml"))).toBe(false);
  });

  it("at a terminal, asks for each value with the detected one as default, and takes the answers", async () => {
    sandbox = await startSandbox(onnxShapedSeed());
    const dir = await cloneOf("onnx/onnx");
    const asked: string[] = [];
    const answers: Record<string, string> = {
      "tag pattern": "release-{version}",
      "release branch pattern": "{version}/branch/{version}",
      "required checks": "Linux CI",
    };
    // A person typing: the answer comes later than the question.
    const ask = (question: string, current: string) => {
      asked.push(`${question} [${current}]`);
      const key = Object.keys(answers).find((k) => question.startsWith(k));
      const typed = question.includes("contains {version} 2 times") ? "rel-{version}" : (answers[key ?? ""] ?? "");
      return new Promise<string>((resolve) => setImmediate(() => resolve(typed)));
    };
    const init = await cli(["init"], dir, "t-release", { ask });
    expect(init.code, init.stderr).toBe(0);
    expect(asked).toEqual([
      "GitHub repository (owner/name) [onnx/onnx]",
      "version files (comma-separated paths) [VERSION_NUMBER]",
      "version scheme (pep440 or semver) [pep440]",
      "tag pattern [v{version}]",
      "release branch pattern [rel-{version}]",
      expect.stringMatching(
        /^project\.release-branch: "\{version\}\/branch\/\{version\}" contains \{version\} 2 times/,
      ),
      "version bump (direct or pull-request) [direct]",
      "required checks (comma-separated, - for none) [Linux CI, Windows CI]",
      "package on the index (- for none) [onnx]",
      "conda-forge feedstock (owner/name, - for none) [conda-forge/onnx-feedstock]",
    ]);
    const config = await readYaml(path.join(dir, "release-kit.yml"));
    expect(config.project).toMatchObject({ tag: "release-{version}", "release-branch": "rel-{version}" });
    expect(config.rc?.["required-checks"]).toEqual(["Linux CI"]);
  });
});
