/** The release-checklist action: reads its inputs, runs open, sync or lessons collect, sets outputs and the summary. */
import { runAction } from "../../src/action/run-action.js";

// The flow is imported only after the required inputs are checked: bad input fails fast.
await runAction(async (ctx) => (await import("./run-release-checklist-action.js")).runReleaseChecklistAction(ctx), {
  required: ["version"],
});
