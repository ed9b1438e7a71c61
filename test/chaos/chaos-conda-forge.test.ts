/** Chaos for the feedstock PRs: `conda-forge pr` on a candidate and on a final (see chaos-suite.ts). */
import { chaosFlowsNamed, describeChaosFlows, printChaosTable } from "./chaos-suite.js";

printChaosTable("conda-forge pr");
describeChaosFlows(chaosFlowsNamed("conda-forge pr", "conda-forge pr (final)"));
