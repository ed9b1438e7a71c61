/** `release-kit status`: one screen with everything about a release and the next step. */
import path from "node:path";
import { checklistSettingsFrom } from "../../flows/checklist/settings.js";
import { readReleaseStatus } from "../../flows/status/read-release-status.js";
import { releaseStatusJson, renderReleaseStatusText } from "../../flows/status/render-release-status.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";

/** `release-kit status --version V [--json]`. */
export const statusCommand: Command = {
  words: ["status"],
  summary: "Show a release: tags, releases, PyPI, feedstock PR and CI, downstream, partners, checklist, next step",
  usage: "--version X.Y.Z [--downstream-report FILE] [--json]",
  flags: [
    { name: "version", type: "string", valueName: "X.Y.Z", description: "the release (required), e.g. 1.20.0" },
    {
      name: "downstream-report",
      type: "string",
      valueName: "FILE",
      description: "the results.json of `downstream report` to include (optional)",
    },
  ],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const report = stringFlag(parsed.values, "downstream-report");
    const settings = checklistSettingsFrom(
      config,
      {
        version: stringFlag(parsed.values, "version"),
        command: "status",
        ...(report !== undefined ? { downstreamReport: path.resolve(ctx.cwd, report) } : {}),
      },
      ctx.env,
    );
    const status = await readReleaseStatus(gitHubFor(ctx, false, config), settings);
    ctx.stdout(
      ctx.globals.json ? `${JSON.stringify(releaseStatusJson(status), null, 2)}\n` : renderReleaseStatusText(status),
    );
    return 0;
  },
};
