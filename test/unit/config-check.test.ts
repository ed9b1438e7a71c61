/**
 * `release-kit config check`: every problem of release-kit.yml one per line, the resolved configuration as YAML or
 * JSON, and where it looked for the file.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CommandContext, GlobalOptions } from "../../src/cli/command.js";
import { configCheckCommand } from "../../src/cli/commands/config-check.js";
import { RecordingLogger } from "../../src/core/logger.js";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs `config check` in `cwd` and captures its exit code and output. */
async function runCheck(cwd: string, globals: Partial<GlobalOptions> = {}) {
  let stdout = "";
  let stderr = "";
  const ctx: CommandContext = {
    globals: { dryRun: false, json: false, verbose: false, ...globals },
    logger: new RecordingLogger(),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    cwd,
    signal: new AbortController().signal,
  };
  const code = await configCheckCommand.run({ values: {}, positionals: [] }, ctx);
  return { code, stdout, stderr };
}

function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rk-config-check-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("release-kit config check", () => {
  it("is selected by the words config check", () => {
    expect(configCheckCommand.words).toEqual(["config", "check"]);
  });

  it("prints every problem of release-kit.yml one per line on stderr and exits 2", async () => {
    const cwd = tempRepo({
      "release-kit.yml": "project:\n  repo: onnx\n  tagg: v{version}\n",
    });
    const result = await runCheck(cwd);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        'release-kit.yml:2: project.repo: "onnx" is not valid (expected a GitHub repository as owner/name, e.g. onnx/onnx)',
        'release-kit.yml:3: project.tagg: unknown key "tagg", did you mean "tag"? (expected one of: repo, version-scheme, version-files, release-branch, tag, default-branch, sign-off, commit-author, python-support)',
        "",
      ].join("\n"),
    );
  });

  it("prints the resolved configuration as YAML and exits 0 for a valid file", async () => {
    const result = await runCheck(root, { config: "examples/onnx/release-kit.yml" });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("# examples/onnx/release-kit.yml, resolved (defaults filled in)");
    const printed = parse(result.stdout) as Record<string, Record<string, unknown>>;
    expect(printed["project"]?.["repo"]).toBe("onnx/onnx");
    expect(printed["conda-forge"]?.["rc-label"]).toBe("onnx_rc");
    expect(printed["downstream-check"]?.["poll-seconds"]).toBe(30);
  });

  it("prints JSON with --json", async () => {
    const cwd = tempRepo({ "release-kit.yml": "project: {repo: acme/widget}\n" });
    const result = await runCheck(cwd, { json: true });
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { project: { tag: string }; checklist: { "lessons-dir": string } };
    expect(printed.project.tag).toBe("v{version}");
    expect(printed.checklist["lessons-dir"]).toBe("checklists/lessons");
  });

  it("says where it looked and how to override when there is no file", async () => {
    const cwd = tempRepo({});
    const result = await runCheck(cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `no configuration file at ${path.join(cwd, "release-kit.yml")} (release-kit looks for release-kit.yml at the repository root; pass --config PATH to use another file)\n`,
    );
  });

  it("reads the file named by --config, relative to the working directory", async () => {
    const cwd = tempRepo({ "other.yml": "project: {repo: a/b}\nrc: {blocker-labels: x}\n" });
    const result = await runCheck(cwd, { config: "other.yml" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^other\.yml:2: rc\.blocker-labels: unknown key "blocker-labels", did you mean "blocker-label"\?/,
    );
  });
});
