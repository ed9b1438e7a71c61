/**
 * GET /rate_limit: the caller's quotas, which GitHub neither counts nor refuses while a limit is in force.
 * https://docs.github.com/rest/rate-limit/rate-limit
 */
import type { Route } from "../router.js";

/** Rate-limit routes. */
export const rateLimitRoutes: Route[] = [
  {
    method: "GET",
    template: "/rate_limit",
    handler(ctx) {
      return { status: 200, body: ctx.rateLimitOverview() };
    },
  },
];
