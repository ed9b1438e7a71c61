/** The publish action: reads its inputs, runs the publish hand-off, sets outputs and the job summary. */
import { startAction } from "../../src/action/start-action.js";

// Required inputs are checked before the flow is loaded: bad input fails fast.
void startAction(["tag"], async () => (await import("./run-publish-action.js")).runPublishAction);
