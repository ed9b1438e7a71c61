/**
 * The key of a reusable baseline result, and which baseline runs may be reused. The baseline (the last final) is the
 * same for rc1, rc2 and rc3, so its result can be kept between candidates, but only as long as everything that made
 * it is the same: the downstream's commit, the baseline version and artifact, the machine image and every command
 * line. Any change makes a new key, and the job runs both sides again.
 */
import { createHash } from "node:crypto";
import { isSpurious, type DownstreamRun } from "./outcomes.js";

/** Bumped when the meaning of a cached entry changes, so old entries stop matching. */
export const BASELINE_CACHE_FORMAT = 1;

/** What the machine a run used is, as far as it matters to a build. */
export interface RunnerImage {
  /** The matrix platform label (`ubuntu-latest`). */
  readonly platform: string;
  /** process.platform and process.arch of the runner. */
  readonly os: string;
  readonly arch: string;
  /** GitHub-hosted runner image (`ImageOS`, `ImageVersion`), `RUNNER_OS` and `RUNNER_ARCH`, when set. */
  readonly imageOs?: string;
  readonly imageVersion?: string;
  readonly runnerOs?: string;
  readonly runnerArch?: string;
  /** Kernel release, only when no image version names the machine (a local run). */
  readonly release?: string;
}

/** Everything a baseline result depends on. */
export interface BaselineKeyFields {
  readonly format: number;
  /** The downstream as configured (`owner/name`, URL or path). */
  readonly repo: string;
  /** The commit both sides are built from. */
  readonly commit: string;
  readonly baseline: { readonly version: string; readonly tag: string; readonly artifact: string };
  readonly image: RunnerImage;
  /** The command lines and what changes how they run. */
  readonly commands: Omit<KeyedEntry, "repo">;
}

/** The runner image from the runner's environment and the host facts (`os`, `arch`, `release`) given by the caller. */
export function runnerImage(
  platform: string,
  env: Readonly<Record<string, string | undefined>>,
  host: { readonly os: string; readonly arch: string; readonly release: string },
): RunnerImage {
  const set = (name: string): string | undefined =>
    env[name] !== undefined && env[name] !== "" ? env[name] : undefined;
  const imageVersion = set("ImageVersion");
  const optional = (key: keyof RunnerImage, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    platform,
    os: host.os,
    arch: host.arch,
    ...optional("imageOs", set("ImageOS")),
    ...optional("imageVersion", imageVersion),
    ...optional("runnerOs", set("RUNNER_OS")),
    ...optional("runnerArch", set("RUNNER_ARCH")),
    // A hosted image version pins the whole machine; without one, the kernel release is the best hint of a new one.
    ...optional("release", imageVersion === undefined ? host.release : undefined),
  };
}

/** The file-name-safe digest of the key fields (sha256 of their canonical JSON). */
export function baselineCacheDigest(fields: BaselineKeyFields): string {
  return createHash("sha256").update(canonicalJson(fields)).digest("hex");
}

/** JSON with object keys sorted at every level, so equal fields always give the same digest. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The baseline run worth keeping from a finished job, or undefined. Only a first run that says something about the
 * code is kept: never one served from the cache itself, never a spurious failure (timeout, network...), an internal
 * error, a broken checkout or a skip, and never a baseline whose own runs disagree (flaky).
 */
export function reusableBaselineRun(runs: readonly DownstreamRun[]): DownstreamRun | undefined {
  const baseline = runs.filter((r) => r.side === "baseline");
  const first = baseline[0];
  if (first === undefined || first.cached !== undefined) return undefined;
  if (new Set(baseline.map((r) => r.result)).size > 1) return undefined;
  if (["error", "broken", "skipped"].includes(first.result) || isSpurious(first)) return undefined;
  return first;
}

/** Whether the live baseline runs of a job disagree with the cached one it started from (the entry is then dropped). */
export function cachedBaselineContradicted(runs: readonly DownstreamRun[]): boolean {
  const baseline = runs.filter((r) => r.side === "baseline");
  const cached = baseline.find((r) => r.cached !== undefined);
  return cached !== undefined && baseline.some((r) => r.cached === undefined && r.result !== cached.result);
}

/** What of a downstream entry goes into the key (the config entry has these fields). */
export interface KeyedEntry {
  readonly repo: string;
  readonly prepare?: readonly string[];
  readonly install?: readonly string[];
  readonly build?: readonly string[];
  readonly test?: readonly string[];
  readonly shell: boolean;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMinutes: { readonly prepare?: number; readonly build?: number; readonly test?: number };
  readonly skipTests?: string;
}

/** The key fields of one downstream's baseline at `commit` on `image`. */
export function baselineKeyFields(
  entry: KeyedEntry,
  commit: string,
  baseline: { readonly version: string; readonly tag?: string; readonly artifact?: string },
  image: RunnerImage,
): BaselineKeyFields {
  return {
    format: BASELINE_CACHE_FORMAT,
    repo: entry.repo,
    commit,
    baseline: { version: baseline.version, tag: baseline.tag ?? baseline.version, artifact: baseline.artifact ?? "" },
    image,
    commands: {
      ...(entry.prepare !== undefined ? { prepare: entry.prepare } : {}),
      ...(entry.install !== undefined ? { install: entry.install } : {}),
      ...(entry.build !== undefined ? { build: entry.build } : {}),
      ...(entry.test !== undefined ? { test: entry.test } : {}),
      shell: entry.shell,
      env: entry.env,
      timeoutMinutes: entry.timeoutMinutes,
      ...(entry.skipTests !== undefined ? { skipTests: entry.skipTests } : {}),
    },
  };
}
