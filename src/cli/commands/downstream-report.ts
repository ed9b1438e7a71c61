/**
 * `release-kit downstream report DIR... [--out DIR]`: merges shard results into results.json, retry-list.json,
 * durations.json and summary.md (also appended to the job summary in Actions) and prints a terminal summary (one
 * log excerpt per distinct failure; `--markdown` prints summary.md instead, `--json` the results); exit 1 when a
 * `fail-on` category occurred. With `--partners`, the state and labels of each partner's integration issue (opened by
 * `downstream notify` with the same token's user) are added as a section; without it no GitHub request is made.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { renderTerminalSummary } from "../../core/downstream/render-terminal-summary.js";
import { failingJobsLine, partnerIssuesReader, reportDownstream } from "../../flows/downstream/report-downstream.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";

/** The `downstream report` command. */
export const downstreamReportCommand: Command = {
  words: ["downstream", "report"],
  summary: "Merge downstream shard results into one report; exit 1 on regressions",
  usage:
    "DIR... [--out DIR] [--fail-on CATEGORY ...] [--full-report TEXT] [--partners [--partner-author LOGIN]] [--markdown]",
  allowPositionals: true,
  flags: [
    {
      name: "out",
      type: "string",
      valueName: "DIR",
      description: "where the report goes (default: downstream-report)",
    },
    {
      name: "fail-on",
      type: "string",
      multiple: true,
      valueName: "CATEGORY",
      description: "categories that fail the check (default: downstream-check.fail-on, else regressed)",
    },
    {
      name: "full-report",
      type: "string",
      valueName: "TEXT",
      description: "where readers find the full report when the summary is cut (an artifact name or URL)",
    },
    {
      name: "partners",
      type: "boolean",
      description: "add the state and labels of each partner's issue (needs the config's partners: and a token)",
    },
    {
      name: "partner-author",
      type: "string",
      valueName: "LOGIN",
      description: "who opened the partner issues (default: the token's user)",
    },
    {
      name: "markdown",
      type: "boolean",
      description: "print the Markdown report (summary.md) on stdout instead of the terminal summary",
    },
  ],
  async run(flags, ctx) {
    const out = resolve(ctx.cwd, typeof flags.values["out"] === "string" ? flags.values["out"] : "downstream-report");
    const fullReport = stringFlag(flags.values, "full-report");
    const failOnFlag = flags.values["fail-on"];
    const { outcome, failOn } = await reportDownstream({
      dirs: flags.positionals.map((d) => resolve(ctx.cwd, d)),
      outDir: out,
      failOn: Array.isArray(failOnFlag) ? failOnFlag : [],
      ...(fullReport !== undefined ? { fullReport } : {}),
      ...(flags.values["partners"] === true
        ? {
            readPartners: partnerIssuesReader(
              () => loadConfigFor(ctx),
              (config) => gitHubFor(ctx, true, config),
              stringFlag(flags.values, "partner-author"),
            ),
          }
        : {}),
      cwd: ctx.cwd,
      ...(ctx.globals.config !== undefined ? { configName: ctx.globals.config } : {}),
      env: ctx.env,
    });
    // stdout: the terminal summary for a person, unless asked for JSON (scripts, the action) or the Markdown itself.
    // Paths below the working directory read best relative to it; others, absolute.
    const shown = (file: string): string => {
      const near = relative(ctx.cwd, file);
      return near === "" || near.startsWith("..") || isAbsolute(near) ? file : near;
    };
    ctx.stdout(
      ctx.globals.json
        ? `${JSON.stringify(outcome.report, null, 2)}\n`
        : flags.values["markdown"] === true
          ? outcome.markdown
          : renderTerminalSummary(outcome.report, {
              files: { summary: shown(outcome.files.summary), results: shown(outcome.files.results) },
              showLog: (log) => shown(resolve(out, log)),
            }),
    );
    if (outcome.failing.length === 0) return 0;
    ctx.logger.error(failingJobsLine(outcome, failOn));
    return 1;
  },
};
