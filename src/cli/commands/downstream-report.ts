/**
 * `release-kit downstream report DIR... [--out DIR]`: merges shard results into results.json, retry-list.json,
 * durations.json and summary.md (also appended to the job summary in Actions) and prints a terminal summary (one
 * log excerpt per distinct failure; `--markdown` prints summary.md instead, `--json` the results); exit 1 when a
 * `fail-on` category occurred. With `--partners`, the state and labels of each partner's integration issue (opened by
 * `downstream notify` with the same token's user) are added as a section; without it no GitHub request is made.
 */
import { existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { renderTerminalSummary } from "../../core/downstream/render-terminal-summary.js";
import { CATEGORIES, type Category } from "../../core/downstream/outcomes.js";
import { InputError } from "../../core/errors.js";
import { displayPath, loadConfig, resolveConfigPath } from "../../config/load-config.js";
import { writeReport } from "../../flows/downstream/write-report.js";
import { readPartnerIssues } from "../../flows/downstream/partner-issues.js";
import { partnerIssueTitle } from "../../core/downstream/partner-issue-plan.js";
import type { DownstreamReport } from "../../core/downstream/shard-results.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { baseVersionOf, formatVersion, parseVersion } from "../../core/versions/index.js";
import type { Command, CommandContext } from "../command.js";
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
    if (flags.positionals.length === 0)
      throw new InputError("missing DIR: give the directories `downstream run --out` wrote");
    const failOn = await resolveFailOn(flags.values["fail-on"], ctx.cwd, ctx.globals.config);
    const out = resolve(ctx.cwd, typeof flags.values["out"] === "string" ? flags.values["out"] : "downstream-report");
    const fullReport = flags.values["full-report"];
    const outcome = await writeReport(
      flags.positionals.map((d) => resolve(ctx.cwd, d)),
      out,
      {
        failOn,
        ...(typeof fullReport === "string" ? { fullReport } : {}),
        ...(flags.values["partners"] === true
          ? { readPartners: partnerReader(ctx, stringFlag(flags.values, "partner-author")) }
          : {}),
      },
    );
    const summary = ctx.env["GITHUB_STEP_SUMMARY"];
    if (summary) await appendFile(summary, outcome.markdown);
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
    ctx.logger.error(
      `${outcome.failing.length} downstream job(s) in ${failOn.join(", ")}: ${outcome.failing.map((j) => `${j.name}@${j.platform} (${j.category})`).join(", ")}`,
    );
    return 1;
  },
};

async function resolveFailOn(flag: unknown, cwd: string, configFlag: string | undefined): Promise<Category[]> {
  const given: unknown[] = Array.isArray(flag) ? (flag as unknown[]) : [];
  if (given.length > 0) {
    const unknown = given.find((c) => !CATEGORIES.includes(c as Category));
    if (unknown !== undefined) {
      throw new InputError(`--fail-on ${JSON.stringify(unknown)} is not a category (${CATEGORIES.join(", ")})`);
    }
    return given as Category[];
  }
  // The report job may run without a checkout: then the default applies.
  const configPath = resolveConfigPath(cwd, configFlag);
  if (configFlag === undefined && !existsSync(configPath)) return ["regressed"];
  const config = await loadConfig(configPath, { displayName: displayPath(cwd, configPath) });
  return [...config.downstreamCheck.failOn];
}

/** Reads the partner issues of the report's release: titled after the candidate's base version. */
function partnerReader(ctx: CommandContext, author: string | undefined) {
  return async (report: DownstreamReport) => {
    const config = await loadConfigFor(ctx);
    const scheme = config.project.versionScheme;
    const version = formatVersion(baseVersionOf(parseVersion(report.candidate, scheme)), "pep440");
    const title = partnerIssueTitle(splitRepo(config.project.repo).repo, version);
    const states = await readPartnerIssues(
      gitHubFor(ctx, true, config),
      config.partners.map((p) => p.repo),
      title,
      author,
    );
    return { title, states };
  };
}
