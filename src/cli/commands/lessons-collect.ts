/** `release-kit lessons collect`: file the release's lessons as one PR adding checklists/lessons/<version>.md. */
import { collectLessons } from "../../flows/checklist/collect-lessons.js";
import { collectJson, renderCollectText } from "../../flows/checklist/render-lessons.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor } from "../command-environment.js";
import { checklistSettingsOfFlags, releaseVersionFlag } from "../release-flags.js";

/** `release-kit lessons collect --version V`. */
export const lessonsCollectCommand: Command = {
  words: ["lessons", "collect"],
  summary: "Open or update the one PR that adds the release's lessons (from /lesson comments) to checklists/lessons",
  usage: "--version X.Y.Z",
  flags: [releaseVersionFlag],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const settings = checklistSettingsOfFlags(config, parsed.values, ctx, "lessons collect");
    const gh = gitHubFor(ctx, !ctx.globals.dryRun, config);
    const result = await collectLessons(gh, settings, ctx.logger, { dryRun: ctx.globals.dryRun });
    ctx.stdout(ctx.globals.json ? `${JSON.stringify(collectJson(result), null, 2)}\n` : renderCollectText(result));
    return 0;
  },
};
