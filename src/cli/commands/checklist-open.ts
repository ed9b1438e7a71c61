/** `release-kit checklist open`: create or find the release checklist issue. */
import { openChecklist } from "../../flows/checklist/open-checklist.js";
import { openJson, renderOpenText } from "../../flows/checklist/render-checklist.js";
import { checklistSettingsFrom } from "../../flows/checklist/settings.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";

/** `release-kit checklist open --version V`. */
export const checklistOpenCommand: Command = {
  words: ["checklist", "open"],
  summary: "Create (or find) the release checklist issue: template, earlier lessons, status",
  usage: "--version X.Y.Z",
  flags: [{ name: "version", type: "string", valueName: "X.Y.Z", description: "the release (required), e.g. 1.20.0" }],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const settings = checklistSettingsFrom(
      config,
      { version: stringFlag(parsed.values, "version"), command: "checklist open" },
      ctx.env,
    );
    const gh = gitHubFor(ctx, !ctx.globals.dryRun, config);
    const result = await openChecklist(gh, settings, ctx.logger, { dryRun: ctx.globals.dryRun });
    ctx.stdout(ctx.globals.json ? `${JSON.stringify(openJson(result), null, 2)}\n` : renderOpenText(result));
    return 0;
  },
};
