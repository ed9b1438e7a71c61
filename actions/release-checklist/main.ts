/** The release-checklist action: reads its inputs, runs open, sync or lessons collect, sets outputs and the summary. */
import { startAction } from "../../src/action/start-action.js";

// Required inputs are checked before the flow is loaded: bad input fails fast.
void startAction(
  ["version"],
  async () => (await import("./run-release-checklist-action.js")).runReleaseChecklistAction,
);
