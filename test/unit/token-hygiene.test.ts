/**
 * The token-hygiene check that runs after every test file: its scan of captured output, and that it stays cheap
 * (the setup file must not load the sandbox server into test files that never start one).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findTokenLeaks } from "../helpers/captured-logs.js";
import { rememberServedTokens, tokensServedByThisProcess } from "../../src/sandbox/served-tokens.js";

/** Every project file the module at `file` loads, following relative imports (a `.js` import names a `.ts` file). */
function localImportGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  for (const m of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gm)) {
    if (/^\s*import\s+type\s/.test(m[0])) continue;
    localImportGraph(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, ".ts")), seen);
  }
  return seen;
}

describe("token hygiene scan", () => {
  it("finds a token printed anywhere in captured output, but not in the runner's ::add-mask:: command", () => {
    const logs = [
      { source: "action", text: "::add-mask::t-secret\nstarting\n" },
      { source: "cli", text: "ok\nAuthorization: token t-secret\n" },
    ];
    expect(findTokenLeaks(logs, ["t-secret"])).toEqual(["cli: Authorization: token t-secret"]);
    expect(findTokenLeaks(logs.slice(0, 1), ["t-secret"])).toEqual([]);
  });

  it("reads the served tokens from the import-free registry, so the setup file loads no sandbox server", () => {
    const root = process.cwd();
    const loaded = [...localImportGraph(path.join(root, "test/setup/token-hygiene.ts"))]
      .map((f) => path.relative(root, f))
      .sort();
    expect(loaded).toEqual([
      "src/sandbox/served-tokens.ts",
      "test/helpers/captured-logs.ts",
      "test/setup/token-hygiene.ts",
    ]);
    // The walk does see the server's imports: the server loads the registry and much more.
    const server = [...localImportGraph(path.join(root, "src/sandbox/server.ts"))].map((f) => path.relative(root, f));
    expect(server).toContain("src/sandbox/served-tokens.ts");
    expect(server.length).toBeGreaterThan(10);
  });

  it("remembers every token registered in this process", () => {
    rememberServedTokens(["t-registry-a", "t-registry-b"]);
    expect(tokensServedByThisProcess()).toEqual(expect.arrayContaining(["t-registry-a", "t-registry-b"]));
  });
});
