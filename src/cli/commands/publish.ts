/** `release-kit publish --tag TAG`: hand a cut tag to the project's publishing workflow and wait for the index. */
import { publishRelease } from "../../flows/publish/publish-release.js";
import { interruptibleClock } from "../../flows/wait-clock.js";
import { publishJson, renderPublishText } from "../../flows/publish/render-publish.js";
import { publishSettingsFrom } from "../../flows/publish/settings.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";

/** `release-kit publish`. */
export const publishCommand: Command = {
  words: ["publish"],
  summary: "Dispatch the publishing workflow for a tag, wait for it, and check the files are on the package index",
  usage: "--tag TAG [options]",
  flags: [
    { name: "tag", type: "string", valueName: "TAG", description: "the tag to publish (required), e.g. v1.20.0rc1" },
    {
      name: "timeout-minutes",
      type: "string",
      valueName: "N",
      description: "how long to wait for the workflow run (default: publish.timeout-minutes, 60)",
    },
    {
      name: "index-wait-minutes",
      type: "string",
      valueName: "N",
      description:
        "how long to wait for the files on the index after the run (default: publish.index-wait-minutes, 15)",
    },
  ],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const settings = publishSettingsFrom(
      config,
      {
        tag: stringFlag(parsed.values, "tag"),
        timeoutMinutes: stringFlag(parsed.values, "timeout-minutes"),
        indexWaitMinutes: stringFlag(parsed.values, "index-wait-minutes"),
      },
      ctx.env,
    );
    const gh = gitHubFor(ctx, !ctx.globals.dryRun, config);
    const result = await publishRelease(gh, settings, ctx.logger, {
      dryRun: ctx.globals.dryRun,
      clock: interruptibleClock(ctx.signal),
    });
    ctx.stdout(ctx.globals.json ? `${JSON.stringify(publishJson(result), null, 2)}\n` : renderPublishText(result));
    return 0;
  },
};
