/**
 * The layer rules of eslint.config.js (ARCHITECTURE.md: actions/cli -> flows -> core, flows -> adapters) fail lint
 * on a violating import: synthetic files are linted with the project's own config, type checking off because they
 * are not on disk, and the same file with an allowed import passes.
 */
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({
  cwd: new URL("../..", import.meta.url).pathname,
  overrideConfig: [{ files: ["**/*.ts"], ...tseslint.configs.disableTypeChecked }],
});

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? "parse"}: ${m.message}`);
}

const use = (name: string) => `\nexport const used = ${name};\n`;

describe("layer rules in npm run lint", () => {
  it.each([
    ["a side-effecting node module", 'import { readFile } from "node:fs/promises";', "readFile"],
    ["child_process without the node: prefix", 'import { spawn } from "child_process";', "spawn"],
    ["execa", 'import { execa } from "execa";', "execa"],
    [
      "an adapter",
      'import type { GitHubClient } from "../../adapters/github/client.js";',
      "0 as unknown as GitHubClient",
    ],
    ["a flow", 'import { cutRelease } from "../../flows/cut-release/cut-release.js";', "cutRelease"],
    ["the sandbox", 'import { startSandbox } from "../sandbox/server.js";', "startSandbox"],
  ])("refuses %s in core", async (_what, line, name) => {
    const errors = await layerErrors("src/core/versions/layer-probe.ts", line + use(name));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^no-restricted-imports: .*core/);
  });

  it("lets core import core and pure node modules", async () => {
    expect(
      await layerErrors(
        "src/core/versions/layer-probe.ts",
        'import { createHash } from "node:crypto";\nimport { parseCount } from "../parse-count.js";' +
          use("[createHash, parseCount]"),
      ),
    ).toEqual([]);
  });

  it.each([
    ["the CLI", 'import { runCli } from "../../cli/main.js";', "runCli"],
    ["the sandbox", 'import { startSandbox } from "../../sandbox/server.js";', "startSandbox"],
  ])("refuses %s in a flow", async (_what, line, name) => {
    const errors = await layerErrors("src/flows/publish/layer-probe.ts", line + use(name));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^no-restricted-imports: .*flows never import/);
  });

  it.each([
    ["node:fs", 'import { existsSync } from "node:fs";', "existsSync"],
    ["node:fs/promises", 'import { readFile } from "node:fs/promises";', "readFile"],
    ["fs without the node: prefix", 'import { readFileSync } from "fs";', "readFileSync"],
  ])("refuses %s in a flow: files go through the file adapter", async (_what, line, name) => {
    const errors = await layerErrors("src/flows/downstream/layer-probe.ts", line + use(name));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^no-restricted-imports: .*flows reach files through src\/adapters\/files\.ts/);
  });

  it.each([
    ["a flow", "src/flows/downstream/layer-probe.ts"],
    ["another adapter", "src/adapters/artifacts/layer-probe.ts"],
    ["a CLI command", "src/cli/layer-probe.ts"],
    ["the demo", "src/demo/layer-probe.ts"],
    ["the action runner", "src/action/layer-probe.ts"],
    ["the sandbox", "src/sandbox/layer-probe.ts"],
    ["an action", "actions/publish/layer-probe.ts"],
  ])("refuses execa and child_process in %s: only the process adapter starts processes", async (_what, file) => {
    for (const line of [
      'import { execa } from "execa";\nexport const used = execa;',
      'import { spawn } from "node:child_process";\nexport const used = spawn;',
      'import { execFile } from "child_process";\nexport const used = execFile;',
    ]) {
      const errors = await layerErrors(file, line);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^no-restricted-imports: .*only src\/adapters\/processes\.ts starts processes/);
    }
  });

  it("lets the process adapter import execa and a flow import the adapters", async () => {
    expect(await layerErrors("src/adapters/processes.ts", 'import { execa } from "execa";' + use("execa"))).toEqual([]);
    expect(
      await layerErrors(
        "src/flows/downstream/layer-probe.ts",
        'import { readText } from "../../adapters/files.js";\nimport { runProcess } from "../../adapters/processes.js";' +
          use("[readText, runProcess]"),
      ),
    ).toEqual([]);
  });

  it("lets a flow import adapters and core", async () => {
    expect(
      await layerErrors(
        "src/flows/publish/layer-probe.ts",
        'import { splitRepo } from "../../adapters/github/requests.js";\nimport { parseCount } from "../../core/parse-count.js";' +
          use("[splitRepo, parseCount]"),
      ),
    ).toEqual([]);
  });

  // These two actions once ran CLI code and were exempt; each now calls flows and is held to the rule like the others.
  it.each([
    [
      "conda-forge-pr",
      "actions/conda-forge-pr/run-conda-forge-pr-action.ts",
      'import { condaForgePrCommand } from "../../src/cli/commands/conda-forge-pr.js";' + use("condaForgePrCommand"),
    ],
    [
      "downstream",
      "actions/downstream/run-downstream-action.ts",
      'import { downstreamRunCommand } from "../../src/cli/commands/downstream-run.js";' + use("downstreamRunCommand"),
    ],
  ])("holds the %s action to the rule", async (_name, file, source) => {
    const errors = await layerErrors(file, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^no-restricted-imports: .*actions call flows/);
  });

  it("refuses the CLI in an action and lets it call a flow", async () => {
    const cli = await layerErrors(
      "actions/publish/layer-probe.ts",
      'import { runCli } from "../../src/cli/main.js";' + use("runCli"),
    );
    expect(cli).toHaveLength(1);
    expect(cli[0]).toMatch(/^no-restricted-imports: .*actions call flows/);
    expect(
      await layerErrors(
        "actions/publish/layer-probe.ts",
        'import { publishRelease } from "../../src/flows/publish/publish-release.js";' + use("publishRelease"),
      ),
    ).toEqual([]);
  });
});
