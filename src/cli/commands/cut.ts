/** `release-kit rc` and `release-kit final`: cut a release candidate or the final release through the API. */
import path from "node:path";
import { cutRelease } from "../../flows/cut-release/cut-release.js";
import { cutJson, renderCutText } from "../../flows/cut-release/render-cut.js";
import { cutSettingsFrom } from "../../flows/cut-release/settings.js";
import type { Command, FlagSpec } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";

const shared: FlagSpec[] = [
  {
    name: "version",
    type: "string",
    valueName: "X.Y.Z",
    description: "the version to release (required), e.g. 1.20.0",
  },
  {
    name: "base",
    type: "string",
    valueName: "REF",
    description: "where a new release branch starts (default: the default branch)",
  },
  {
    name: "run-id",
    type: "string",
    valueName: "ID",
    description: "identity of this run (default: GITHUB_RUN_ID); a re-run with the same id resumes",
  },
  {
    name: "via-pr",
    type: "boolean",
    description:
      "bring the bump through one pull request into the release branch (rc.via: pull-request); tagged after its merge",
  },
  {
    name: "skip-checks",
    type: "string",
    valueName: "REASON",
    description: "cut although required checks are not green; the reason is recorded",
  },
];

function cutCommand(kind: "rc" | "final"): Command {
  const flags: FlagSpec[] =
    kind === "rc"
      ? [
          ...shared,
          {
            name: "rc",
            type: "string",
            valueName: "N",
            description: "cut, resume or finish exactly candidate N (default: the first, or the one a run left)",
          },
          {
            name: "next",
            type: "boolean",
            description: "cut the next candidate although the latest one is cut and released (refused without it)",
          },
          {
            name: "from-branch",
            type: "boolean",
            description: "tag the candidate the release branch's version file already names",
          },
        ]
      : [
          ...shared,
          { name: "no-rc", type: "boolean", description: "release although no candidate was cut (not recommended)" },
          {
            name: "accept-untested",
            type: "string",
            valueName: "REASON",
            description:
              "release although commits landed after the last candidate; the reason and the commits go into the notes",
          },
          {
            name: "downstream-report",
            type: "string",
            valueName: "FILE",
            description:
              "the downstream report (results.json) the downstream-regressions gate reads (default: the checklist's)",
          },
        ];
  return {
    words: [kind],
    summary:
      kind === "rc"
        ? "Cut the next release candidate: branch, version bump, tag, pre-release"
        : "Cut the final release on the release branch: bump, tag, release",
    usage: "--version X.Y.Z [options]",
    flags,
    async run(parsed, ctx) {
      const v = parsed.values;
      const config = await loadConfigFor(ctx);
      const report = stringFlag(v, "downstream-report");
      const settings = cutSettingsFrom(
        config,
        {
          kind,
          version: stringFlag(v, "version"),
          rc: stringFlag(v, "rc"),
          next: v.next === true,
          base: stringFlag(v, "base"),
          runId: stringFlag(v, "run-id"),
          skipChecks: stringFlag(v, "skip-checks"),
          noRc: v["no-rc"] === true,
          fromBranch: v["from-branch"] === true,
          acceptUntested: stringFlag(v, "accept-untested"),
          viaPr: v["via-pr"] === true,
          ...(report !== undefined ? { downstreamReport: path.resolve(ctx.cwd, report) } : {}),
        },
        ctx.env,
      );
      if (ctx.resume) {
        ctx.resume.runId = settings.runId;
        ctx.resume.runIdGiven = stringFlag(v, "run-id") !== undefined || ctx.env.GITHUB_RUN_ID !== undefined;
      }
      // A run id made up here is lost with the process: the command a rate-limit stop names must carry it.
      const invocation =
        ctx.invocation !== undefined && ctx.resume?.runIdGiven === false
          ? `${ctx.invocation} --run-id ${settings.runId}`
          : ctx.invocation;
      const gh = gitHubFor(
        { ...ctx, ...(invocation !== undefined ? { invocation } : {}) },
        !ctx.globals.dryRun,
        config,
      );
      const result = await cutRelease(gh, settings, ctx.logger, { dryRun: ctx.globals.dryRun });
      ctx.stdout(ctx.globals.json ? `${JSON.stringify(cutJson(result), null, 2)}\n` : renderCutText(result));
      return 0;
    },
  };
}

/** `release-kit rc`. */
export const rcCommand: Command = cutCommand("rc");
/** `release-kit final`. */
export const finalCommand: Command = cutCommand("final");
