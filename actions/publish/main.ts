/** The publish action: reads its inputs, runs the publish hand-off, sets outputs and the job summary. */
import { runAction } from "../../src/action/run-action.js";

// The flow is imported only after the required inputs are checked: bad input fails fast.
await runAction(async (ctx) => (await import("./run-publish-action.js")).runPublishAction(ctx), { required: ["tag"] });
