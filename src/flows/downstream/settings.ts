/**
 * Typed settings of downstream checks: the `downstream:` list and the `downstream-check:` block of release-kit.yml.
 * The CLI builds them from the shared loader's config (`downstreamSettingsFromConfig`); `parseDownstreamSettings`
 * validates raw values directly, for tests and callers without a whole release-kit.yml.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { availableParallelism } from "node:os";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../../core/errors.js";
import { CATEGORIES, type Category } from "../../core/downstream/outcomes.js";
import type { ReleaseKitConfig } from "../../config/config-types.js";

/** The three steps of a downstream, each with its own time limit. */
export type StepName = "prepare" | "build" | "test";

/** One entry of `downstream:`. */
export interface DownstreamEntry {
  /** Unique name, used in reports, durations and `--only` lists. */
  readonly name: string;
  /** `owner/name` on GitHub, a git URL, or a local path. */
  readonly repo: string;
  /** Branch, tag or commit to check out; the default branch when absent. */
  readonly ref?: string;
  /** Runner labels to run on (default `["ubuntu-latest"]`). */
  readonly platforms: readonly string[];
  /** Commands as argument arrays; each runs in the checkout. */
  readonly prepare: readonly (readonly string[])[];
  readonly build: readonly (readonly string[])[];
  readonly test: readonly (readonly string[])[];
  /** Run each command through a shell (only when the entry says so). */
  readonly shell: boolean;
  /** Command that installs the version under test; `{version}` and `{artifact}` are replaced in each argument. */
  readonly install?: readonly string[];
  /** Extra environment for every step. */
  readonly env: Readonly<Record<string, string>>;
  /** Time limit per step, in minutes; a step without one runs until the shard job's own timeout. */
  readonly timeoutMinutes: Readonly<Partial<Record<StepName, number>>>;
  /** Reason not to run this downstream at all. */
  readonly skip?: string;
  /** Reason to build but not test. */
  readonly skipTests?: string;
  /** Reason to report but never fail on this downstream. */
  readonly quiet?: string;
  /** `run`: this tool checks it out and runs it; `dispatch`: its own workflow does (see dispatchSide). */
  readonly mode: "run" | "dispatch";
  /** With mode dispatch: the workflow file name in `repo` (e.g. `integration.yml`). */
  readonly workflow?: string;
  /** With mode dispatch: the workflow's inputs; `{version}`, `{tag}` and `{artifact}` are filled per side. */
  readonly inputs: Readonly<Record<string, string>>;
}

/** The `downstream-check:` block. */
export interface DownstreamSettings {
  readonly downstreams: readonly DownstreamEntry[];
  /** Matrix shards for `downstream plan` (default 4). */
  readonly shards: number;
  /** Extra runs of a failed candidate (default 2). */
  readonly retries: number;
  /** Jobs run at once within a shard (default: the number of CPUs). */
  readonly concurrency: number;
  /** Categories that make `downstream report` exit 1 (default `[regressed]`). */
  readonly failOn: readonly Category[];
  /** Seconds between polls of a dispatched workflow run (default 30, at least 30). */
  readonly pollSeconds: number;
  /** How long to wait for a dispatched run, in minutes; absent: until the shard job itself stops. */
  readonly waitMinutes?: number;
}

/**
 * The settings from a config the shared loader resolved. A `path:` entry (a local folder, for tests and the demo)
 * is resolved against the config file's folder and cloned like any repository.
 */
export function downstreamSettingsFromConfig(config: ReleaseKitConfig, configDir: string): DownstreamSettings {
  const check = config.downstreamCheck;
  return {
    downstreams: config.downstream.map((d) => ({
      name: d.name,
      repo: d.repo ?? resolve(configDir, d.path ?? "."),
      ...(d.ref !== undefined ? { ref: d.ref } : {}),
      platforms: d.platforms,
      prepare: d.prepare && d.prepare.length > 0 ? [d.prepare] : [],
      build: d.build && d.build.length > 0 ? [d.build] : [],
      test: d.test && d.test.length > 0 ? [d.test] : [],
      shell: d.shell,
      ...(d.install !== undefined ? { install: d.install } : {}),
      env: d.env,
      timeoutMinutes: d.timeoutMinutes,
      ...(d.skip !== undefined ? { skip: d.skip } : {}),
      ...(d.skipTests !== undefined ? { skipTests: d.skipTests } : {}),
      ...(d.quiet !== undefined ? { quiet: d.quiet } : {}),
      mode: d.mode,
      ...(d.workflow !== undefined ? { workflow: d.workflow } : {}),
      inputs: d.inputs,
    })),
    shards: check.shards,
    retries: check.retries,
    concurrency: check.concurrency === "auto" ? availableParallelism() : check.concurrency,
    failOn: check.failOn,
    pollSeconds: check.pollSeconds,
    ...(check.timeoutMinutes !== undefined ? { waitMinutes: check.timeoutMinutes } : {}),
  };
}

/** Reads `downstream:` and `downstream-check:` from a release-kit.yml. */
export async function readDownstreamSettings(file: string): Promise<DownstreamSettings> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new ConfigError(`${file}: cannot read the config file: pass --config PATH or create release-kit.yml`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
  const root = isRecord(doc) ? doc : {};
  return parseDownstreamSettings(root["downstream"], root["downstream-check"], file);
}

/** Validates raw `downstream:` and `downstream-check:` values; every problem is listed in one ConfigError. */
export function parseDownstreamSettings(
  rawList: unknown,
  rawCheck: unknown,
  file = "release-kit.yml",
): DownstreamSettings {
  const problems: string[] = [];
  const at = (path: string, what: string): void => void problems.push(`${file}: ${path}: ${what}`);
  const list = rawList ?? [];
  const downstreams: DownstreamEntry[] = [];
  if (!Array.isArray(list)) at("downstream", "must be a list of entries");
  else {
    const names = new Set<string>();
    list.forEach((raw: unknown, i) => {
      const entry = parseEntry(raw, `downstream[${i}]`, at);
      if (entry === undefined) return;
      if (names.has(entry.name)) at(`downstream[${i}].name`, `duplicate name ${entry.name} (names must be unique)`);
      names.add(entry.name);
      downstreams.push(entry);
    });
  }
  const check = rawCheck ?? {};
  let shards = 4;
  let retries = 2;
  let concurrency = availableParallelism();
  let failOn: Category[] = ["regressed"];
  let pollSeconds = 30;
  let waitMinutes: number | undefined;
  if (!isRecord(check)) at("downstream-check", "must be a mapping");
  else {
    allowOnly(
      check,
      ["shards", "retries", "concurrency", "fail-on", "poll-seconds", "timeout-minutes"],
      "downstream-check",
      at,
    );
    pollSeconds = integer(check["poll-seconds"], "downstream-check.poll-seconds", 30, 3600, pollSeconds, at);
    if (check["timeout-minutes"] !== undefined) {
      waitMinutes = integer(check["timeout-minutes"], "downstream-check.timeout-minutes", 1, 4320, 60, at);
    }
    shards = integer(check["shards"], "downstream-check.shards", 1, 256, shards, at);
    retries = integer(check["retries"], "downstream-check.retries", 0, 10, retries, at);
    concurrency = integer(check["concurrency"], "downstream-check.concurrency", 1, 256, concurrency, at);
    if (check["fail-on"] !== undefined) {
      const value = check["fail-on"];
      if (!Array.isArray(value) || !value.every((v) => CATEGORIES.includes(v as Category))) {
        at("downstream-check.fail-on", `must be a list of categories (${CATEGORIES.join(", ")})`);
      } else failOn = value as Category[];
    }
  }
  if (problems.length > 0) throw new ConfigError(`${problems.length} problem(s) in ${file}: ${problems[0]}`, problems);
  return {
    downstreams,
    shards,
    retries,
    concurrency,
    failOn,
    pollSeconds,
    ...(waitMinutes !== undefined ? { waitMinutes } : {}),
  };
}

const ENTRY_KEYS = [
  "name",
  "repo",
  "ref",
  "platforms",
  "prepare",
  "build",
  "test",
  "shell",
  "install",
  "env",
  "timeout-minutes",
  "skip",
  "skip-tests",
  "quiet",
  "mode",
  "workflow",
  "inputs",
];

function parseEntry(raw: unknown, path: string, at: (path: string, what: string) => void): DownstreamEntry | undefined {
  if (!isRecord(raw)) {
    at(path, "must be a mapping with at least name and repo");
    return undefined;
  }
  allowOnly(raw, ENTRY_KEYS, path, at);
  const name = raw["name"];
  const repo = raw["repo"];
  if (typeof name !== "string" || !/^[A-Za-z0-9._-]+$/.test(name)) at(`${path}.name`, "must be letters, digits, . _ -");
  if (typeof repo !== "string" || repo === "") at(`${path}.repo`, "must be owner/name, a git URL or a path");
  const commands = (key: StepName): string[][] => {
    const value = raw[key];
    if (value === undefined) return [];
    // One command (a list of strings) or several (a list of lists).
    if (isStringArray(value)) return value.length > 0 ? [value] : [];
    if (Array.isArray(value) && value.every((v) => isStringArray(v) && v.length > 0)) return value as string[][];
    at(`${path}.${key}`, "must be an argument array like [make, -j4] or a list of them");
    return [];
  };
  const reason = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.trim() === "") at(`${path}.${key}`, "must be the reason, as text");
    return typeof value === "string" ? value : undefined;
  };
  const platforms = raw["platforms"] ?? ["ubuntu-latest"];
  if (!isStringArray(platforms) || platforms.length === 0) at(`${path}.platforms`, "must be a list of runner labels");
  const install = raw["install"];
  if (install !== undefined && (!isStringArray(install) || install.length === 0)) {
    at(`${path}.install`, "must be an argument array, e.g. [pip, install, '{artifact}']");
  }
  const env = raw["env"] ?? {};
  if (!isRecord(env) || !Object.values(env).every((v) => typeof v === "string")) {
    at(`${path}.env`, "must map names to strings");
  }
  const shell = raw["shell"] ?? false;
  if (typeof shell !== "boolean") at(`${path}.shell`, "must be true or false");
  const mode = raw["mode"] ?? "run";
  if (mode !== "run" && mode !== "dispatch") at(`${path}.mode`, "must be run or dispatch");
  const ref = raw["ref"];
  if (ref !== undefined && typeof ref !== "string") at(`${path}.ref`, "must be a branch, tag or commit");
  const workflow = raw["workflow"];
  if (mode === "dispatch" && (typeof workflow !== "string" || workflow === "")) {
    at(`${path}.workflow`, "must be the workflow file name to dispatch, e.g. integration.yml");
  }
  const inputs = raw["inputs"] ?? {};
  if (!isRecord(inputs) || !Object.values(inputs).every((v) => typeof v === "string")) {
    at(`${path}.inputs`, "must map input names to strings");
  }
  const entry: DownstreamEntry = {
    name: String(name),
    repo: String(repo),
    ...(typeof ref === "string" ? { ref } : {}),
    platforms: isStringArray(platforms) ? platforms : ["ubuntu-latest"],
    prepare: commands("prepare"),
    build: commands("build"),
    test: commands("test"),
    shell: shell === true,
    ...(isStringArray(install) ? { install } : {}),
    env: isRecord(env) ? (env as Record<string, string>) : {},
    timeoutMinutes: parseTimeouts(raw["timeout-minutes"], `${path}.timeout-minutes`, at),
    ...optional("skip", reason("skip")),
    ...optional("skipTests", reason("skip-tests")),
    ...optional("quiet", reason("quiet")),
    mode: mode === "dispatch" ? "dispatch" : "run",
    ...(typeof workflow === "string" ? { workflow } : {}),
    inputs: isRecord(inputs) ? (inputs as Record<string, string>) : {},
  };
  return entry;
}

function parseTimeouts(
  value: unknown,
  path: string,
  at: (path: string, what: string) => void,
): Partial<Record<StepName, number>> {
  const all: Partial<Record<StepName, number>> = {};
  if (value === undefined) return all;
  if (typeof value === "number" && value > 0) return { prepare: value, build: value, test: value };
  if (isRecord(value)) {
    allowOnly(value, ["prepare", "build", "test"], path, at);
    for (const step of ["prepare", "build", "test"] as const) {
      const v = value[step];
      if (v === undefined) continue;
      if (typeof v === "number" && v > 0) all[step] = v;
      else at(`${path}.${step}`, "must be a positive number of minutes");
    }
    return all;
  }
  at(path, "must be minutes, or {prepare, build, test} in minutes");
  return all;
}

function integer(
  value: unknown,
  path: string,
  min: number,
  max: number,
  fallback: number,
  at: (path: string, what: string) => void,
): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  at(path, `must be a whole number from ${min} to ${max}`);
  return fallback;
}

function allowOnly(
  record: Record<string, unknown>,
  keys: readonly string[],
  path: string,
  at: (path: string, what: string) => void,
): void {
  for (const key of Object.keys(record)) {
    if (!keys.includes(key)) at(`${path}.${key}`, `unknown key (expected one of ${keys.join(", ")})`);
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
