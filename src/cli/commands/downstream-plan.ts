/**
 * `release-kit downstream plan --shards N [--durations FILE] [--only FILE]`: prints the GitHub Actions matrix of
 * shard jobs on one line, ready for `matrix=...` in `$GITHUB_OUTPUT`.
 */
import { dirname, resolve } from "node:path";
import { displayPath, loadConfig, resolveConfigPath } from "../../config/load-config.js";
import { planDownstreamMatrix } from "../../flows/downstream/plan-downstream-matrix.js";
import { downstreamSettingsFromConfig } from "../../flows/downstream/settings.js";
import type { Command } from "../command.js";
import { stringFlag } from "../command-environment.js";

/** The `downstream plan` command. */
export const downstreamPlanCommand: Command = {
  words: ["downstream", "plan"],
  summary: "Print the matrix of downstream shard jobs, balanced by earlier durations",
  usage: "[--shards N] [--durations FILE] [--only FILE]",
  flags: [
    {
      name: "shards",
      type: "string",
      valueName: "N",
      description: "number of shard jobs (default: downstream-check.shards)",
    },
    { name: "durations", type: "string", valueName: "FILE", description: "durations.json of an earlier report" },
    { name: "only", type: "string", valueName: "FILE", description: "plan only these jobs (a retry-list.json)" },
  ],
  async run(flags, ctx) {
    const configPath = resolveConfigPath(ctx.cwd, ctx.globals.config);
    const config = await loadConfig(configPath, { displayName: displayPath(ctx.cwd, configPath) });
    const file = (name: string): string | undefined => {
      const value = stringFlag(flags.values, name);
      return value === undefined ? undefined : resolve(ctx.cwd, value);
    };
    const shards = flags.values["shards"];
    const plan = await planDownstreamMatrix(
      downstreamSettingsFromConfig(config, dirname(configPath)),
      {
        ...(shards !== undefined ? { shards: String(shards) } : {}),
        ...(file("durations") !== undefined ? { durationsFile: file("durations") } : {}),
        ...(file("only") !== undefined ? { onlyFile: file("only") } : {}),
      },
      ctx.logger,
    );
    ctx.stdout(`${JSON.stringify(plan)}\n`);
    return 0;
  },
};
