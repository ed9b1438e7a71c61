/**
 * `release-kit downstream plan --shards N [--durations FILE] [--only FILE]`: prints the GitHub Actions matrix of
 * shard jobs on one line, ready for `matrix=...` in `$GITHUB_OUTPUT`.
 */
import { dirname, resolve } from "node:path";
import { planShards } from "../../core/downstream/plan-shards.js";
import { parseCount } from "../../core/parse-count.js";
import { displayPath, loadConfig, resolveConfigPath } from "../../config/load-config.js";
import { readDurations, readOnlyFile } from "../../flows/downstream/read-job-files.js";
import { listDownstreamJobs } from "../../flows/downstream/run-shard.js";
import { downstreamSettingsFromConfig } from "../../flows/downstream/settings.js";
import type { Command } from "../command.js";

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
    const settings = downstreamSettingsFromConfig(config, dirname(configPath));
    const shardsFlag = flags.values["shards"];
    // The schema caps downstream-check.shards at 256 (a matrix has at most 256 jobs); the flag follows it.
    const shards =
      shardsFlag === undefined ? settings.shards : parseCount(String(shardsFlag), "--shards", { max: 256 });
    const durationsFile = flags.values["durations"];
    const onlyFile = flags.values["only"];
    const durations = await readDurations(
      typeof durationsFile === "string" ? resolve(ctx.cwd, durationsFile) : undefined,
      ctx.logger,
    );
    const only = typeof onlyFile === "string" ? await readOnlyFile(resolve(ctx.cwd, onlyFile)) : undefined;
    const plan = planShards(listDownstreamJobs(settings, only), shards, durations);
    ctx.logger.info(
      `${plan.include.length} shard job(s) for ${plan.include.reduce((n, e) => n + e.jobs.length, 0)} downstream job(s); expected makespan ${Math.round(plan.makespanSeconds)} s`,
    );
    ctx.stdout(`${JSON.stringify(plan)}\n`);
    return 0;
  },
};
