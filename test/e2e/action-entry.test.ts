/**
 * The entry every bundled action starts with (`node dist/index.js`, CommonJS): a missing required input fails the
 * step without loading the flow, and a flow that cannot load fails the step with one line, never a stack trace.
 */
import { execa } from "execa";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const actions = readdirSync(path.join(root, "actions")).filter((name) =>
  readdirSync(path.join(root, "actions", name)).includes("main.ts"),
);
const scratch = mkdtempSync(path.join(tmpdir(), "rk-entry-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of an action's dist/ (in a folder of the test's own) whose flow.mjs throws as soon as it is loaded. */
function distWithBrokenFlow(name: string, folder: string): string {
  const dist = path.join(scratch, folder);
  cpSync(path.join(root, "actions", name, "dist"), dist, { recursive: true });
  writeFileSync(path.join(dist, "flow.mjs"), 'throw new Error("flow.mjs was loaded");\n');
  return dist;
}

const run = (entry: string, env: Record<string, string>) =>
  execa(process.execPath, [entry], {
    reject: false,
    stripFinalNewline: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? "", ...env },
  });

describe("the action entry (dist/index.js)", () => {
  for (const name of actions) {
    it(`actions/${name}: a missing input fails the step in one line without loading the flow`, async () => {
      const result = await run(path.join(distWithBrokenFlow(name, `missing-input-${name}`), "index.js"), {});
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/^::error::input "[a-z-]+" is required: set it in the step's `with:`\n$/);
    });
  }

  it("a flow that cannot load fails the step with one internal-error line", async () => {
    const dist = distWithBrokenFlow("cut-release", "broken-flow");
    const result = await run(path.join(dist, "index.js"), { INPUT_VERSION: "1.20.0" });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(
      "::error::internal error (this is a bug in release-kit, please report it): flow.mjs was loaded\n",
    );
  });
});
