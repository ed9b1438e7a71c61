/** The downstream action: plan, run, report or notify, as the `command` input says. */
import { startAction } from "../../src/action/start-action.js";

// Required inputs are checked before @actions/core or the flow is loaded: bad input fails fast.
await startAction(["command"], async () => (await import("./run-downstream-action.js")).runDownstreamAction);
