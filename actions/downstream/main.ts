/** The downstream action: plan, run, report or notify, as the `command` input says. */
import { startAction } from "../../src/action/start-action.js";

// Required inputs are checked before the flow is loaded: bad input fails fast.
void startAction(["command"], async () => (await import("./run-downstream-action.js")).runDownstreamAction);
