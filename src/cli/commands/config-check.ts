/** `release-kit config check`: lists every problem of release-kit.yml, or prints the resolved configuration. */
import type { Command } from "../command.js";
import { ConfigError } from "../../core/errors.js";
import { configToFileShape, configToYaml } from "../../config/config-to-file-shape.js";
import { displayPath, loadConfig, resolveConfigPath } from "../../config/load-config.js";

/** Validates the configuration: problems one per line on stderr (exit 2), else the resolved config on stdout (exit 0). */
export const configCheckCommand: Command = {
  words: ["config", "check"],
  summary: "Validate release-kit.yml and print it with every default filled in",
  usage: "[--config PATH] [--json]",
  flags: [],
  async run(_flags, ctx) {
    const configPath = resolveConfigPath(ctx.cwd, ctx.globals.config);
    const name = displayPath(ctx.cwd, configPath);
    try {
      const config = await loadConfig(configPath, { displayName: name });
      if (ctx.globals.json) {
        ctx.stdout(`${JSON.stringify(configToFileShape(config), null, 2)}\n`);
      } else {
        ctx.stdout(`# ${name}, resolved (defaults filled in)\n${configToYaml(config)}`);
      }
      ctx.logger.info(`${name} is valid`);
      return 0;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const problems = error.problems.length > 0 ? error.problems : [error.message];
      for (const problem of problems) ctx.stderr(`${problem}\n`);
      return 2;
    }
  },
};
