/**
 * The gates before a final (`final.gates`) that look at what happened to the last candidate: regressions in its
 * downstream report, its files on the package index, its conda-forge feedstock PR's CI, and the partner issues of the
 * release. Pure: the cut's observe step reads the facts (`ObservedFinalGates`), this turns them into pre-flight lines.
 *
 * Each gate is `error` (a problem refuses the final), `warn` (a problem is a warning line) or `off` (a skip line, and
 * nothing is read). Missing evidence (no downstream report, no feedstock PR found, an index or partner repository
 * that cannot be read) is "unknown": a warning line whatever the level, never a pass and never a refusal, because
 * refusing a final for want of a report would make every project without one pass `off`.
 */
import type { PreflightLine } from "./plan-cut.js";

/** What a gate does when it does not hold: refuse the final, warn, or not look at all. */
export type GateLevel = "error" | "warn" | "off";

/** The gates' levels and where each reads; a source left out is not configured, and its gate says so. */
export interface FinalGateSettings {
  readonly downstreamRegressions: GateLevel;
  readonly candidateFiles: GateLevel;
  readonly feedstockCi: GateLevel;
  readonly partnerIssues: GateLevel;
  /**
   * Downstream checks are configured (`downstream:` or `conda-forge.dependents`). The report is `reportFile`
   * (`final --downstream-report FILE`) when given, else the one the checklist issue remembers (title and labels).
   */
  readonly downstream?: {
    readonly reportFile?: string;
    readonly checklist: { readonly title: string; readonly labels: readonly string[] };
  };
  /** The package and the index candidates are published to (`publish.rc-index-url`, else `pypi.index-url`). */
  readonly index?: { readonly url: string; readonly package: string };
  /** The conda-forge feedstock and the fork its candidate PRs come from (absent owner: any fork). */
  readonly feedstock?: { readonly repo: string; readonly package: string; readonly forkOwner?: string };
  /** Partner repositories and the project name their issues are titled with. */
  readonly partners?: { readonly project: string; readonly repos: readonly string[] };
}

/** CI of a commit, summed up: any failure, else anything running, else green; `none` when nothing reported. */
export type CiVerdict = "success" | "failure" | "pending" | "none";

/** The feedstock PR of the candidate as observed. */
export interface ObservedFeedstockPull {
  readonly number: number;
  readonly url: string;
  readonly state: "open" | "closed";
  readonly merged: boolean;
  /** CI of its head (read only for an open PR). */
  readonly ci?: CiVerdict;
  /** Jobs that are not green (failing or still running), by name. */
  readonly notGreen?: readonly string[];
}

/** A partner repository's issue of this release as observed. */
export interface ObservedPartnerGate {
  readonly repo: string;
  /** The issue titled for this release, or null when there is none. */
  readonly issue: {
    readonly number: number;
    readonly url: string;
    readonly state: "open" | "closed";
    /** Who answered it in a comment (anyone but its author and bots); absent: nobody. */
    readonly answeredBy?: string;
  } | null;
  /** Set when the repository could not be read (the issue is then unknown). */
  readonly error?: string;
}

/** What the gates read; a field is absent when its gate is off or not configured (nothing was read for it). */
export interface ObservedFinalGates {
  /** The last candidate of the version, in PEP 440 spelling, and its tag. */
  readonly candidate: { readonly version: string; readonly tag: string };
  readonly downstream?: {
    /** Where the report was looked for, for the line (`--downstream-report FILE`, `checklist #12`). */
    readonly source: string;
    /** The last report the source holds for this version, or null. */
    readonly report: { readonly candidate: string; readonly baseline: string; readonly regressed: number } | null;
  };
  readonly candidateFiles?: {
    readonly indexUrl: string;
    readonly package: string;
    /** How many files of the candidate the index lists; null when it could not be read (`error`). */
    readonly files: number | null;
    readonly error?: string;
  };
  readonly feedstock?: {
    readonly repo: string;
    /** The fork branch release-kit opens the candidate's PR from. */
    readonly branch: string;
    readonly pull: ObservedFeedstockPull | null;
  };
  readonly partners?: readonly ObservedPartnerGate[];
}

/** Why no gate can look: the final is tagged already, or there is no candidate (`--no-rc`). */
export interface FinalGateContext {
  /** The final's tag when it exists (a rerun finishing it): nothing is left to gate. */
  readonly finalTag: string | null;
  readonly baseVersion: string;
}

type Verdict =
  | { readonly kind: "pass"; readonly detail: string }
  | { readonly kind: "problem"; readonly detail: string; readonly fix: string }
  | { readonly kind: "unknown"; readonly detail: string };

interface Gate {
  readonly check: string;
  readonly key: string;
  readonly level: GateLevel;
  /** The config the gate needs, named in its skip line when absent. */
  readonly needs: string | null;
  readonly verdict: (obs: ObservedFinalGates) => Verdict | null;
}

/** The pre-flight lines of the four gates, in a fixed order; every gate has a line. */
export function finalGateLines(
  settings: FinalGateSettings,
  obs: ObservedFinalGates | null | undefined,
  context: FinalGateContext,
): PreflightLine[] {
  const gates: Gate[] = [
    {
      check: "downstream regressions",
      key: "downstream-regressions",
      level: settings.downstreamRegressions,
      needs: settings.downstream ? null : "downstream or conda-forge.dependents",
      verdict: downstreamVerdict,
    },
    {
      check: "candidate files",
      key: "candidate-files",
      level: settings.candidateFiles,
      needs: settings.index ? null : "pypi",
      verdict: filesVerdict,
    },
    {
      check: "feedstock CI",
      key: "feedstock-ci",
      level: settings.feedstockCi,
      needs: settings.feedstock ? null : "conda-forge",
      verdict: feedstockVerdict,
    },
    {
      check: "partner issues",
      key: "partner-issues",
      level: settings.partnerIssues,
      needs: settings.partners && settings.partners.repos.length > 0 ? null : "partners",
      verdict: partnersVerdict,
    },
  ];
  return gates.map((gate): PreflightLine => {
    const { check, key, level } = gate;
    if (level === "off") return { check, status: "skip", detail: `off (final.gates.${key})` };
    if (gate.needs !== null) return { check, status: "skip", detail: `not configured (${gate.needs})` };
    if (context.finalTag)
      return { check, status: "skip", detail: `the final is tagged already (${context.finalTag}): nothing to gate` };
    if (!obs)
      return {
        check,
        status: "skip",
        detail: `no candidate of ${context.baseVersion} is tagged (--no-rc): nothing to look at`,
      };
    const verdict = gate.verdict(obs);
    if (verdict === null) return { check, status: "skip", detail: "not read" };
    if (verdict.kind === "pass") return { check, status: "pass", detail: verdict.detail };
    if (verdict.kind === "unknown")
      return { check, status: "warn", detail: `unknown: ${verdict.detail} (final.gates.${key}: ${level})` };
    return level === "warn"
      ? { check, status: "warn", detail: `${verdict.detail} (final.gates.${key}: warn)` }
      : { check, status: "fail", detail: `${verdict.detail}: ${verdict.fix}` };
  });
}

function downstreamVerdict(obs: ObservedFinalGates): Verdict | null {
  const seen = obs.downstream;
  if (!seen) return null;
  const { version } = obs.candidate;
  const again = `run the downstream checks against ${version} and sync the checklist with its report (or pass --downstream-report FILE)`;
  if (!seen.report) return { kind: "unknown", detail: `no downstream report in ${seen.source}: ${again}` };
  const report = seen.report;
  if (report.candidate !== version)
    return {
      kind: "unknown",
      detail: `the last downstream report (${seen.source}) is of ${report.candidate}, not of ${version}: ${again}`,
    };
  const against = report.baseline ? ` against ${report.baseline}` : "";
  if (report.regressed === 0)
    return { kind: "pass", detail: `no regression in the report of ${version}${against} (${seen.source})` };
  return {
    kind: "problem",
    detail: `${report.regressed} downstream project(s) regressed with ${version}${against} (${seen.source})`,
    fix: "fix them in another candidate, or set final.gates.downstream-regressions: warn to release anyway",
  };
}

function filesVerdict(obs: ObservedFinalGates): Verdict | null {
  const seen = obs.candidateFiles;
  if (!seen) return null;
  const { version, tag } = obs.candidate;
  if (seen.files === null)
    return { kind: "unknown", detail: `${seen.indexUrl} could not be read: ${seen.error ?? "no answer"}` };
  if (seen.files > 0)
    return { kind: "pass", detail: `${seen.package} ${version}: ${seen.files} file(s) on ${seen.indexUrl}` };
  return {
    kind: "problem",
    detail: `${seen.package} ${version} has no file on ${seen.indexUrl}`,
    fix: `publish the candidate first (release-kit publish --tag ${tag})`,
  };
}

function feedstockVerdict(obs: ObservedFinalGates): Verdict | null {
  const seen = obs.feedstock;
  if (!seen) return null;
  const { version } = obs.candidate;
  const pull = seen.pull;
  if (!pull)
    return {
      kind: "unknown",
      detail: `no feedstock PR of ${version} on ${seen.repo} (branch ${seen.branch}): open it with release-kit conda-forge pr --version ${version}`,
    };
  const name = `${seen.repo}#${pull.number}`;
  if (pull.merged) return { kind: "pass", detail: `${name} (${version}) is merged` };
  const fix = `wait for green CI on ${pull.url}, or set final.gates.feedstock-ci: warn`;
  if (pull.state === "closed")
    return { kind: "problem", detail: `${name} (${version}) was closed without merge`, fix: `reopen it or ${fix}` };
  const jobs = pull.notGreen && pull.notGreen.length > 0 ? `: ${pull.notGreen.join(", ")}` : "";
  switch (pull.ci ?? "none") {
    case "success":
      return { kind: "pass", detail: `${name} (${version}) is open, CI green` };
    case "pending":
      return { kind: "problem", detail: `${name} (${version}) CI is still running${jobs}`, fix };
    case "failure":
      return { kind: "problem", detail: `${name} (${version}) CI failed${jobs}`, fix };
    default:
      return { kind: "problem", detail: `${name} (${version}) has no CI result`, fix };
  }
}

function partnersVerdict(obs: ObservedFinalGates): Verdict | null {
  const seen = obs.partners;
  if (!seen) return null;
  const unanswered = seen.filter((p) => p.issue && p.issue.state === "open" && !p.issue.answeredBy);
  const unknown = seen.filter((p) => !p.issue);
  const unknownText = unknown
    .map((p) => (p.error ? `${p.repo} could not be read (${p.error})` : `${p.repo} has no issue of this release`))
    .join(", ");
  if (unanswered.length > 0)
    return {
      kind: "problem",
      detail: `not answered: ${unanswered.map((p) => `${p.repo}#${p.issue!.number}`).join(", ")}${unknown.length > 0 ? `; ${unknownText}` : ""}`,
      fix: "wait for the partners' answer (a comment or the issue closed), or set final.gates.partner-issues: warn",
    };
  if (unknown.length > 0)
    return {
      kind: "unknown",
      detail: unknown.some((p) => !p.error)
        ? `${unknownText}: run release-kit downstream notify to open partner issues`
        : unknownText,
    };
  return {
    kind: "pass",
    detail: seen
      .map((p) =>
        p.issue!.state === "closed"
          ? `${p.repo}#${p.issue!.number} closed`
          : `${p.repo}#${p.issue!.number} answered by ${p.issue!.answeredBy}`,
      )
      .join(", "),
  };
}
