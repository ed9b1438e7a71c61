/** The conda-forge-pr action: reads its inputs, opens or updates the feedstock PR, sets outputs and the job summary. */
import { startAction } from "../../src/action/start-action.js";

// Required inputs are checked before the flow is loaded: bad input fails fast.
void startAction(["version"], async () => (await import("./run-conda-forge-pr-action.js")).runCondaForgePrAction);
