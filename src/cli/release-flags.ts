/**
 * The flags the release-checklist commands share (`checklist open`, `checklist sync`, `status`, `lessons collect`,
 * `downstream notify`) and the settings they build from them, said once so that their help and their errors agree.
 */
import path from "node:path";
import type { ReleaseKitConfig } from "../config/index.js";
import type { ChecklistSettings } from "../core/checklist/index.js";
import { checklistSettingsFrom } from "../flows/checklist/settings.js";
import type { CommandContext, FlagSpec } from "./command.js";
import { stringFlag } from "./command-environment.js";

/** `--version X.Y.Z`: the release a checklist command is about. */
export const releaseVersionFlag: FlagSpec = {
  name: "version",
  type: "string",
  valueName: "X.Y.Z",
  description: "the release (required), e.g. 1.20.0",
};

/** `--downstream-report FILE`; `use` says what the command does with it (record it, include it). */
export function downstreamReportFlag(use: string): FlagSpec {
  return {
    name: "downstream-report",
    type: "string",
    valueName: "FILE",
    description: `the results.json of \`downstream report\` to ${use} (optional)`,
  };
}

/** The checklist settings of `command` from its flags (a relative report path is read from the working directory). */
export function checklistSettingsOfFlags(
  config: ReleaseKitConfig,
  values: Readonly<Record<string, unknown>>,
  ctx: CommandContext,
  command: string,
): ChecklistSettings {
  const report = stringFlag(values, "downstream-report");
  return checklistSettingsFrom(
    config,
    {
      version: stringFlag(values, "version"),
      command,
      ...(report !== undefined ? { downstreamReport: path.resolve(ctx.cwd, report) } : {}),
    },
    ctx.env,
  );
}
