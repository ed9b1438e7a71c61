/**
 * release-kit is only ever run from a full commit SHA of a repository the caller names: the reusable workflows
 * have no default for release-kit-repository/release-kit-ref (a default would run a moving branch of someone
 * else's namespace with the caller's write tokens), each job that checks release-kit out first rejects anything but
 * OWNER/NAME and 40 hex (the real bash step is run here), and every README, example and workflow writes a
 * release-kit `uses:` in one form: `OWNER/release-kit/<actions/name | .github/workflows/file>@<sha> # v<version>`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { shippedYaml } from "../../scripts/shipped-workflows.js";

const root = path.resolve(import.meta.dirname, "../..");
const version = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
const docs = shippedYaml(root);
const reusable = docs
  .filter((d) => d.file.startsWith(".github/workflows/"))
  .map((d) => ({ ...d, yaml: parse(d.text) as Workflow }))
  .filter((d) => d.yaml.on && typeof d.yaml.on === "object" && "workflow_call" in d.yaml.on);

type Step = { name?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> };
type Workflow = {
  on?: { workflow_call?: { inputs?: Record<string, { required?: boolean; default?: unknown }> } };
  jobs: Record<string, { steps?: Step[]; uses?: string; with?: Record<string, unknown> }>;
};

const GATE = "release-kit is pinned by full commit SHA";

/** Runs the gate step's real bash script with the given inputs. */
function runGate(step: Step, repository: string, ref: string) {
  return spawnSync("bash", ["-e", "-c", step.run ?? ""], {
    env: { PATH: process.env["PATH"], RELEASE_KIT_REPOSITORY: repository, RELEASE_KIT_REF: ref },
    encoding: "utf8",
  });
}

describe("no default we do not control", () => {
  it("there are reusable workflows that check out release-kit", () => {
    expect(reusable.map((d) => d.file).sort()).toEqual([
      ".github/workflows/conda-forge.yml",
      ".github/workflows/downstream.yml",
      ".github/workflows/release-candidate.yml",
      ".github/workflows/release-checklist.yml",
    ]);
  });
  for (const wf of reusable) {
    it(`${wf.file} requires release-kit-repository and release-kit-ref, with no default`, () => {
      const inputs = wf.yaml.on?.workflow_call?.inputs ?? {};
      for (const name of ["release-kit-repository", "release-kit-ref"])
        expect({ name, ...inputs[name], description: undefined }).toEqual({
          name,
          required: true,
          type: "string",
          description: undefined,
        });
    });
    it(`${wf.file}: every job checks the pin before it checks release-kit out`, () => {
      for (const [name, job] of Object.entries(wf.yaml.jobs)) {
        const steps = job.steps ?? [];
        const checkout = steps.findIndex((s) => s.with?.["repository"] === "${{ inputs.release-kit-repository }}");
        if (checkout < 0) continue;
        expect(steps[checkout]?.with?.["ref"], `job ${name}`).toBe("${{ inputs.release-kit-ref }}");
        expect(steps[checkout - 1]?.name, `job ${name}: the step before the checkout`).toBe(GATE);
      }
    });
  }
  it("the gate step accepts OWNER/NAME at a full SHA and refuses a branch, a short SHA and a bad repository", () => {
    const gate = reusable[0]?.yaml && Object.values(reusable[0].yaml.jobs)[0]?.steps?.find((s) => s.name === GATE);
    expect(gate).toBeDefined();
    const sha = "0123456789abcdef0123456789abcdef01234567";
    expect(runGate(gate!, "OWNER/release-kit", sha).status).toBe(0);
    const branch = runGate(gate!, "OWNER/release-kit", "main");
    expect(branch.status).toBe(1);
    expect(branch.stdout).toBe(
      "::error::release-kit-ref 'main' is not a full commit SHA: pass the 40-hex commit after @ in your uses: line\n",
    );
    expect(runGate(gate!, "OWNER/release-kit", sha.slice(0, 12)).status).toBe(1);
    const repo = runGate(gate!, "release-kit", sha);
    expect(repo.status).toBe(1);
    expect(repo.stdout).toMatch(/release-kit-repository 'release-kit' is not OWNER\/NAME/);
    // The same script in every job: one place to read, one behaviour.
    const runs = new Set(
      reusable.flatMap((wf) =>
        Object.values(wf.yaml.jobs).flatMap((j) => (j.steps ?? []).filter((s) => s.name === GATE).map((s) => s.run)),
      ),
    );
    expect(runs.size).toBe(1);
  });
});

describe("one uses: form for release-kit everywhere", () => {
  const FORM =
    /^\s*(?:-\s*)?uses:\s*OWNER\/release-kit\/(?:actions\/[a-z-]+|\.github\/workflows\/[a-z-]+\.yml)@([0-9a-f]{40}) # v(\S+)$/;
  const uses = docs.flatMap((d) =>
    d.text
      .split("\n")
      .map((line, i) => ({ where: `${d.file}:${i + 1}`, line }))
      .filter(({ line }) => /uses:\s*[^\s.][^\s]*\/release-kit\//.test(line)),
  );
  it("examples and READMEs show release-kit's actions and workflows", () => {
    expect(uses.filter((u) => u.where.startsWith("examples/")).length).toBeGreaterThan(0);
    expect(uses.filter((u) => u.where.includes("README.md")).length).toBeGreaterThan(0);
  });
  it(`each is OWNER/release-kit/...@<the same full SHA> # v${version}`, () => {
    const bad = uses.filter((u) => {
      const m = FORM.exec(u.line);
      return !m || m[2] !== version;
    });
    expect(bad).toEqual([]);
    expect(new Set(uses.map((u) => FORM.exec(u.line)?.[1])).size).toBe(1);
  });
  it("callers of the reusable workflows pass the same repository and SHA as their uses: line", () => {
    for (const d of docs.filter((x) => x.kind === "workflow" && x.file.startsWith("examples/"))) {
      const wf = parse(d.text) as Workflow;
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (!job.uses?.includes("/release-kit/")) continue;
        const [repoPath = "", sha] = job.uses.split("@");
        expect({
          job: `${d.file} ${name}`,
          repo: job.with?.["release-kit-repository"],
          ref: job.with?.["release-kit-ref"],
        }).toEqual({
          job: `${d.file} ${name}`,
          repo: repoPath.split("/").slice(0, 2).join("/"),
          ref: sha,
        });
      }
    }
  });
  it("the README says how to install and pin: npx release-kit@<version>", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain(`npx release-kit@${version} `);
  });
});
