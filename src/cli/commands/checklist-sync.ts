/** `release-kit checklist sync`: tick the checklist from the real state of the release and refresh its status. */
import path from "node:path";
import { renderSyncText, syncJson } from "../../flows/checklist/render-checklist.js";
import { checklistSettingsFrom } from "../../flows/checklist/settings.js";
import { syncChecklist } from "../../flows/checklist/sync-checklist.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";

/** `release-kit checklist sync --version V [--downstream-report FILE]`. */
export const checklistSyncCommand: Command = {
  words: ["checklist", "sync"],
  summary: "Tick the checklist from tags, releases, PyPI, the feedstock, downstream and partner issues",
  usage: "--version X.Y.Z [--downstream-report FILE]",
  flags: [
    { name: "version", type: "string", valueName: "X.Y.Z", description: "the release (required), e.g. 1.20.0" },
    {
      name: "downstream-report",
      type: "string",
      valueName: "FILE",
      description: "the results.json of `downstream report` to record (optional)",
    },
  ],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const report = stringFlag(parsed.values, "downstream-report");
    const settings = checklistSettingsFrom(
      config,
      {
        version: stringFlag(parsed.values, "version"),
        command: "checklist sync",
        ...(report !== undefined ? { downstreamReport: path.resolve(ctx.cwd, report) } : {}),
      },
      ctx.env,
    );
    const gh = gitHubFor(ctx, !ctx.globals.dryRun, config);
    const result = await syncChecklist(gh, settings, ctx.logger, { dryRun: ctx.globals.dryRun });
    ctx.stdout(ctx.globals.json ? `${JSON.stringify(syncJson(result), null, 2)}\n` : renderSyncText(result));
    return 0;
  },
};
