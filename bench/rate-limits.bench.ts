/**
 * Rate-limit benchmark: what each of GitHub's eight rate-limit shapes (primary/secondary x 403/429 x with/without
 * retry-after) costs an rc cut of the demo project in requests, when the limit outlasts github.rate-limit-wait-minutes
 * (goal: at most 2 refused requests, then a one-line stop) and when it fits (goal: the run completes). Before the
 * single retry chain, a secondary-limit 429 cost 16 requests and a primary limit stopped with a raw 403.
 */
import { LIMIT_SHAPES, runCutUnderLimit, shapeName } from "../test/helpers/rate-limit-runs.js";

/** Figures per shape. */
export async function runRateLimitsBenchmark(): Promise<Record<string, number>> {
  const figures: Record<string, number> = { "rate_limits.goal_outlast_requests": 2 };
  for (const shape of LIMIT_SHAPES) {
    const f = await runCutUnderLimit(shape);
    const key = `rate_limits.${shapeName(shape)}`;
    figures[`${key}.outlast_requests`] = f.outlastRefused;
    figures[`${key}.outlast_one_line`] = f.outlastStoppedInOneLine ? 1 : 0;
    figures[`${key}.resume_completed`] = f.resumeCompleted ? 1 : 0;
    figures[`${key}.fit_refused_requests`] = f.fitRefused;
    figures[`${key}.fit_extra_requests`] = f.fitRequests - f.baselineRequests;
    figures[`${key}.fit_completed`] = f.fitCompleted ? 1 : 0;
  }
  return figures;
}
