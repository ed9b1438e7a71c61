/**
 * `release-kit conda-forge pr --version V`: opens (or updates) the conda-forge feedstock PR of a release candidate
 * (into the rc branch, uploaded to the rc label) or of a final (into main, carrying the rc branch's recipe fixes),
 * from a fork, with the source hashes downloaded and verified. `--dry-run` prints the plan and the diff.
 */
import { millisFromEnv } from "../../core/millis-from-env.js";
import { condaForgePr } from "../../flows/conda-forge/conda-forge-pr.js";
import { feedstockPrJson, renderFeedstockPrText } from "../../flows/conda-forge/render-feedstock-pr.js";
import { feedstockPrSettingsFrom } from "../../flows/conda-forge/settings.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";

/** The `conda-forge pr` command. */
export const condaForgePrCommand: Command = {
  words: ["conda-forge", "pr"],
  summary: "Open or update the conda-forge feedstock PR of a candidate or final, from a fork, with verified hashes",
  usage: "--version V [--checklist-url URL] [--fork-owner LOGIN] [--package-version V] [--source-wait-minutes N]",
  flags: [
    {
      name: "version",
      type: "string",
      valueName: "V",
      description: "the version to package (PEP 440): 1.20.0rc1 goes to the rc label, 1.20.0 to main",
    },
    {
      name: "checklist-url",
      type: "string",
      valueName: "URL",
      description: "the release checklist issue, linked from the PR body",
    },
    {
      name: "fork-owner",
      type: "string",
      valueName: "LOGIN",
      description: "the account that owns the feedstock fork (default: conda-forge.fork-owner, else the token's user)",
    },
    {
      name: "package-version",
      type: "string",
      valueName: "V",
      description:
        "the package version the recipe builds when it differs from --version: a version or a template such as 4.{version} (default: conda-forge.package-version)",
    },
    {
      name: "source-wait-minutes",
      type: "string",
      valueName: "N",
      description:
        "how long to wait for a source file not published yet (default: conda-forge.source-wait-minutes, 30)",
    },
  ],
  async run(parsed, ctx) {
    const config = await loadConfigFor(ctx);
    const settings = feedstockPrSettingsFrom(
      config,
      {
        version: stringFlag(parsed.values, "version"),
        checklistUrl: stringFlag(parsed.values, "checklist-url"),
        forkOwner: stringFlag(parsed.values, "fork-owner"),
        packageVersion: stringFlag(parsed.values, "package-version"),
        sourceWaitMinutes: stringFlag(parsed.values, "source-wait-minutes"),
      },
      ctx.env,
    );
    const sourcePollMs = millisFromEnv(ctx.env, "RELEASE_KIT_SOURCE_POLL_MS");
    const forkReadyPollMs = millisFromEnv(ctx.env, "RELEASE_KIT_FORK_POLL_MS");
    const gh = gitHubFor(ctx, !ctx.globals.dryRun, config);
    const result = await condaForgePr(gh, settings, ctx.logger, {
      dryRun: ctx.globals.dryRun,
      env: ctx.env,
      signal: ctx.signal,
      ...(sourcePollMs !== undefined ? { sourcePollMs } : {}),
      ...(forkReadyPollMs !== undefined ? { forkReadyPollMs } : {}),
    });
    ctx.stdout(
      ctx.globals.json ? `${JSON.stringify(feedstockPrJson(result), null, 2)}\n` : renderFeedstockPrText(result),
    );
    return 0;
  },
};
