/** The downstream action: plan, run, report or notify, as the `command` input says. */
import { runAction } from "../../src/action/run-action.js";
import { runDownstreamAction } from "./run-downstream-action.js";

await runAction(runDownstreamAction);
