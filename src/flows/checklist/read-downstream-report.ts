/**
 * Reads a downstream report (`downstream report`'s results.json) into the checklist's downstream fact: the candidate,
 * its baseline, the counts per category and the regressions. The checklist, `status` and the final's
 * downstream-regressions gate read a report this one way.
 */
import { modifiedTime, readText } from "../../adapters/files.js";
import type { DownstreamFact } from "../../core/checklist/index.js";
import { InputError } from "../../core/errors.js";
import { convertVersion, type VersionScheme } from "../../core/versions/index.js";

/** Reads a downstream results.json; a report for another version is ignored. */
export async function readDownstreamReport(
  file: string,
  settings: { readonly version: string; readonly scheme: VersionScheme },
  before: DownstreamFact | undefined,
): Promise<DownstreamFact | undefined> {
  let text: string;
  try {
    text = await readText(file);
  } catch {
    throw new InputError(`--downstream-report ${file} cannot be read: give the results.json of downstream report`);
  }
  let report: { candidate?: unknown; baseline?: unknown; counts?: unknown; downstreams?: unknown };
  try {
    report = JSON.parse(text) as typeof report;
  } catch {
    throw new InputError(`--downstream-report ${file} is not JSON: give the results.json of downstream report`);
  }
  const candidate = typeof report.candidate === "string" ? report.candidate : "";
  let pep440 = candidate;
  try {
    pep440 = convertVersion(candidate, settings.scheme, "pep440");
  } catch {
    // Keep the text as written; the version check below decides.
  }
  if (!pep440.startsWith(settings.version)) return before;
  const counts: Record<string, number> = {};
  if (typeof report.counts === "object" && report.counts !== null)
    for (const [k, v] of Object.entries(report.counts)) if (typeof v === "number") counts[k] = v;
  const at =
    before && before.candidate === candidate ? before.at : (await modifiedTime(file)).toISOString().slice(0, 19) + "Z";
  const dependents = dependentsFact(report.downstreams);
  return {
    candidate,
    baseline: typeof report.baseline === "string" ? report.baseline : "",
    counts,
    regressed: counts.regressed ?? 0,
    ...(dependents ? { dependents } : {}),
    at,
  };
}

/** The state of the dependents' conda-forge builds in a report (`source: conda-forge` jobs), if it has any. */
function dependentsFact(jobs: unknown): DownstreamFact["dependents"] {
  if (!Array.isArray(jobs)) return undefined;
  const ours = jobs.filter(
    (j): j is { category?: unknown; runs?: unknown } =>
      typeof j === "object" && j !== null && (j as { source?: unknown }).source === "conda-forge",
  );
  if (ours.length === 0) return undefined;
  const candidateResult = (j: { runs?: unknown }): unknown =>
    Array.isArray(j.runs)
      ? (j.runs as { side?: unknown; result?: unknown }[]).find((r) => r.side === "candidate")?.result
      : undefined;
  const green = ours.filter((j) => candidateResult(j) === "test-pass").length;
  const pending = ours.filter((j) => j.category === "pending").length;
  return { total: ours.length, green, pending, failing: ours.length - green - pending };
}
