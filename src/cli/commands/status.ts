/** `release-kit status`: one screen with everything about a release and the next step. */
import { readReleaseStatus } from "../../flows/status/read-release-status.js";
import { releaseStatusJson, renderReleaseStatusText } from "../../flows/status/render-release-status.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor } from "../command-environment.js";
import { checklistSettingsOfFlags, downstreamReportFlag, releaseVersionFlag } from "../release-flags.js";

/** `release-kit status --version V [--json]`. */
export const statusCommand: Command = {
  words: ["status"],
  summary: "Show a release: tags, releases, PyPI, feedstock PR and CI, downstream, partners, checklist, next step",
  usage: "--version X.Y.Z [--downstream-report FILE] [--json]",
  flags: [releaseVersionFlag, downstreamReportFlag("include")],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const settings = checklistSettingsOfFlags(config, parsed.values, ctx, "status");
    const status = await readReleaseStatus(gitHubFor(ctx, false, config), settings);
    ctx.stdout(
      ctx.globals.json ? `${JSON.stringify(releaseStatusJson(status), null, 2)}\n` : renderReleaseStatusText(status),
    );
    return 0;
  },
};
