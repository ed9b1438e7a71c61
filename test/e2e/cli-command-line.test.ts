/**
 * The command line as a user types it, with the real `release-kit` process: global options before or after the
 * command's words, and one `release-kit:` line with a did-you-mean (exit 2) for an unknown command or option, never
 * node:util's own text. The longer table of mistakes runs in-process through the same `runCli`.
 */
import { execa } from "execa";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";

const root = path.resolve(import.meta.dirname, "../..");
const recipe = path.join(root, "test/fixtures/recipes/build-num-variable.meta.yaml.txt");
const sha = "2".repeat(64);
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A feedstock checkout holding the widget test recipe. */
function feedstock(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rk-cli-line-"));
  temps.push(dir);
  mkdirSync(path.join(dir, "recipe"));
  cpSync(recipe, path.join(dir, "recipe", "meta.yaml"));
  return dir;
}

/** The CLI as a user starts it: node on the entry point, a fresh process. */
async function spawnCli(args: string[]) {
  return execa(process.execPath, ["--import", "tsx", path.join(root, "src/cli/bin.ts"), ...args], {
    cwd: root,
    reject: false,
    stripFinalNewline: false,
    env: { GITHUB_TOKEN: "", PATH: process.env.PATH },
    extendEnv: false,
  });
}

async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: root,
  });
  return { code, stdout, stderr };
}

const bumpArgs = (dir: string) => [
  "conda-forge",
  "bump-recipe",
  dir,
  "--version",
  "1.5.0",
  "--sha256",
  sha,
  "--offline",
];

describe("global options before the command", () => {
  it("runs `release-kit --json --dry-run conda-forge bump-recipe ...`: JSON on stdout, nothing written", async () => {
    const dir = feedstock();
    const result = await spawnCli(["--json", "--dry-run", ...bumpArgs(dir)]);
    expect(result.exitCode, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { dryRun: boolean; format: string; files: string[] };
    expect(out).toMatchObject({ dryRun: true, format: "meta.yaml", files: ["recipe/meta.yaml"] });
    expect(readFileSync(path.join(dir, "recipe/meta.yaml"), "utf8")).toBe(readFileSync(recipe, "utf8"));
  }, 60_000);

  it("gives the same result with the global options after the command", async () => {
    const before = feedstock();
    const after = feedstock();
    const first = await inProcess(["--json", "--dry-run", ...bumpArgs(before)]);
    const second = await inProcess([...bumpArgs(after), "--dry-run", "--json"]);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const strip = (text: string) => text.split(before).join("DIR").split(after).join("DIR");
    expect(strip(first.stdout)).toBe(strip(second.stdout));
  });

  it("reads --config PATH given before the command", async () => {
    const result = await inProcess(["--config", "/nonexistent/rk.yml", "config", "check"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("/nonexistent/rk.yml");
  });

  it("says in --help where global options go", async () => {
    const main = await inProcess(["--help"]);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain("Usage: release-kit [global options] <command> [options]");
    expect(main.stdout).toContain("Global options go before or after the command");
    const command = await inProcess(["--dry-run", "--help", "rc"]);
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/^Usage: release-kit \[global options\] rc /);
    expect(command.stdout).toContain("Global options (before or after the command's words):");
  });
});

describe("mistakes on the command line", () => {
  it("answers an unknown option of the real process with one release-kit line and exit 2", async () => {
    const result = await spawnCli(["conda-forge", "pr", "--frobnicate"]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "release-kit: unknown option --frobnicate for `release-kit conda-forge pr`; run `release-kit conda-forge pr --help` for the options\n",
    );
  }, 60_000);

  it.each([
    [
      ["rc", "--dry-rn"],
      "unknown option --dry-rn for `release-kit rc` (did you mean --dry-run?); run `release-kit rc --help` for the options",
    ],
    [
      ["conda-forge", "pr", "--fork-ownr", "me"],
      "unknown option --fork-ownr for `release-kit conda-forge pr` (did you mean --fork-owner?); run `release-kit conda-forge pr --help` for the options",
    ],
    [
      ["--jsn", "status"],
      "unknown option --jsn before the command (did you mean --json?); only --config, --dry-run, --json, --verbose and --token go there, a command's own options after its words",
    ],
    [
      ["conda-forge", "bump-recpe"],
      'unknown command "conda-forge bump-recpe" (did you mean "conda-forge bump-recipe"?); run `release-kit --help` for the commands',
    ],
    [["stauts"], 'unknown command "stauts" (did you mean "status"?); run `release-kit --help` for the commands'],
    [["--json"], "missing command after the global options; run `release-kit --help`"],
    [["status", "--config"], 'needs a value (--config VALUE); to give one that starts with "-", write --config=VALUE'],
    [["rc", "--json=yes"], '--json is a switch and takes no value (got "yes")'],
    [["status", "-x"], "unknown option -x for `release-kit status`; run `release-kit status --help` for the options"],
  ])("%j: one line, exit 2", async (args, message) => {
    const result = await inProcess(args);
    expect(result.code).toBe(2);
    expect(result.stderr.endsWith(`${message}\n`), result.stderr).toBe(true);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(/^release-kit: /);
    expect(result.stderr).not.toMatch(/Unknown option|as in|ERR_PARSE_ARGS/);
  });
});

describe("a configuration with problems, as the real process prints it", () => {
  const config = (text: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), "rk-cli-config-"));
    temps.push(dir);
    writeFileSync(path.join(dir, "release-kit.yml"), text);
    return path.join(dir, "release-kit.yml");
  };

  it("says a problem once: one release-kit line on stderr, nothing on stdout, exit 2", async () => {
    const file = config("project:\n  repo: acme/widget\n  version-file: [VERSION_NUMBER]\n");
    const result = await spawnCli(["rc", "--version", "1.20.0", "--dry-run", "--config", file]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `release-kit: ${file}:3: project.version-file: unknown key "version-file", did you mean "version-files"? (expected one of: repo, version-scheme, version-files, release-branch, tag, default-branch, sign-off, commit-author, python-support)\n`,
    );
  }, 60_000);

  it("gives each of several problems its own release-kit line, none twice", async () => {
    const file = config("project:\n  repo: acme\n  tagg: v{version}\n");
    const result = await inProcess(["status", "--version", "1.20.0", "--config", file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^release-kit: \S+:2: project\.repo: "acme" is not valid/);
    expect(lines[1]).toMatch(/^release-kit: \S+:3: project\.tagg: unknown key "tagg", did you mean "tag"\?/);
  });
});
