/** Every CLI command, found by its words. Add one import and one entry per command. */
import type { Command } from "../command.js";
import { artifactsDiffCommand } from "./artifacts-diff.js";
import { condaForgeBumpRecipeCommand } from "./conda-forge-bump-recipe.js";
import { configCheckCommand } from "./config-check.js";
import { finalCommand, rcCommand } from "./cut.js";
import { demoCommand } from "./demo.js";
import { downstreamPlanCommand } from "./downstream-plan.js";
import { downstreamReportCommand } from "./downstream-report.js";
import { downstreamRunCommand } from "./downstream-run.js";
import { sandboxServeCommand } from "./sandbox-serve.js";

/** The registry the CLI dispatches on. */
export const commands: readonly Command[] = [
  rcCommand,
  finalCommand,
  condaForgeBumpRecipeCommand,
  downstreamPlanCommand,
  downstreamRunCommand,
  downstreamReportCommand,
  artifactsDiffCommand,
  configCheckCommand,
  sandboxServeCommand,
  demoCommand,
];
