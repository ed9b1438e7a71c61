/**
 * Checklist sync benchmark: requests of a sync with nothing to change (goal: one conditional read, zero writes).
 * Three cases on a sandboxed release: mid-release (rc1 out, feedstock PR open, a partner issue), from a fresh process
 * (no memory but the issue's) and from the same process (the issue list's ETag kept); and a settled release (final
 * published, feedstock final PR merged, partner issue closed, lessons PR merged), where every fact is remembered.
 */
import { RecordingLogger } from "../src/core/logger.js";
import type { ChecklistReadCache } from "../src/flows/checklist/find-checklist-issue.js";
import { syncChecklist } from "../src/flows/checklist/sync-checklist.js";
import {
  cutRc1,
  greenCi,
  notifyPartner,
  openFeedstockPr,
  startChecklistWorld,
  type ChecklistWorld,
} from "../test/integration/checklist-world.js";

async function measure(world: ChecklistWorld, cache?: ChecklistReadCache) {
  const mark = world.sandbox.requests.length;
  const started = performance.now();
  const result = await syncChecklist(world.client(), await world.settings(), new RecordingLogger(), {
    dryRun: false,
    ...(cache ? { cache } : {}),
  });
  const ms = performance.now() - started;
  const requests = world.sandbox.requests.slice(mark);
  const api = requests.filter((q) => q.area === "api");
  return {
    changed: result.plan.changed ? 1 : 0,
    requests: requests.length,
    api: api.length,
    notModified: requests.filter((q) => q.status === 304).length,
    index: requests.filter((q) => q.area === "index").length,
    writes: requests.filter((q) => q.write).length,
    ms: Math.round(ms),
  };
}

/** Figures of a no-op sync. */
export async function runChecklistSyncBenchmark(): Promise<Record<string, number>> {
  const figures: Record<string, number> = { "checklist_sync.goal_requests": 1, "checklist_sync.goal_writes": 0 };
  const put = (prefix: string, m: Awaited<ReturnType<typeof measure>>) => {
    for (const [k, v] of Object.entries(m)) figures[`checklist_sync.${prefix}.${k}`] = v;
  };
  const world = await startChecklistWorld();
  try {
    const open = await world.cli(["checklist", "open", "--version", "1.20.0"]);
    if (open.code !== 0) throw new Error(open.stderr);
    await cutRc1(world);
    world.publish("1.20.0rc1", "widget-1.20.0rc1.tar.gz");
    const pr = await openFeedstockPr(world);
    await notifyPartner(world);
    await measure(world); // the sync that writes
    put("mid_release_fresh_process", await measure(world));
    const cache: ChecklistReadCache = {};
    await measure(world, cache);
    put("mid_release_same_process", await measure(world, cache));

    // Settle everything: CI green, final cut and published, PRs merged, the partner's issue closed.
    await greenCi(world, pr);
    const final = await world.cli(["final", "--version", "1.20.0"]);
    if (final.code !== 0) throw new Error(final.stderr);
    world.publish("1.20.0", "widget-1.20.0.tar.gz");
    const finalPr = await openFeedstockPr(world, "1.20.0", "main");
    const lessons = await world.cli(["lessons", "collect", "--version", "1.20.0"]);
    if (lessons.code !== 0) throw new Error(lessons.stderr);
    for (const record of world.sandbox.state.data.issues) {
      const settled =
        (record.repo === "conda-forge/widget-feedstock" && record.number === finalPr) ||
        record.pull?.headRef === "release-kit/lessons-1.20.0";
      if (settled && record.pull) {
        record.pull.merged = true;
        record.pull.mergedAt = "2026-11-01T12:00:00Z";
        record.state = "closed";
        record.closedAt = "2026-11-01T12:00:00Z";
      }
    }
    await world.client().rest.issues.update({ owner: "partner", repo: "app", issue_number: 1, state: "closed" });
    await measure(world); // records the settled facts
    put("settled_fresh_process", await measure(world));
    const settledCache: ChecklistReadCache = {};
    await measure(world, settledCache);
    put("settled_same_process", await measure(world, settledCache));
    figures["checklist_sync.violations"] = world.sandbox.violations.length;
  } finally {
    await world.stop();
  }
  return figures;
}
