/**
 * Checks a shard results file before it is merged: the files come from CI artifacts, so a truncated file, one of
 * another tool, or one written by an older release-kit gets one clear line instead of a crash in the report.
 */
import { InputError } from "../errors.js";
import { CATEGORIES, FAILURE_REASONS, SIDE_RESULTS } from "./outcomes.js";
import type { ShardResults } from "./shard-results.js";

/** `value` as ShardResults, or an InputError naming `file` and the first thing wrong. */
export function parseShardResults(value: unknown, file: string): ShardResults {
  const fail = (what: string): never => {
    throw new InputError(
      `${file} is not a downstream shard result (${what}): pass the directories \`release-kit downstream run --out\` wrote`,
    );
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(value)) fail("not a JSON object");
  const shard = value as Record<string, unknown>;
  for (const key of ["shard", "baseline", "candidate"])
    if (typeof shard[key] !== "string") fail(`${key} is not a string`);
  if (shard.source !== undefined && shard.source !== "conda-forge")
    fail(`source ${JSON.stringify(shard.source)} is unknown`);
  if (!Array.isArray(shard.downstreams)) fail("downstreams is not a list");
  (shard.downstreams as unknown[]).forEach((job, i) => {
    if (!isObject(job)) fail(`downstreams[${i}] is not an object`);
    const j = job as Record<string, unknown>;
    if (typeof j.name !== "string" || typeof j.platform !== "string") fail(`downstreams[${i}] has no name or platform`);
    if (!CATEGORIES.includes(j.category as never))
      fail(`downstreams[${i}].category "${String(j.category)}" is unknown`);
    if (!Array.isArray(j.runs)) fail(`downstreams[${i}].runs is not a list`);
    (j.runs as unknown[]).forEach((run, k) => {
      const where = `downstreams[${i}].runs[${k}]`;
      if (!isObject(run)) fail(`${where} is not an object`);
      const r = run as Record<string, unknown>;
      if (r.side !== "baseline" && r.side !== "candidate") fail(`${where}.side is not baseline or candidate`);
      if (!SIDE_RESULTS.includes(r.result as never)) fail(`${where}.result "${String(r.result)}" is unknown`);
      if (typeof r.durationSeconds !== "number" || !Number.isFinite(r.durationSeconds))
        fail(`${where}.durationSeconds is not a number`);
      if (typeof r.log !== "string") fail(`${where}.log is not a string`);
      if (r.reason !== undefined && !FAILURE_REASONS.includes(r.reason as never))
        fail(`${where}.reason ${JSON.stringify(r.reason)} is unknown`);
      // Absent in files of versions before the quoted log line; present, it must be text.
      if (r.reasonLine !== undefined && typeof r.reasonLine !== "string") fail(`${where}.reasonLine is not a string`);
      if (r.cached !== undefined && (!isObject(r.cached) || typeof r.cached.savedAt !== "string"))
        fail(`${where}.cached is not a cache origin`);
    });
  });
  return value as ShardResults;
}
