/**
 * What `downstream report` prints on stdout for a person at a terminal (the Markdown goes to summary.md and the job
 * summary): the counts on one line, one line per job that needs attention, the rest by name, then one log excerpt per
 * distinct failure: runs whose logs say the same thing (the same reason line, or the same last lines once numbers
 * and temporary paths are set aside) are one failure, "same failure in 3 runs: a, b, c". Plain text, no Markdown,
 * no colour (stdout is also what scripts read). Pure.
 */
import {
  CATEGORIES,
  CATEGORY_TITLES,
  FAILURE_CATEGORIES,
  isPassing,
  type Category,
  type DownstreamRun,
} from "./outcomes.js";
import type { DownstreamJobResult, DownstreamReport } from "./shard-results.js";
import { countOf } from "../plural.js";
import { sameLogKey } from "./same-log-key.js";

/** Categories shown one line per job (the failures, and what is still building); the others are listed by name. */
const ATTENTION: ReadonlySet<Category> = new Set<Category>([...FAILURE_CATEGORIES, "pending"]);

// At a terminal there is room to say what a spurious regression is.
const TITLES: Record<Category, string> = {
  ...CATEGORY_TITLES,
  "spurious-regressed": "Spurious regressions (the machine, not the code)",
};

/** Lines of each log excerpt. */
export const EXCERPT_LINES = 12;
/** Names listed for a category shown by name, before "and N more". */
const NAMES_SHOWN = 12;

/** Where the files of the report are, named at the end. */
export interface TerminalSummaryOptions {
  /** summary.md, results.json (as the user should read them, e.g. relative to the working directory). */
  readonly files?: { readonly summary: string; readonly results: string };
  /** Log paths in the report are relative to results.json's folder; this makes one readable from here. */
  readonly showLog?: (log: string) => string;
}

/** One distinct failure and the runs that had it. */
export interface DistinctFailure {
  readonly reason: string;
  readonly line?: string;
  readonly excerpt: readonly string[];
  readonly runs: readonly { readonly job: DownstreamJobResult; readonly run: DownstreamRun }[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** The last lines of a run's log, without colour codes and the runner's own closing line. */
function excerptOf(run: DownstreamRun): string[] {
  const lines = (run.tail ?? "")
    .replace(ANSI, "")
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  while (lines.length > 0 && (lines.at(-1) === "" || lines.at(-1)?.startsWith("[release-kit] "))) lines.pop();
  return lines.slice(-EXCERPT_LINES);
}

/** What two logs must share to be the same failure: their text with numbers, hashes and temp paths set aside. */
function sameness(job: DownstreamJobResult, run: DownstreamRun, excerpt: readonly string[]): string {
  // Without a log to compare, only the runs of one job can be told the same (a generic "test failed" is no match).
  const text =
    run.reasonLine ?? (excerpt.length > 0 ? excerpt.join("\n") : `${job.name}@${job.platform}: ${run.detail ?? ""}`);
  return `${run.result}\u0000${run.reason ?? ""}\u0000${sameLogKey(text)}`;
}

/** The failed runs of the jobs that need attention, grouped into distinct failures (first seen first). */
export function distinctFailures(report: DownstreamReport): DistinctFailure[] {
  const groups = new Map<
    string,
    { reason: string; line?: string; excerpt: string[]; runs: DistinctFailure["runs"][number][] }
  >();
  for (const job of report.downstreams) {
    if (!ATTENTION.has(job.category) || job.source === "conda-forge") continue;
    for (const run of job.runs) {
      if (isPassing(run.result) || run.result === "pending" || run.result === "skipped") continue;
      const excerpt = excerptOf(run);
      if (excerpt.length === 0 && run.reasonLine === undefined && run.detail === undefined) continue;
      const key = sameness(job, run, excerpt);
      const group = groups.get(key);
      if (group) group.runs.push({ job, run });
      else
        groups.set(key, {
          reason: `${run.result}${run.reason ? ` (${run.reason})` : ""}`,
          ...(run.reasonLine !== undefined ? { line: run.reasonLine } : {}),
          excerpt: excerpt.length > 0 ? excerpt : [run.detail ?? ""],
          runs: [{ job, run }],
        });
    }
  }
  return [...groups.values()];
}

function runName(job: DownstreamJobResult, run: DownstreamRun): string {
  return `${job.name}@${job.platform} ${run.side} #${run.attempt}`;
}

/** `test-fail (link) x3`: a side's runs, equal results in a row counted once. */
function sideRuns(runs: readonly DownstreamRun[]): string {
  const parts: { text: string; n: number }[] = [];
  for (const run of runs) {
    const text = `${run.result}${run.reason ? ` (${run.reason})` : ""}${run.cached ? " (cached)" : ""}`;
    const last = parts.at(-1);
    if (last?.text === text) last.n++;
    else parts.push({ text, n: 1 });
  }
  return parts.map((p) => (p.n > 1 ? `${p.text} x${p.n}` : p.text)).join(", ");
}

function jobLine(job: DownstreamJobResult, width: number): string {
  const name = `${job.name}@${job.platform}`.padEnd(width);
  if (job.source === "conda-forge") {
    const sides = job.runs.map((r) => `${r.side} ${r.version} ${r.result}`).join(" · ");
    return `  ${name}  ${sides}${job.url ? `  ${job.url}` : ""}`;
  }
  const bySide = (["baseline", "candidate"] as const)
    .map((side) => ({ side, runs: job.runs.filter((r) => r.side === side) }))
    .filter((s) => s.runs.length > 0)
    .map((s) => `${s.side} ${sideRuns(s.runs)}`);
  const notes = [
    job.quiet !== undefined ? `quiet: ${job.quiet}` : "",
    job.flakeRate !== undefined ? `flake rate ${Math.round(job.flakeRate * 100)}%` : "",
  ]
    .filter(Boolean)
    .map((n) => `  (${n})`)
    .join("");
  return `  ${name}  ${bySide.join(" · ")}${notes}`;
}

/** The terminal summary. */
export function renderTerminalSummary(report: DownstreamReport, options: TerminalSummaryOptions = {}): string {
  const mode = report.calibrate ? " (A/A calibration)" : "";
  const counts = CATEGORIES.filter((c) => (report.counts[c] ?? 0) > 0).map((c) => `${c} ${report.counts[c]}`);
  const out = [
    `Downstream checks: ${report.candidate} against ${report.baseline}${mode}`,
    `  ${counts.length > 0 ? counts.join(" · ") : "nothing ran"} (${countOf(report.downstreams.length, "job")})`,
  ];
  const cached = report.downstreams.filter((j) => j.runs.some((r) => r.cached !== undefined)).length;
  if (cached > 0) out.push(`  baseline reused from the baseline cache for ${countOf(cached, "job")}`);
  for (const category of CATEGORIES) {
    const jobs = report.downstreams.filter((j) => j.category === category);
    if (jobs.length === 0) continue;
    out.push("", `${TITLES[category]} (${jobs.length})`);
    // In an A/A calibration each job's flake rate is the result, so every job gets its line.
    if (ATTENTION.has(category) || report.calibrate) {
      const width = Math.max(...jobs.map((j) => `${j.name}@${j.platform}`.length));
      for (const job of jobs) out.push(jobLine(job, width));
    } else {
      const names = jobs.map((j) => `${j.name}@${j.platform}`);
      const more = names.length > NAMES_SHOWN ? `, and ${names.length - NAMES_SHOWN} more` : "";
      out.push(`  ${names.slice(0, NAMES_SHOWN).join(", ")}${more}`);
    }
  }
  const failures = distinctFailures(report);
  if (failures.length > 0) {
    out.push("", `Failures (${failures.length} distinct)`);
    failures.forEach((failure, i) => {
      const names = failure.runs.map(({ job, run }) => runName(job, run));
      const first = failure.runs[0]!.run;
      out.push(
        "",
        `  ${i + 1}. ${failure.reason}${failure.line ? `: ${failure.line}` : ""}`,
        names.length > 1
          ? `     same failure in ${names.length} runs: ${names.join(", ")}`
          : `     in ${names[0] ?? ""}`,
      );
      if (first.log) out.push(`     log: ${options.showLog ? options.showLog(first.log) : first.log}`);
      for (const line of failure.excerpt) out.push(`     | ${line}`);
    });
  }
  if (report.partners !== undefined) {
    const closed = report.partners.filter((p) => p.issue?.state === "closed").length;
    out.push("", `Partner issues (${closed} of ${report.partners.length} closed)`);
    for (const p of report.partners)
      out.push(
        p.issue
          ? `  ${p.repo}  #${p.issue.number} ${p.issue.state}${p.issue.labels.length > 0 ? ` [${p.issue.labels.join(", ")}]` : ""}  ${p.issue.url}`
          : `  ${p.repo}  not opened${p.note ? `: ${p.note}` : ""}`,
      );
  }
  if (options.files) out.push("", `Markdown report: ${options.files.summary}; all results: ${options.files.results}`);
  return out.join("\n") + "\n";
}
