/**
 * A release flow (the rc cut) under each of GitHub's eight rate-limit shapes, with request counts: a limit that
 * outlasts github.rate-limit-wait-minutes costs at most 2 refused requests and stops in one line naming when it
 * lifts and the command that resumes; the rerun after the reset completes; a limit that fits is waited out and the
 * run completes with one refused request more than without a limit.
 */
import { describe, expect, it } from "vitest";
import { LIMIT_SHAPES, runCutUnderLimit, shapeName } from "../helpers/rate-limit-runs.js";

// Two shapes here (a whole cut under each takes a while on a busy machine): the secondary 429 without retry-after
// (which used to cost 16 requests) and the primary 403 without it (which used to stop with a raw 403).
// test/integration/github-client-rate-limits.test.ts covers all eight per request; bench/rate-limits runs all eight.
const SHAPES = LIMIT_SHAPES.filter(
  (s) => !s.retryAfter && ((s.kind === "secondary" && s.status === 429) || (s.kind === "primary" && s.status === 403)),
);

describe("an rc cut under GitHub's rate limits", () => {
  for (const shape of SHAPES) {
    it(`${shapeName(shape)}: stops in one line when the limit outlasts the budget, resumes, and waits one that fits`, async () => {
      const f = await runCutUnderLimit(shape);
      expect(f.outlastStoppedInOneLine, f.outlastMessage).toBe(true);
      expect(f.outlastMessage).toContain("run `release-kit rc --version 1.20.0` again after");
      expect(f.outlastRefused).toBeGreaterThanOrEqual(1);
      expect(f.outlastRefused).toBeLessThanOrEqual(2);
      expect(f.resumeCompleted).toBe(true);
      expect(f.fitCompleted).toBe(true);
      // A primary limit announces itself (the last served answer says remaining 0), so the client may wait before
      // sending instead of spending a refused request; a secondary one costs exactly one.
      expect(f.fitRefused).toBe(shape.kind === "secondary" ? 1 : f.fitRefused);
      expect(f.fitRefused).toBeLessThanOrEqual(1);
      expect(f.fitRequests).toBe(f.baselineRequests + f.fitRefused);
      expect(f.waitLine).toMatch(
        new RegExp(`GitHub ${shape.kind} rate limit \\(HTTP ${shape.status} to .+\\): waiting`),
      );
    }, 120_000);
  }
});
