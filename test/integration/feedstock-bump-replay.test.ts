/**
 * Replays every real autotick-bot bump of ../shared/fixtures/feedstock-bumps through `conda-forge bump-recipe` and
 * prints one table (identical / same bump lines / refused / different, median time). Skips with a message when the
 * corpus is absent. The thresholds are the "done when": they fail the suite if the recipe bump regresses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusDir, loadCorpus, replayCase, replayTable, startReplayWorld } from "../helpers/feedstock-replay.js";
import type { ReplayResult, ReplayWorld } from "../helpers/feedstock-replay.js";

const cases = loadCorpus();
if (cases.length === 0) {
  console.warn(`feedstock-bump replay skipped: no corpus at ${corpusDir} (see the issue for how it is built)`);
}

describe.skipIf(cases.length === 0)("replay of the conda-forge bot's bumps", () => {
  let world: ReplayWorld;
  const results: ReplayResult[] = [];

  beforeAll(async () => {
    world = await startReplayWorld(cases);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("matches the bot on the bump lines of every case and refuses only with one line", async () => {
    for (const c of cases) results.push(await replayCase(c, world));
    console.log(replayTable(results));
    // A build number reset where the bot kept it counts against: release-kit resets exactly what the bot resets.
    const good = results.filter((r) => ["identical", "same-bump-lines"].includes(r.outcome.kind)).length;
    const different = results.filter((r) => r.outcome.kind === "different").map((r) => r.case.id);
    expect(different).toEqual([]);
    for (const r of results) {
      if (r.outcome.kind === "refused") expect(r.outcome.message.split("\n")).toHaveLength(1);
    }
    expect(good / results.length).toBeGreaterThanOrEqual(0.99);
    // The replay went through the package index: the renamed sdists were found there, not guessed.
    expect(world.requests.some((r) => r.includes("/pypi-index/pypi/"))).toBe(true);
  });
});
