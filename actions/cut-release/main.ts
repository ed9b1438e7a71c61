/** The cut-release action: reads its inputs, cuts the candidate or final, sets outputs and the job summary. */
import { startAction } from "../../src/action/start-action.js";

// Required inputs are checked before the flow is loaded: bad input fails fast.
void startAction(["version"], async () => (await import("./run-cut-release-action.js")).runCutReleaseAction);
