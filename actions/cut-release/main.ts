/** The cut-release action: reads its inputs, cuts the candidate or final, sets outputs and the job summary. */
import { runAction } from "../../src/action/run-action.js";

// The flow is imported only after the required inputs are checked: bad input fails fast.
await runAction(async (ctx) => (await import("./run-cut-release-action.js")).runCutReleaseAction(ctx), {
  required: ["version"],
});
