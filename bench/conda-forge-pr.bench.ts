/**
 * conda-forge PR benchmark: API requests and wall time from a tag to an open feedstock PR (fresh fork, ready after the
 * sandbox's default one read, rc branch, rerender request), excluding the source download, in the sandbox; also a
 * rerun, a final that carries an rc patch, and the cost of waiting for a fork. Goal: at most 15 API requests, no clone. The lead's bench runner calls `runCondaForgePrBenchmark`.
 */
import { performance } from "node:perf_hooks";
import { RecordingLogger } from "../src/core/logger.js";
import { loadConfig } from "../src/config/index.js";
import { createGitHubClient } from "../src/adapters/github/client.js";
import { condaForgePr } from "../src/flows/conda-forge/conda-forge-pr.js";
import { feedstockPrSettingsFrom } from "../src/flows/conda-forge/settings.js";
import { FEEDSTOCK, rcBranchWithPatch, startFeedstockWorld } from "../test/helpers/feedstock-world.js";
import type { FeedstockWorld } from "../test/helpers/feedstock-world.js";

async function run(world: FeedstockWorld, version: string) {
  const config = await loadConfig(world.configPath);
  const env = world.sandbox.env();
  const settings = feedstockPrSettingsFrom(config, { version }, env);
  const gh = createGitHubClient({
    baseUrl: world.sandbox.apiUrl,
    token: "t-release",
    logger: new RecordingLogger(),
    writeIntervalMs: 0,
    retryBaseMs: 5,
  });
  const mark = world.sandbox.requests.length;
  const started = performance.now();
  await condaForgePr(gh, settings, new RecordingLogger(), { dryRun: false, env, forkReadyPollMs: 5 });
  const wall = performance.now() - started;
  const requests = world.sandbox.requests.slice(mark);
  const downloadMs = requests.filter((r) => r.area !== "api").reduce((s, r) => s + r.ms, 0);
  const api = requests.filter((r) => r.area === "api");
  return {
    requests: api.length,
    writes: api.filter((r) => r.write).length,
    clones: requests.filter((r) => r.area === "web" && r.path.includes(".git/")).length,
    wallMs: Math.round(wall - downloadMs),
    feedstockGitWrites: api.filter((r) => r.write && r.path.startsWith(`/repos/${FEEDSTOCK}/git/`)).length,
  };
}

/** API requests of an RC PR from a fresh fork GitHub copies for `polls` reads (fork-ready-after-polls). */
async function rcRequestsWithForkReadyAfter(polls: number): Promise<number> {
  const world = await startFeedstockWorld({ strict: false, forkReadyAfterPolls: polls });
  try {
    return (await run(world, "1.20.0rc1")).requests;
  } finally {
    await world.sandbox.stop();
  }
}

/**
 * Returns the figures: requests, writes and wall ms (download excluded) of an RC PR, a rerun and a final; and the
 * requests of the RC PR when GitHub's fork copy is ready at once and after 3 reads (each read that finds it empty
 * costs one request).
 */
export async function runCondaForgePrBenchmark(): Promise<Record<string, number>> {
  const forkReadyAtOnceRequests = await rcRequestsWithForkReadyAfter(0);
  const forkReadyAfter3Requests = await rcRequestsWithForkReadyAfter(3);
  // strict: false keeps the sandbox's OpenAPI response validation (its own cost) out of the wall time.
  const world = await startFeedstockWorld({ strict: false });
  try {
    const rc = await run(world, "1.20.0rc1");
    const rerun = await run(world, "1.20.0rc1");
    await world.commit(FEEDSTOCK, "rc", rcBranchWithPatch(), "rc1 merged, plus a build fix");
    const final = await run(world, "1.20.0");
    return {
      rcRequests: rc.requests,
      rcWrites: rc.writes,
      rcWallMs: rc.wallMs,
      rcClones: rc.clones,
      rerunRequests: rerun.requests,
      rerunWrites: rerun.writes,
      finalRequests: final.requests,
      finalWrites: final.writes,
      finalWallMs: final.wallMs,
      feedstockGitWrites: rc.feedstockGitWrites + rerun.feedstockGitWrites + final.feedstockGitWrites,
      goalRequests: 15,
      forkReadyAtOnceRequests,
      forkReadyAfter3Requests,
    };
  } finally {
    await world.sandbox.stop();
  }
}
