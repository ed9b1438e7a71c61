/**
 * The `with:` keys, required inputs, secrets and outputs used in everything we ship (workflows, examples, action.yml
 * files, README snippets) match what each action or reusable workflow declares: third-party actions through the
 * committed pin tables (scripts/action-pins.ts), release-kit's own from this checkout. Also proves the check works
 * by injecting the typos that once passed unnoticed into copies of the real files.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkActionInputs } from "../../scripts/check-action-inputs.js";
import {
  pinTablePath,
  shippedYaml,
  thirdPartyPins,
  type PinTable,
  type ShippedYaml,
} from "../../scripts/shipped-workflows.js";

const root = path.resolve(import.meta.dirname, "../..");
const docs = shippedYaml(root);
const pins = thirdPartyPins(docs);

/** A copy of a shipped file with one edit; fails when the edit does not apply, so an injection cannot silently miss. */
function copyWith(file: string, from: string | RegExp, to: string): ShippedYaml {
  const text = readFileSync(path.join(root, file), "utf8");
  const edited = text.replace(from, to);
  expect(edited, `the edit ${String(from)} applies to ${file}`).not.toBe(text);
  return { file: `copy of ${file}`, kind: "workflow", text: edited };
}

describe("inputs, secrets and outputs of every uses:", () => {
  it("checks workflows, examples, action.yml files and README snippets", () => {
    const kinds = new Set(docs.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(["action", "snippet", "workflow"]);
    expect(docs.filter((d) => d.file.startsWith("examples/workflows/")).length).toBeGreaterThan(0);
  });
  for (const doc of docs) {
    it(`${doc.file} uses only declared inputs and outputs`, () => {
      expect(checkActionInputs(root, doc)).toEqual([]);
    });
  }
});

describe("pin tables", () => {
  it("every third-party pin has its table, with the version of its comment, on Node 24", () => {
    expect(pins.length).toBeGreaterThan(0);
    for (const pin of pins) {
      const table = JSON.parse(readFileSync(pinTablePath(root, pin.action, pin.sha), "utf8")) as PinTable;
      expect({ action: table.action, sha: table.sha, version: table.version }).toEqual({
        action: pin.action,
        sha: pin.sha,
        version: pin.version,
      });
      // Node 20 left GitHub's runners in September 2026: an action still on it warns on every run.
      expect(`${pin.action} ${pin.version}: ${table.using}`).toBe(`${pin.action} ${pin.version}: node24`);
    }
  });
  it("no table is left for a SHA we no longer pin (fix: npx tsx scripts/action-pins.ts --clones DIR)", () => {
    const wanted = pins.map((p) => path.basename(pinTablePath(root, p.action, p.sha))).sort();
    const committed = readdirSync(path.dirname(pinTablePath(root, "a/b", "0".repeat(40))))
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(committed).toEqual(wanted);
  });
  it("a pin without a table is a finding that names the script", () => {
    const doc = copyWith(
      ".github/workflows/ci.yml",
      /actions\/setup-node@[0-9a-f]{40}/,
      "actions/setup-node@ffffffffffffffffffffffffffffffffffffffff",
    );
    expect(checkActionInputs(root, doc).join("\n")).toMatch(/no pin table .* run scripts\/action-pins\.ts/);
  });
});

describe("the check catches typos injected into copies of the shipped files", () => {
  it("node-versionn on a pinned third-party action (setup-node)", () => {
    const doc = copyWith("examples/workflows/tag-on-version-bump.yml", "node-version:", "node-versionn:");
    expect(checkActionInputs(root, doc)).toEqual([
      expect.stringMatching(/job detect, step .*: actions\/setup-node v5\.0\.0 has no input "node-versionn"/),
    ]);
  });
  it("clientid on a pinned third-party action (checkout)", () => {
    const doc = copyWith(
      ".github/workflows/conda-forge.yml",
      "          persist-credentials: false\n",
      "          persist-credentials: false\n          clientid: x\n",
    );
    expect(checkActionInputs(root, doc)).toEqual([
      expect.stringMatching(/job feedstock-pr, step .*: actions\/checkout v5\.0\.0 has no input "clientid"/),
    ]);
  });
  it("commandd on a local action (./.release-kit/actions/downstream): unknown key and the required one missing", () => {
    const doc = copyWith(".github/workflows/downstream.yml", "command: plan", "commandd: plan");
    expect(checkActionInputs(root, doc)).toEqual([
      'copy of .github/workflows/downstream.yml: job plan, step plan: actions/downstream has no input "commandd" (it has: baseline, baseline-artifact, baseline-cache, calibrate, candidate, candidate-artifact, command, config, deadline, dirs, dry-run, durations, fail-on, full-report, only, out, partners, shard, shards, token, version)',
      'copy of .github/workflows/downstream.yml: job plan, step plan: actions/downstream requires input "command", which is not given',
    ]);
  });
  it("a required input of a pinned action left out (upload-artifact's path)", () => {
    const doc = copyWith(".github/workflows/downstream.yml", "          path: downstream-results\n", "");
    expect(checkActionInputs(root, doc).join("\n")).toMatch(
      /job shard, step .*: actions\/upload-artifact v6\.0\.0 requires input "path"/,
    );
  });
  it("an unknown output of a local action and of a reusable workflow's job", () => {
    const doc = copyWith(
      ".github/workflows/downstream.yml",
      "steps.plan.outputs.matrix }}",
      "steps.plan.outputs.matrixx }}",
    );
    expect(checkActionInputs(root, doc).join("\n")).toMatch(
      /steps\.plan\.outputs\.matrixx: actions\/downstream has no output "matrixx"/,
    );
    const caller = copyWith(
      "examples/workflows/release-candidate-caller.yml",
      "dry-run: ${{ inputs.dry-run }}",
      "dryrun: true",
    );
    expect(checkActionInputs(root, caller).join("\n")).toMatch(
      /job release: \.github\/workflows\/release-candidate\.yml has no input "dryrun"/,
    );
  });
  it("a reusable workflow called without its required release-kit pin or secret", () => {
    const doc = copyWith(
      "examples/workflows/conda-forge-on-tag.yml",
      /\n {6}feedstock-token: .*\n/,
      "\n      nope: x\n",
    );
    const findings = checkActionInputs(root, doc).join("\n");
    expect(findings).toMatch(/has no secret "nope"/);
    expect(findings).toMatch(/requires secret "feedstock-token"/);
  });
});
