/**
 * Runs one downstream job (a downstream on one platform): its baseline and candidate sides, locally or by dispatch,
 * as many times as the retry policy asks (a cached baseline reused where its key matches), then classifies the job.
 */
import { join, relative } from "node:path";
import {
  baselineKeyFields,
  cachedBaselineContradicted,
  reusableBaselineRun,
  type BaselineKeyFields,
  type RunnerImage,
} from "../../core/downstream/baseline-cache-key.js";
import { compareSides } from "../../core/downstream/compare-sides.js";
import { measureFlakeRate } from "../../core/downstream/measure-flake-rate.js";
import type { DownstreamRun, Side } from "../../core/downstream/outcomes.js";
import { openingRuns, planNextRun } from "../../core/downstream/plan-next-run.js";
import { sideFinishedLine, sideStartedLine, type SideRunLabel } from "../../core/downstream/side-progress.js";
import type { DownstreamJobResult } from "../../core/downstream/shard-results.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { BaselineCache } from "./baseline-cache.js";
import { dispatchSide, type DispatchContext } from "./dispatch-side.js";
import { resolveDownstreamCommit } from "./resolve-downstream-commit.js";
import { runSide, sideLogFile } from "./run-side.js";
import { RunSlots } from "./run-slots.js";
import type { DownstreamEntry } from "./settings.js";

/** The versions compared and how to run them. */
export interface JobRunContext {
  readonly outDir: string;
  readonly workDir: string;
  readonly baseline: ComparedSide;
  readonly candidate: ComparedSide;
  readonly retries: number;
  readonly calibrate: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** GitHub access and timing for `mode: dispatch` entries. */
  readonly dispatch?: DispatchContext;
  /** Reusable baseline results and the machine they are keyed by (`--baseline-cache`). */
  readonly baselineCache?: { readonly cache: BaselineCache; readonly image: RunnerImage };
  /** The shard's run slots, shared by every job: each local run of a side holds one. Absent: one run at a time. */
  readonly slots?: RunSlots;
  /** How often a running step says it still runs (default 30 s). */
  readonly heartbeatMs?: number;
}

/** One compared version: its text, its tag (for dispatch inputs; defaults to the version) and artifact. */
export interface ComparedSide {
  readonly version: string;
  readonly tag?: string;
  readonly artifact?: string;
}

/** Runs one downstream on one platform until the retry policy is satisfied, then compares the sides. */
export async function runDownstreamJob(
  entry: DownstreamEntry,
  platform: string,
  ctx: JobRunContext,
): Promise<DownstreamJobResult> {
  const quiet = entry.quiet !== undefined ? { quiet: entry.quiet } : {};
  if (entry.skip !== undefined) {
    const skipped = (side: Side): DownstreamRun => ({
      side,
      version: ctx[side].version,
      attempt: 1,
      result: "skipped",
      detail: entry.skip,
      log: "",
      durationSeconds: 0,
    });
    return {
      name: entry.name,
      platform,
      category: "skipped",
      ...quiet,
      runs: [skipped("baseline"), skipped("candidate")],
    };
  }
  const runs: DownstreamRun[] = [];
  const reuse = await reuseBaseline(entry, platform, ctx);
  if (reuse?.hit) runs.push(reuse.hit);
  const runEntry = reuse ? { ...entry, ref: reuse.commit } : entry;
  // Without the shard's slots (a job run on its own), one side at a time.
  const slots = ctx.slots ?? new RunSlots(1);
  const one = async (side: Side, attempt: number): Promise<DownstreamRun> => {
    const artifact = ctx[side].artifact !== undefined ? { artifact: ctx[side].artifact } : {};
    const signal = ctx.signal ? { signal: ctx.signal } : {};
    const label: SideRunLabel = { name: entry.name, platform, side, version: ctx[side].version, attempt };
    const run =
      entry.mode === "dispatch"
        ? await dispatchSide(
            entry,
            {
              outDir: ctx.outDir,
              platform,
              side,
              version: ctx[side].version,
              tag: ctx[side].tag ?? ctx[side].version,
              attempt,
              ...artifact,
              ...signal,
            },
            requireDispatch(ctx.dispatch),
          )
        : await slots.with(() => {
            ctx.logger.info(sideStartedLine(label));
            return runSide(runEntry, {
              outDir: ctx.outDir,
              workDir: ctx.workDir,
              platform,
              side,
              version: ctx[side].version,
              ...artifact,
              attempt,
              env: ctx.env,
              ...signal,
              progress: {
                logger: ctx.logger,
                label,
                ...(ctx.heartbeatMs !== undefined ? { heartbeatMs: ctx.heartbeatMs } : {}),
              },
            });
          });
    ctx.logger.info(sideFinishedLine(label, run));
    return run;
  };
  // The first baseline and candidate run side by side (each in a slot of its own). A dispatched workflow's two sides
  // still go one after the other: without a correlation id, the run of a dispatch is told apart from the other
  // side's only by being the one new run.
  const opening = entry.mode === "dispatch" ? [] : openingRuns(runs);
  if (opening.length > 0 && !ctx.signal?.aborted)
    runs.push(...(await Promise.all(opening.map((side) => one(side, 1)))));
  for (;;) {
    const side = planNextRun(runs, { retries: ctx.retries, calibrate: ctx.calibrate });
    if (side === undefined || ctx.signal?.aborted) break;
    runs.push(await one(side, runs.filter((r) => r.side === side).length + 1));
  }
  if (reuse && !ctx.signal?.aborted) await keepBaseline(reuse, runs, ctx);
  const category = compareSides(runs);
  return {
    name: entry.name,
    platform,
    category,
    ...quiet,
    ...(ctx.calibrate ? { flakeRate: measureFlakeRate(runs) } : {}),
    runs,
  };
}

/** The cache key of a job and the baseline found under it. */
interface BaselineReuse {
  readonly commit: string;
  readonly fields: BaselineKeyFields;
  readonly hit?: DownstreamRun;
}

/**
 * Looks the job's baseline up in the cache. Only `mode: run` jobs of a comparison use it (a dispatched workflow's
 * result is another repository's to keep; a calibration measures the baseline itself). Undefined: no cache, or the
 * downstream's commit cannot be resolved, and the job runs as without one.
 */
async function reuseBaseline(
  entry: DownstreamEntry,
  platform: string,
  ctx: JobRunContext,
): Promise<BaselineReuse | undefined> {
  if (ctx.baselineCache === undefined || entry.mode === "dispatch" || ctx.calibrate) return undefined;
  const commit = await resolveDownstreamCommit(entry.repo, entry.ref, ctx.env, ctx.signal);
  if (commit === undefined) {
    ctx.logger.warning(
      `${entry.name}@${platform}: cannot resolve ${entry.ref ?? "HEAD"} of ${entry.repo} to a commit; running the baseline without the cache`,
    );
    return undefined;
  }
  const fields = baselineKeyFields(entry, commit, ctx.baseline, { ...ctx.baselineCache.image, platform });
  const logFile = sideLogFile(ctx.outDir, entry.name, platform, "baseline", 1);
  const hit = await ctx.baselineCache.cache.lookup(fields, logFile, relative(ctx.outDir, logFile));
  if (hit?.cached) {
    ctx.logger.info(
      `${entry.name}@${platform}: baseline ${hit.result} reused from the cache (run ${hit.cached.savedAt} for ${hit.cached.candidate} at ${commit.slice(0, 12)})`,
    );
  }
  return { commit, fields, ...(hit ? { hit } : {}) };
}

/** Stores a fresh baseline result for the next candidate, or drops a cached one that a live re-run contradicted. */
async function keepBaseline(reuse: BaselineReuse, runs: readonly DownstreamRun[], ctx: JobRunContext): Promise<void> {
  const cache = ctx.baselineCache?.cache;
  if (cache === undefined) return;
  try {
    if (cachedBaselineContradicted(runs)) {
      await cache.drop(reuse.fields);
      return;
    }
    const run = reuse.hit ? undefined : reusableBaselineRun(runs);
    if (run === undefined) return;
    await cache.store(reuse.fields, run, join(ctx.outDir, run.log), {
      savedAt: new Date().toISOString(),
      candidate: ctx.candidate.version,
      commit: reuse.commit,
    });
  } catch (error) {
    // The cache only saves time: failing to keep an entry must not fail the job.
    ctx.logger.warning(`baseline cache ${cache.dir}: ${errorMessage(error)}`);
  }
}

function requireDispatch(dispatch: DispatchContext | undefined): DispatchContext {
  // runShard checks this before any run; reaching here is a bug in the caller.
  if (dispatch === undefined) throw new Error("a mode: dispatch downstream needs JobRunContext.dispatch");
  return dispatch;
}
