/** `release-kit checklist sync`: tick the checklist from the real state of the release and refresh its status. */
import { renderSyncText, syncJson } from "../../flows/checklist/render-checklist.js";
import { syncChecklist } from "../../flows/checklist/sync-checklist.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor } from "../command-environment.js";
import { checklistSettingsOfFlags, downstreamReportFlag, releaseVersionFlag } from "../release-flags.js";

/** `release-kit checklist sync --version V [--downstream-report FILE]`. */
export const checklistSyncCommand: Command = {
  words: ["checklist", "sync"],
  summary: "Tick the checklist from tags, releases, PyPI, the feedstock, downstream and partner issues",
  usage: "--version X.Y.Z [--downstream-report FILE]",
  flags: [releaseVersionFlag, downstreamReportFlag("record")],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const settings = checklistSettingsOfFlags(config, parsed.values, ctx, "checklist sync");
    const gh = gitHubFor(ctx, !ctx.globals.dryRun, config);
    const result = await syncChecklist(gh, settings, ctx.logger, { dryRun: ctx.globals.dryRun });
    ctx.stdout(ctx.globals.json ? `${JSON.stringify(syncJson(result), null, 2)}\n` : renderSyncText(result));
    return 0;
  },
};
