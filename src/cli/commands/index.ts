/** Every CLI command, found by its words. Add one import and one entry per command. */
import type { Command } from "../command.js";
import { artifactsDiffCommand } from "./artifacts-diff.js";
import { condaForgeBumpRecipeCommand } from "./conda-forge-bump-recipe.js";
import { condaForgePrCommand } from "./conda-forge-pr.js";
import { checklistOpenCommand } from "./checklist-open.js";
import { checklistSyncCommand } from "./checklist-sync.js";
import { configCheckCommand } from "./config-check.js";
import { lessonsCollectCommand } from "./lessons-collect.js";
import { statusCommand } from "./status.js";
import { finalCommand, rcCommand } from "./cut.js";
import { detectCommand } from "./detect.js";
import { publishCommand } from "./publish.js";
import { demoCommand } from "./demo.js";
import { downstreamNotifyCommand } from "./downstream-notify.js";
import { downstreamPlanCommand } from "./downstream-plan.js";
import { downstreamReportCommand } from "./downstream-report.js";
import { downstreamRunCommand } from "./downstream-run.js";
import { sandboxServeCommand } from "./sandbox-serve.js";

/** The registry the CLI dispatches on. */
export const commands: readonly Command[] = [
  rcCommand,
  finalCommand,
  detectCommand,
  publishCommand,
  condaForgeBumpRecipeCommand,
  condaForgePrCommand,
  downstreamPlanCommand,
  downstreamRunCommand,
  downstreamReportCommand,
  downstreamNotifyCommand,
  artifactsDiffCommand,
  checklistOpenCommand,
  checklistSyncCommand,
  lessonsCollectCommand,
  statusCommand,
  configCheckCommand,
  sandboxServeCommand,
  demoCommand,
];
