/**
 * `release-kit downstream notify --version X.Y.Z`: opens, or updates, one "Integrate with <project> <version>" issue
 * per repository under `partners:`, asking them to try the newest release candidate. Idempotent; `--dry-run` prints
 * the writes it would make.
 */
import { notifyPartners, renderNotifyText } from "../../flows/downstream/notify-partners.js";
import { notifySettingsFrom } from "../../flows/downstream/notify-settings.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";
import { releaseVersionFlag } from "../release-flags.js";

/** The `downstream notify` command. */
export const downstreamNotifyCommand: Command = {
  words: ["downstream", "notify"],
  summary: "Open or update the partner issues asking to try the release candidate",
  usage: "--version X.Y.Z [--deadline TEXT]",
  flags: [
    releaseVersionFlag,
    {
      name: "deadline",
      type: "string",
      valueName: "TEXT",
      description: "when partners should report back (default: 14 days after the candidate's release)",
    },
  ],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const settings = notifySettingsFrom(
      config,
      { version: stringFlag(parsed.values, "version"), deadline: stringFlag(parsed.values, "deadline") },
      ctx.env,
    );
    // Finding the issues already opened needs the token's user, so even a dry run needs a token.
    const gh = gitHubFor(ctx, true, config);
    const result = await notifyPartners(gh, settings, ctx.logger, { dryRun: ctx.globals.dryRun });
    ctx.stdout(
      ctx.globals.json ? `${JSON.stringify(result, null, 2)}\n` : renderNotifyText(result, ctx.globals.dryRun),
    );
    return 0;
  },
};
