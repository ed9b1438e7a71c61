/**
 * Chaos for the flows that write issues, comments and dispatches: partner issues, the checklist, lessons, publish,
 * and the partner report that only reads; then two RC cuts at once and the report killed while it writes (see
 * chaos-suite.ts).
 */
import { CHAOS_FLOWS } from "./chaos-flows.js";
import { describeChaosFlows, describeChaosRace, describeReportKillPoints, printChaosTable } from "./chaos-suite.js";

/** The flows the other chaos files take; every other flow of chaos-flows.ts is run here, so none is left out. */
const ELSEWHERE = new Set([
  "rc",
  "rc --via-pr",
  "final",
  "final + next-dev PR",
  "conda-forge pr",
  "conda-forge pr (final)",
  "conda-forge dependents",
]);

printChaosTable("issues, checklist, publish, races");
describeChaosFlows(CHAOS_FLOWS.filter((flow) => !ELSEWHERE.has(flow.name)));
describeChaosRace();
describeReportKillPoints();
