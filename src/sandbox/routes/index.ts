/** Every route of the sandbox's REST API. */
import type { Route } from "../router.js";
import { gitDataRoutes } from "./git-data.js";
import { repoRoutes } from "./repos.js";
import { issueRoutes } from "./issues.js";
import { labelRoutes } from "./labels.js";
import { pullRoutes } from "./pulls.js";
import { pullMergeRoutes } from "./pull-merge.js";
import { releaseRoutes } from "./releases.js";
import { commitRoutes } from "./commits.js";
import { branchRoutes } from "./branches.js";
import { rateLimitRoutes } from "./rate-limit.js";
import { checkRoutes } from "./checks.js";
import { actionRoutes } from "./actions.js";

/** All routes, in no particular order (the router prefers the most literal template). */
export const allRoutes: Route[] = [
  ...repoRoutes,
  ...gitDataRoutes,
  ...issueRoutes,
  ...labelRoutes,
  ...pullRoutes,
  ...pullMergeRoutes,
  ...releaseRoutes,
  ...commitRoutes,
  ...branchRoutes,
  ...rateLimitRoutes,
  ...checkRoutes,
  ...actionRoutes,
];
