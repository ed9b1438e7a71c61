/** Chaos for the release cut: `rc`, `rc --via-pr`, `final` and the final with its next-dev PR (see chaos-suite.ts). */
import { chaosFlowsNamed, describeChaosFlows, printChaosTable } from "./chaos-suite.js";

printChaosTable("release cut");
describeChaosFlows(chaosFlowsNamed("rc", "rc --via-pr", "final", "final + next-dev PR"));
