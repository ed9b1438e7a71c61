/** The conda-forge-pr action: reads its inputs, opens or updates the feedstock PR, sets outputs and the job summary. */
import { runAction } from "../../src/action/run-action.js";

// The flow is imported only after the required inputs are checked: bad input fails fast.
await runAction(async (ctx) => (await import("./run-conda-forge-pr-action.js")).runCondaForgePrAction(ctx), {
  required: ["version"],
});
