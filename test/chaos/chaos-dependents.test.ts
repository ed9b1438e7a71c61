/** Chaos for `conda-forge dependents`, the flow with the most writes, in a file of its own (see chaos-suite.ts). */
import { chaosFlowsNamed, describeChaosFlows, printChaosTable } from "./chaos-suite.js";

printChaosTable("conda-forge dependents");
describeChaosFlows(chaosFlowsNamed("conda-forge dependents"));
