/**
 * Ticks from facts read after the release moved on (a sync that runs only at the end, as the demo's does): a
 * candidate's feedstock PR that release-kit closed as superseded was still opened, and a tagged candidate proves the
 * version bump although the branch now names the final.
 */
import { describe, expect, it } from "vitest";
import type { ChecklistSettings } from "../../src/core/checklist/checklist-settings.js";
import type { PullFact, ReleaseFacts } from "../../src/core/checklist/release-facts.js";
import { ticksFromFacts } from "../../src/core/checklist/ticks-from-facts.js";

const settings = { version: "1.20.0", partners: [], repo: "acme/widget" } as unknown as ChecklistSettings;

const pull = (over: Partial<PullFact>): PullFact => ({
  number: 1,
  url: "https://github.com/conda-forge/widget-feedstock/pull/1",
  state: "open",
  merged: false,
  createdAt: "2026-11-01T12:00:00Z",
  headSha: "a".repeat(40),
  headRef: "release-kit/widget-1.20.0rc1",
  base: "rc",
  ...over,
});

const tick = (facts: ReleaseFacts, key: string) => ticksFromFacts(facts, settings).find((t) => t.key === key);

describe("ticks read after the release moved on", () => {
  it("ticks the candidate's feedstock PR whether it is open, merged, or closed once a later PR superseded it", () => {
    expect(tick({ feedstock: { rc: pull({}) } }, "feedstock-rc-pr-opened")?.note).toBe("#1");
    expect(tick({ feedstock: { rc: pull({ state: "closed", merged: true }) } }, "feedstock-rc-pr-opened")?.note).toBe(
      "#1",
    );
    expect(tick({ feedstock: { rc: pull({ state: "closed" }) } }, "feedstock-rc-pr-opened")?.note).toBe("#1 (closed)");
    expect(tick({ feedstock: {} }, "feedstock-rc-pr-opened")).toBeUndefined();
  });

  it("ticks the version bump from the branch's files, else from the latest candidate's tag", () => {
    expect(tick({ bumpedTo: "1.20.0rc2" }, "version-bumped")?.note).toBe("1.20.0rc2");
    const tagged: ReleaseFacts = {
      tags: {
        rcs: [
          { tag: "v1.20.0rc1", version: "1.20.0rc1", rc: 1 },
          { tag: "v1.20.0rc2", version: "1.20.0rc2", rc: 2 },
        ],
        final: "v1.20.0",
      },
    };
    expect(tick(tagged, "version-bumped")?.note).toBe("1.20.0rc2");
    expect(tick({}, "version-bumped")).toBeUndefined();
  });
});
