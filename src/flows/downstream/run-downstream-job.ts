import { compareSides } from "../../core/downstream/compare-sides.js";
import { measureFlakeRate } from "../../core/downstream/measure-flake-rate.js";
import type { DownstreamRun, Side } from "../../core/downstream/outcomes.js";
import { planNextRun } from "../../core/downstream/plan-next-run.js";
import type { DownstreamJobResult } from "../../core/downstream/shard-results.js";
import type { Logger } from "../../core/logger.js";
import { dispatchSide, type DispatchContext } from "./dispatch-side.js";
import { runSide } from "./run-side.js";
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
  for (;;) {
    const side = planNextRun(runs, { retries: ctx.retries, calibrate: ctx.calibrate });
    if (side === undefined || ctx.signal?.aborted) break;
    const attempt = runs.filter((r) => r.side === side).length + 1;
    const artifact = ctx[side].artifact !== undefined ? { artifact: ctx[side].artifact } : {};
    const signal = ctx.signal ? { signal: ctx.signal } : {};
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
        : await runSide(entry, {
            outDir: ctx.outDir,
            workDir: ctx.workDir,
            platform,
            side,
            version: ctx[side].version,
            ...artifact,
            attempt,
            env: ctx.env,
            ...signal,
          });
    ctx.logger.info(
      `${entry.name}@${platform}: ${side} #${attempt} ${run.result}${run.reason ? ` (${run.reason})` : ""} in ${run.durationSeconds} s${run.reasonLine ? `: ${run.reasonLine}` : ""}`,
    );
    runs.push(run);
  }
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

function requireDispatch(dispatch: DispatchContext | undefined): DispatchContext {
  // runShard checks this before any run; reaching here is a bug in the caller.
  if (dispatch === undefined) throw new Error("a mode: dispatch downstream needs JobRunContext.dispatch");
  return dispatch;
}
