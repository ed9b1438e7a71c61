/** `release-kit checklist open`: create or find the release checklist issue. */
import { openChecklist } from "../../flows/checklist/open-checklist.js";
import { openJson, renderOpenText } from "../../flows/checklist/render-checklist.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor } from "../command-environment.js";
import { checklistSettingsOfFlags, releaseVersionFlag } from "../release-flags.js";

/** `release-kit checklist open --version V`. */
export const checklistOpenCommand: Command = {
  words: ["checklist", "open"],
  summary: "Create (or find) the release checklist issue: template, earlier lessons, status",
  usage: "--version X.Y.Z",
  flags: [releaseVersionFlag],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const settings = checklistSettingsOfFlags(config, parsed.values, ctx, "checklist open");
    const gh = gitHubFor(ctx, !ctx.globals.dryRun, config);
    const result = await openChecklist(gh, settings, ctx.logger, { dryRun: ctx.globals.dryRun });
    ctx.stdout(ctx.globals.json ? `${JSON.stringify(openJson(result), null, 2)}\n` : renderOpenText(result));
    return 0;
  },
};
