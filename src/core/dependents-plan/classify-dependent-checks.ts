/**
 * Per-platform results of a dependent feedstock built on conda-forge's CI: the check runs and commit statuses of its
 * draft PR's head (the candidate) and of its default branch's head (the baseline), grouped by the platform each job
 * names (conda-forge names its jobs after the build config, `linux_64_...`, `osx_arm64_...`, `win_64_...`) and compared
 * with the downstream categories. A build still running, or not reported yet, is `pending`, never a pass.
 */
import { compareSides } from "../downstream/compare-sides.js";
import type { Category, DownstreamRun, SideResult } from "../downstream/outcomes.js";
import type { DownstreamJobResult } from "../downstream/shard-results.js";
import type { CiVerdict } from "../release-plan/final-gates.js";

/** One check run or commit status, as read from GitHub. */
export interface CiReport {
  /** Check run name or status context. */
  readonly name: string;
  /** Check run: queued | in_progress | completed...; status: always completed unless its state is pending. */
  readonly status: string;
  /** Check run conclusion, or the status state mapped (success, failure; error -> failure; pending -> null). */
  readonly conclusion: string | null;
  readonly url?: string;
}

/** One side of the comparison: the commit and what CI reported on it. */
export interface CiSide {
  /** What the side is, for the report (`1.20.0rc1` for the PR, `main@abc1234` for the baseline). */
  readonly label: string;
  readonly reports: readonly CiReport[];
}

/** The platform (conda subdir) a job name names, e.g. `linux-aarch64` for `... (linux linux_aarch64_python3.12)`. */
export function platformOfCheck(name: string): string | undefined {
  const match = /(?<![a-z0-9])(linux|osx|win)[_-](64|aarch64|ppc64le|arm64|32)(?![a-z0-9])/i.exec(name);
  return match ? `${match[1]!.toLowerCase()}-${match[2]!.toLowerCase()}` : undefined;
}

/** A platform's result from all its jobs: any running is pending, then any failure, any cancelled, else a pass. */
function platformResult(reports: readonly CiReport[]): SideResult | undefined {
  if (reports.length === 0) return undefined;
  if (reports.some((r) => r.status !== "completed" || r.conclusion === null)) return "pending";
  const conclusions = reports.map((r) => r.conclusion);
  if (conclusions.some((c) => c === "failure")) return "build-fail";
  if (conclusions.some((c) => c === "cancelled" || c === "timed_out" || c === "action_required" || c === "stale"))
    return "error";
  if (conclusions.every((c) => c === "skipped" || c === "neutral")) return "skipped";
  return "test-pass";
}

/**
 * CI of one commit summed up from all its reports, with the platform rule above: anything running is pending, then a
 * failure (or a cancelled job) fails, else green. No report at all is `none`: never green.
 */
export function ciVerdict(reports: readonly CiReport[]): { verdict: CiVerdict; notGreen: string[] } {
  const result = platformResult(reports);
  const verdict: CiVerdict =
    result === undefined
      ? "none"
      : result === "pending"
        ? "pending"
        : result === "test-pass" || result === "skipped"
          ? "success"
          : "failure";
  const notGreen = reports
    .filter(
      (r) =>
        r.status !== "completed" || r.conclusion === null || !["success", "neutral", "skipped"].includes(r.conclusion),
    )
    .map((r) => `${r.name} (${r.status === "completed" && r.conclusion !== null ? r.conclusion : "running"})`);
  return { verdict, notGreen };
}

function sideRun(side: DownstreamRun["side"], ci: CiSide, reports: readonly CiReport[]): DownstreamRun {
  const result = platformResult(reports) ?? "pending";
  const worst =
    reports.find((r) => r.status !== "completed" || r.conclusion === null) ??
    reports.find((r) => r.conclusion === "failure") ??
    reports[0];
  const detail =
    reports.length === 0
      ? "no build reported yet"
      : reports.map((r) => `${r.name}: ${r.status === "completed" ? r.conclusion : r.status}`).join("; ");
  const timedOut = reports.some((r) => r.conclusion === "timed_out");
  return {
    side,
    version: ci.label,
    attempt: 1,
    result,
    ...(result === "error" ? { reason: timedOut ? ("timeout" as const) : ("infra" as const) } : {}),
    detail,
    log: worst?.url ?? "",
    durationSeconds: 0,
  };
}

/**
 * The per-platform jobs of one dependent. `platforms`: those to watch (the config's), or every platform either side
 * reported when empty. The candidate side is absent when the dependent has no PR for the candidate yet.
 */
export function classifyDependentChecks(input: {
  readonly feedstock: string;
  readonly url?: string;
  readonly platforms: readonly string[];
  readonly candidate: CiSide | undefined;
  readonly baseline: CiSide;
}): DownstreamJobResult[] {
  const byPlatform = (side: CiSide | undefined) => {
    const map = new Map<string, CiReport[]>();
    for (const report of side?.reports ?? []) {
      const platform = platformOfCheck(report.name);
      if (platform === undefined) continue; // the linter, a pipeline summary: not a platform's build
      map.set(platform, [...(map.get(platform) ?? []), report]);
    }
    return map;
  };
  const candidate = byPlatform(input.candidate);
  const baseline = byPlatform(input.baseline);
  const platforms =
    input.platforms.length > 0 ? [...input.platforms] : [...new Set([...candidate.keys(), ...baseline.keys()])].sort();
  return platforms.map((platform) => {
    const c = candidate.get(platform) ?? [];
    const b = baseline.get(platform) ?? [];
    const candidateRun: DownstreamRun =
      input.candidate === undefined
        ? {
            side: "candidate",
            version: "",
            attempt: 1,
            result: "pending",
            detail: "no draft PR for this candidate yet",
            log: "",
            durationSeconds: 0,
          }
        : sideRun("candidate", input.candidate, c);
    const baselineRun = sideRun("baseline", input.baseline, b);
    return {
      name: input.feedstock,
      platform,
      category: categoryOf(baselineRun, candidateRun, b.length > 0),
      source: "conda-forge",
      ...(input.url !== undefined ? { url: input.url } : {}),
      runs: [baselineRun, candidateRun],
    };
  });
}

/**
 * The category of one platform. Without a baseline build (the default branch's head built nothing for it) the
 * candidate stands alone: green is `same-test-pass`, red is `unknown` (nothing to tell a regression from).
 */
function categoryOf(baseline: DownstreamRun, candidate: DownstreamRun, hasBaseline: boolean): Category {
  if (candidate.result === "pending") return "pending";
  if (!hasBaseline) return candidate.result === "test-pass" ? "same-test-pass" : "unknown";
  return compareSides([baseline, candidate]);
}

/** Whether the candidate side of a job built green (the checklist's tick needs every platform so). */
export function candidateGreen(job: DownstreamJobResult): boolean {
  return job.runs.some((r) => r.side === "candidate" && r.result === "test-pass");
}
