/** The downstream action: plan, run, report or notify, as the `command` input says. */
import { runAction } from "../../src/action/run-action.js";

// The commands are imported only after the required input is checked: bad input fails fast.
await runAction(async (ctx) => (await import("./run-downstream-action.js")).runDownstreamAction(ctx), {
  required: ["command"],
});
