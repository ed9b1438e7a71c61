/**
 * Checks every `uses:` of the YAML we ship against what the used action or reusable workflow declares: an unknown
 * `with:` key, a missing required input, an unknown secret, and an unknown `steps.<id>.outputs.<name>` or
 * `needs.<job>.outputs.<name>`. On GitHub an unknown input is only a warning and the step then misbehaves at run
 * time, so this is the only place such a typo is caught before a release.
 *
 * Third-party actions are looked up in the committed pin tables (test/fixtures/action-pins, written by
 * scripts/action-pins.ts from the upstream action.yml at the pinned SHA); release-kit's own actions and reusable
 * workflows (`./actions/<name>`, `./.release-kit/actions/<name>`, `<owner>/release-kit/actions/<name>@<sha>`, and the
 * same for `.github/workflows/<file>`) are read from this checkout.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { pinTablePath, type PinTable, type ShippedYaml } from "./shipped-workflows.js";

/** What a caller may pass and read: the interface of an action or a reusable workflow. */
interface Callee {
  readonly label: string;
  readonly inputs: Readonly<Record<string, { readonly required: boolean; readonly default?: string }>>;
  /** Output names; undefined when any name is fine (a `run:` step writes what it likes to $GITHUB_OUTPUT). */
  readonly outputs: readonly string[] | undefined;
  readonly secrets?: Readonly<Record<string, { readonly required: boolean }>>;
  readonly docker?: boolean;
}

type Step = { id?: string; name?: string; uses?: string; run?: string; with?: Record<string, unknown> };
type Job = {
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | "inherit";
  steps?: Step[];
  outputs?: Record<string, unknown>;
  needs?: string | string[];
};

type Meta = {
  inputs?: Record<string, { required?: unknown; default?: unknown } | null>;
  outputs?: Record<string, unknown>;
  runs?: { using?: string; steps?: Step[] };
  on?: { workflow_call?: WorkflowCall | null } | string | string[];
};
type WorkflowCall = {
  inputs?: Record<string, { required?: unknown; default?: unknown } | null>;
  outputs?: Record<string, unknown>;
  secrets?: Record<string, { required?: unknown } | null>;
};

function inputsOf(raw: Meta["inputs"]): Callee["inputs"] {
  const out: Record<string, { required: boolean; default?: string }> = {};
  for (const [name, spec] of Object.entries(raw ?? {})) {
    const required = spec?.required === true || spec?.required === "true";
    out[name] = spec?.default === undefined || spec.default === null ? { required } : { required, default: "set" };
  }
  return out;
}

const OWN_ACTION = /^(?:\.\/(?:\.release-kit\/)?|[A-Za-z0-9_.-]+\/release-kit\/)actions\/([a-z0-9-]+)(?:@[^\s]+)?$/;
const OWN_WORKFLOW =
  /^(?:\.\/|[A-Za-z0-9_.-]+\/release-kit\/)\.github\/workflows\/([A-Za-z0-9_.-]+\.ya?ml)(?:@[^\s]+)?$/;
const PINNED = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@\s]+)?)@([0-9a-f]{40})$/;

/** Resolves a `uses:` to what it declares; a string is a finding, undefined means "not ours to check". */
export function resolveCallee(root: string, uses: string): Callee | string | undefined {
  if (uses.startsWith("docker://")) return undefined;
  const own = OWN_ACTION.exec(uses);
  if (own) {
    const file = path.join(root, "actions", own[1] ?? "", "action.yml");
    if (!existsSync(file)) return `${uses}: there is no actions/${own[1]}/action.yml in release-kit`;
    const meta = parse(readFileSync(file, "utf8")) as Meta;
    return { label: `actions/${own[1]}`, inputs: inputsOf(meta.inputs), outputs: Object.keys(meta.outputs ?? {}) };
  }
  const wf = OWN_WORKFLOW.exec(uses);
  if (wf) {
    const file = path.join(root, ".github/workflows", wf[1] ?? "");
    if (!existsSync(file)) return `${uses}: there is no .github/workflows/${wf[1]} in release-kit`;
    const meta = parse(readFileSync(file, "utf8")) as Meta;
    const call = typeof meta.on === "object" && !Array.isArray(meta.on) ? meta.on.workflow_call : undefined;
    if (!call && call !== null)
      return `${uses}: .github/workflows/${wf[1]} is not a reusable workflow (no workflow_call)`;
    const secrets: Record<string, { required: boolean }> = {};
    for (const [name, spec] of Object.entries(call?.secrets ?? {}))
      secrets[name] = { required: spec?.required === true || spec?.required === "true" };
    return {
      label: `.github/workflows/${wf[1]}`,
      inputs: inputsOf(call?.inputs),
      outputs: Object.keys(call?.outputs ?? {}),
      secrets,
    };
  }
  const pinned = PINNED.exec(uses);
  if (pinned) {
    const file = pinTablePath(root, pinned[1] ?? "", pinned[2] ?? "");
    if (!existsSync(file))
      return `${uses}: no pin table ${path.relative(root, file)}; run scripts/action-pins.ts with a clone of ${pinned[1]}`;
    const table = JSON.parse(readFileSync(file, "utf8")) as PinTable;
    return {
      label: `${table.action} ${table.version}`,
      inputs: table.inputs,
      outputs: table.outputs,
      docker: table.using.startsWith("docker"),
    };
  }
  // Unpinned third-party references are the security audit's finding, not this check's.
  return undefined;
}

function checkWith(where: string, callee: Callee, given: Record<string, unknown> | undefined, findings: string[]) {
  const keys = Object.keys(given ?? {});
  const allowed = new Set([...Object.keys(callee.inputs), ...(callee.docker ? ["args", "entrypoint"] : [])]);
  for (const key of keys)
    if (!allowed.has(key))
      findings.push(
        `${where}: ${callee.label} has no input "${key}" (it has: ${[...allowed].sort().join(", ") || "none"})`,
      );
  for (const [name, spec] of Object.entries(callee.inputs))
    if (spec.required && spec.default === undefined && !keys.includes(name))
      findings.push(`${where}: ${callee.label} requires input "${name}", which is not given`);
}

function checkSecrets(where: string, callee: Callee, given: Job["secrets"], findings: string[]) {
  if (given === "inherit" || !callee.secrets) return;
  const keys = Object.keys(given ?? {});
  for (const key of keys)
    if (!(key in callee.secrets))
      findings.push(
        `${where}: ${callee.label} has no secret "${key}" (it has: ${Object.keys(callee.secrets).sort().join(", ") || "none"})`,
      );
  for (const [name, spec] of Object.entries(callee.secrets))
    if (spec.required && !keys.includes(name))
      findings.push(`${where}: ${callee.label} requires secret "${name}", which is not given`);
}

const STEP_OUTPUT = /\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;
const NEEDS_OUTPUT = /\bneeds\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;
const JOBS_OUTPUT = /\bjobs\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;

/** Checks one list of steps (a job's, a snippet's): inputs of each `uses:` and the step outputs read anywhere in `scope`. */
function checkSteps(root: string, where: string, steps: readonly Step[], scope: unknown, findings: string[]) {
  const byId = new Map<string, Callee | undefined>();
  steps.forEach((step, i) => {
    const label = `${where}, step ${step.id ?? step.name ?? step.uses ?? i + 1}`;
    let callee: Callee | undefined;
    if (typeof step.uses === "string") {
      const resolved = resolveCallee(root, step.uses);
      if (typeof resolved === "string") findings.push(`${label}: ${resolved}`);
      else if (resolved) {
        callee = resolved;
        checkWith(label, resolved, step.with, findings);
      }
    }
    if (step.id !== undefined) byId.set(step.id, callee);
  });
  for (const [, id = "", output = ""] of JSON.stringify(scope).matchAll(STEP_OUTPUT)) {
    if (!byId.has(id)) {
      findings.push(`${where}: steps.${id}.outputs.${output}: no step has id "${id}"`);
      continue;
    }
    const outputs = byId.get(id)?.outputs;
    if (outputs && !outputs.includes(output))
      findings.push(
        `${where}: steps.${id}.outputs.${output}: ${byId.get(id)?.label} has no output "${output}" (it has: ${outputs.join(", ") || "none"})`,
      );
  }
}

/** The findings of one shipped YAML document, one line each. */
export function checkActionInputs(root: string, doc: ShippedYaml): string[] {
  const findings: string[] = [];
  let parsed: unknown;
  try {
    parsed = parse(doc.text);
  } catch (error) {
    return [`${doc.file}: not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`];
  }
  if (doc.kind === "action") {
    const meta = parsed as Meta;
    if (meta.runs?.using === "composite") checkSteps(root, doc.file, meta.runs.steps ?? [], meta, findings);
    return findings;
  }
  // A snippet may be a whole workflow, a list of steps, or one step.
  const asObject = parsed as { jobs?: Record<string, Job>; steps?: Step[]; uses?: string; on?: Meta["on"] } | Step[];
  if (Array.isArray(asObject)) {
    checkSteps(root, doc.file, asObject, asObject, findings);
    return findings;
  }
  if (!asObject || typeof asObject !== "object") return findings;
  if (!asObject.jobs) {
    const steps = asObject.steps ?? (asObject.uses ? [asObject] : []);
    checkSteps(root, doc.file, steps, asObject, findings);
    return findings;
  }
  const jobs = asObject.jobs;
  const jobOutputs = new Map<string, readonly string[] | undefined>();
  for (const [name, job] of Object.entries(jobs)) {
    const where = `${doc.file}: job ${name}`;
    if (typeof job.uses === "string") {
      const callee = resolveCallee(root, job.uses);
      if (typeof callee === "string") findings.push(`${where}: ${callee}`);
      else if (callee) {
        checkWith(where, callee, job.with, findings);
        checkSecrets(where, callee, job.secrets, findings);
        jobOutputs.set(name, callee.outputs);
      } else jobOutputs.set(name, undefined);
    } else {
      checkSteps(root, where, job.steps ?? [], job, findings);
      jobOutputs.set(name, Object.keys(job.outputs ?? {}));
    }
  }
  for (const [name, job] of Object.entries(jobs))
    for (const [, need = "", output = ""] of JSON.stringify(job).matchAll(NEEDS_OUTPUT)) {
      if (!jobOutputs.has(need)) findings.push(`${doc.file}: job ${name}: needs.${need}: there is no job "${need}"`);
      const outputs = jobOutputs.get(need);
      if (outputs && !outputs.includes(output))
        findings.push(
          `${doc.file}: job ${name}: needs.${need}.outputs.${output}: job ${need} has no output "${output}" (it has: ${outputs.join(", ") || "none"})`,
        );
    }
  const call = typeof asObject.on === "object" && !Array.isArray(asObject.on) ? asObject.on.workflow_call : undefined;
  for (const [, job = "", output = ""] of JSON.stringify(call?.outputs ?? {}).matchAll(JOBS_OUTPUT)) {
    const outputs = jobOutputs.get(job);
    if (!jobOutputs.has(job)) findings.push(`${doc.file}: workflow_call outputs: there is no job "${job}"`);
    else if (outputs && !outputs.includes(output))
      findings.push(`${doc.file}: workflow_call outputs: jobs.${job}.outputs.${output}: job ${job} has no such output`);
  }
  return findings;
}
