/**
 * The Markdown report of a downstream check (summary.md and the job summary): counts, then each category's jobs with
 * their log tails, cut below the size GitHub accepts for a job summary. Pure.
 */
import { CATEGORIES, CATEGORY_TITLES, FAILURE_CATEGORIES, type DownstreamRun } from "./outcomes.js";
import { renderPartnerSection, type PartnerIssueState } from "./render-partner-section.js";
import type { DownstreamJobResult, DownstreamReport } from "./shard-results.js";
import { countOf } from "../plural.js";
import { sameLogKey } from "./same-log-key.js";

/**
 * GitHub's job summary holds at most 1 MiB and silently drops a larger one, so the report stops at 900 KiB and
 * points to the full artifact instead. https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export const SUMMARY_CAP_BYTES = 900 * 1024;

/** Options of the Markdown report. */
export interface RenderOptions {
  /** Where the full report lives (an artifact name or URL), named when the summary is cut. */
  readonly fullReport: string;
  /** Byte cap; defaults to 900 KiB. */
  readonly capBytes?: number;
  /** Partner issues and their title, shown right after the counts. */
  readonly partners?: { readonly title: string; readonly states: readonly PartnerIssueState[] };
}

const TITLES = CATEGORY_TITLES;

// Categories whose runs are shown with log tails; the others are one line per downstream.
const DETAILED = FAILURE_CATEGORIES;

/** The Markdown report: counts first, then one section per category, cut at the cap with a pointer to the rest. */
export function renderReport(report: DownstreamReport, options: RenderOptions): string {
  const cap = options.capBytes ?? SUMMARY_CAP_BYTES;
  const blocks: string[] = [renderHeader(report)];
  if (options.partners !== undefined)
    blocks.push(renderPartnerSection(options.partners.states, options.partners.title));
  for (const category of CATEGORIES) {
    const jobs = report.downstreams.filter((j) => j.category === category);
    if (jobs.length === 0) continue;
    blocks.push(`\n## ${TITLES[category]} (${jobs.length})\n\n`);
    for (const job of jobs) blocks.push(renderJob(job, DETAILED.has(category)));
  }
  const cut = `\n---\n\n**Report cut at ${Math.round(cap / 1024)} KiB.** The full report is in ${options.fullReport}.\n`;
  let out = "";
  let used = 0;
  for (const block of blocks) {
    const size = Buffer.byteLength(block, "utf8");
    if (used + size + Buffer.byteLength(cut, "utf8") > cap) return out + cut;
    out += block;
    used += size;
  }
  return out;
}

function renderHeader(report: DownstreamReport): string {
  const mode = report.calibrate ? " (A/A calibration)" : "";
  const rows = CATEGORIES.filter((c) => report.counts[c] !== undefined).map(
    (c) => `| ${c} | ${report.counts[c] ?? 0} |`,
  );
  return [
    `# Downstream checks: ${report.candidate} against ${report.baseline}${mode}`,
    "",
    "| category | downstreams |",
    "| --- | ---: |",
    ...rows,
    `| total | ${report.downstreams.length} |`,
    "",
    ...cacheNote(report),
  ].join("\n");
}

/** Says how many jobs took their baseline from the cache instead of running it, so a reader can weigh the result. */
function cacheNote(report: DownstreamReport): string[] {
  const reused = report.downstreams.filter((j) => j.runs.some((r) => r.cached !== undefined));
  if (reused.length === 0) return [];
  const rerun = reused.filter((j) => j.runs.some((r) => r.side === "baseline" && r.cached === undefined)).length;
  return [
    `Baseline reused from the baseline cache for ${reused.length} of ${countOf(report.downstreams.length, "job")} (same downstream commit, baseline, runner image and commands)` +
      (rerun > 0 ? `; ${rerun} ran it again to confirm a failing candidate.` : "."),
    "",
  ];
}

function renderJob(job: DownstreamJobResult, detailed: boolean): string {
  const notes = [job.quiet !== undefined ? `quiet: ${job.quiet}` : "", flakeNote(job)].filter(Boolean).join("; ");
  const where = job.source === "conda-forge" ? ` (conda-forge${job.url ? `, ${job.url}` : ""})` : "";
  const summary = `- **${escape(job.name)}** on \`${job.platform}\`${where}${notes ? ` (${escape(notes)})` : ""}: ${job.runs.map((r) => runSummary(r, job.source)).join(", ")}\n`;
  // The log line behind each reason, in every category: "abi: undefined symbol: ..." says more than a log tail.
  const head =
    summary +
    job.runs
      .filter((r) => r.reasonLine)
      .map(quoteLine)
      .join("");
  if (job.source === "conda-forge")
    // The jobs behind a platform's result, with a link to the failing or running one.
    return (
      head +
      job.runs
        .filter((r) => r.result !== "test-pass" && r.detail)
        .map((r) => `  - ${r.side}: ${escape(r.detail ?? "")}${r.log ? ` (${r.log})` : ""}\n`)
        .join("")
    );
  if (!detailed) return head;
  // A log the job already showed (a retry failing the same way) is named, not repeated.
  const shown = new Map<string, DownstreamRun>();
  const tails = job.runs
    .filter((r) => r.tail !== undefined && r.tail !== "")
    .map((r) => {
      const what = `${r.side} #${r.attempt}: ${r.result}${r.reason ? ` (${r.reason})` : ""}`;
      const key = `${r.result}\u0000${r.reason ?? ""}\u0000${sameLogKey(r.tail ?? "")}`;
      const same = shown.get(key);
      if (same)
        return `  - ${what}, log <code>${escape(r.log)}</code>: the same log as ${same.side} #${same.attempt}\n`;
      shown.set(key, r);
      return `  <details><summary>${what}, log <code>${escape(r.log)}</code></summary>\n\n  ~~~text\n${indent(r.tail ?? "")}\n  ~~~\n\n  </details>\n`;
    });
  return head + tails.join("");
}

function flakeNote(job: DownstreamJobResult): string {
  return job.flakeRate === undefined ? "" : `flake rate ${Math.round(job.flakeRate * 100)}%`;
}

function runSummary(run: DownstreamRun, source: DownstreamJobResult["source"]): string {
  // A build on conda-forge's CI has no local attempt or duration: its side names what was built instead.
  if (source === "conda-forge") return `${run.side}${run.version ? ` ${run.version}` : ""} ${run.result}`;
  const why = run.reason !== undefined ? ` (${run.reason})` : "";
  const cached =
    run.cached !== undefined ? ` (cached, run ${run.cached.savedAt.slice(0, 10)} for ${run.cached.candidate})` : "";
  return `${run.side} #${run.attempt} ${run.result}${why} in ${run.durationSeconds.toFixed(1)} s${cached}`;
}

function quoteLine(run: DownstreamRun): string {
  return `  - ${run.side} #${run.attempt} ${run.reason ?? "unknown"}: ${codeSpan(run.reasonLine ?? "")}\n`;
}

/** A Markdown code span around text that may itself hold backticks (gcc quotes symbols as `name'). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function indent(text: string): string {
  // A line of tildes in a log would close the fence early.
  return text
    .split("\n")
    .map((line) => `  ${line.replace(/^~~~/, "\\~~~")}`)
    .join("\n");
}

function escape(text: string): string {
  return text.replace(/[<>&]/g, (c) => (c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&amp;"));
}
