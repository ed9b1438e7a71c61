/** Runs a bundled action the way the runner does: `node dist/index.js` with INPUT_* variables and command files. */
import { execa } from "execa";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { recordCapturedLog } from "./captured-logs.js";

/** What the action printed and set. */
export interface ActionRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** Parses the GITHUB_OUTPUT file (`name<<DELIM\nvalue\nDELIM` or `name=value` lines). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delim] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i] ?? "");
      outputs[name] = value.join("\n");
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

/**
 * Runs `actions/<name>/dist/index.js` with the inputs and environment given. `source: true` runs the action's
 * `main.ts` through tsx instead, for behaviour the committed bundle does not hold yet (bundles are rebuilt on merge).
 */
export async function runBundledAction(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  options: { source?: boolean } = {},
): Promise<ActionRun> {
  const root = path.resolve(import.meta.dirname, "../..");
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-action-"));
  const outputFile = path.join(dir, "output");
  const summaryFile = path.join(dir, "summary");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]),
  );
  const entry = options.source
    ? ["--import", "tsx", path.join(root, "actions", name, "main.ts")]
    : [path.join(root, "actions", name, "dist/index.js")];
  const result = await execa(process.execPath, entry, {
    env: {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: dir,
      ...inputEnv,
      ...env,
    },
    extendEnv: false,
    reject: false,
    all: true,
  });
  recordCapturedLog(`actions/${name}`, result.all ?? "");
  return {
    exitCode: result.exitCode ?? -1,
    stdout: result.all ?? "",
    outputs: parseOutputs(await readFile(outputFile, "utf8")),
    summary: await readFile(summaryFile, "utf8"),
  };
}
