/**
 * The feedstock flow against forks as GitHub makes them: a fork GitHub copies for a while (the flow waits with
 * bounded polling and says so), a fork its owner renamed (found, reused, never forked again), and a name the owner
 * already uses for another repository (GitHub's `<name>-1` fork, used by its real name everywhere).
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  FEEDSTOCK,
  FORK,
  feedstockSnapshot,
  startFeedstockWorld,
  type FeedstockWorld,
} from "../helpers/feedstock-world.js";

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const branch = "release-kit/widget-1.20.0rc1";

/** The API requests of a run, from a mark in the sandbox's log. */
function requestsSince(w: FeedstockWorld, mark: number) {
  return w.sandbox.requests.slice(mark).filter((r) => r.area === "api");
}

function openPulls(w: FeedstockWorld) {
  return w.sandbox.state.data.issues.filter((i) => i.repo === FEEDSTOCK && i.pull && i.state === "open");
}

describe("release-kit conda-forge pr: forks as GitHub makes them", () => {
  it("waits for a fork GitHub copies for 4 reads, printing each wait, and costs exactly those 4 reads more", async () => {
    // The same run against a fork ready at once, for the request count.
    world = await startFeedstockWorld({ forkReadyAfterPolls: 0 });
    const quick = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(quick.code, quick.stderr).toBe(0);
    const quickRequests = requestsSince(world, 0).length;
    await world.sandbox.stop();

    world = await startFeedstockWorld({ forkReadyAfterPolls: 4 });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code, r.stderr).toBe(0);
    const forkReads = requestsSince(world, 0).filter((q) =>
      q.path.startsWith(`/repos/${FORK}/git/matching-refs/heads`),
    );
    expect(forkReads.map((q) => q.status)).toEqual([409, 409, 409, 409, 200]);
    expect(requestsSince(world, 0).length).toBe(quickRequests + 4);
    const output = r.stdout + r.stderr;
    for (const n of [1, 2, 3, 4])
      expect(output).toContain(`GitHub is still copying the fork ${FORK}: read ${n} of 10, next in ${5 * n} ms`);
    expect(openPulls(world).map((p) => p.pull!.headRepo)).toEqual([FORK]);
    expect(world.sandbox.violations).toEqual([]);
  });

  it("gives up after 10 reads with one line saying to rerun, and the rerun finishes the PR", async () => {
    world = await startFeedstockWorld({ forkReadyAfterPolls: 12 });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `GitHub has not finished copying the fork ${FORK} after 10 reads; rerun in a few minutes`,
    );
    expect(openPulls(world)).toEqual([]);
    // The rerun finds the fork (still copying for 2 more reads), waits, and goes on without forking again.
    const mark = world.sandbox.requests.length;
    const again = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(again.code, again.stderr).toBe(0);
    expect(requestsSince(world, mark).filter((q) => q.path.endsWith("/forks") && q.method === "POST")).toEqual([]);
    expect(openPulls(world).map((p) => p.pull!.headRepo)).toEqual([FORK]);
  });

  it("uses the owner's renamed fork: no new fork, the branch and PR come from it, a rerun writes nothing", async () => {
    const renamed = "release-bot/widget-feedstock-old";
    world = await startFeedstockWorld({ extraRepos: [{ name: renamed, "fork-of": FEEDSTOCK }] });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ fork: renamed, branch });
    expect(world.sandbox.state.repo(FORK)).toBeUndefined();
    expect(requestsSince(world, 0).filter((q) => q.method === "POST" && q.path.endsWith("/forks"))).toEqual([]);
    expect(await world.sandbox.git.readRef(renamed, `refs/heads/${branch}`)).toMatch(/^[0-9a-f]{40}$/);
    expect(openPulls(world).map((p) => p.pull!.headRepo)).toEqual([renamed]);

    const before = await feedstockSnapshot(world.sandbox, FEEDSTOCK, renamed);
    const mark = world.sandbox.requests.length;
    const again = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(again.code, again.stderr).toBe(0);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    expect(await feedstockSnapshot(world.sandbox, FEEDSTOCK, renamed)).toEqual(before);
  });

  it("works from GitHub's widget-feedstock-1 fork when the owner has another widget-feedstock, and finds it on a rerun", async () => {
    world = await startFeedstockWorld({
      extraRepos: [{ name: FORK, files: { "README.md": "the bot's own project, not a fork\n" } }],
    });
    const dry = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`fork ${FEEDSTOCK} to ${FORK}-1`);

    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const fork = `${FORK}-1`;
    expect(JSON.parse(r.stdout)).toMatchObject({ fork, branch });
    expect(world.sandbox.state.repo(fork)).toMatchObject({ fork: true, parent: FEEDSTOCK });
    expect(await world.sandbox.git.readRef(FORK, `refs/heads/${branch}`)).toBeUndefined();
    expect(openPulls(world).map((p) => p.pull!.headRepo)).toEqual([fork]);

    const mark = world.sandbox.requests.length;
    const again = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(again.code, again.stderr).toBe(0);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    // Found through the list of the feedstock's forks, after the usual name answered another repository.
    expect(requestsSince(world, mark).some((q) => q.path === `/repos/${FEEDSTOCK}/forks`)).toBe(true);
  });
});

describe("release-kit conda-forge pr: syncing the fork's base branch (merge-upstream)", () => {
  type Step = { id: string; outcome: string; detail: string };
  it.each([
    {
      name: "fast-forwards a fork that is only behind",
      fork: null,
      feedstock: { "README.md": "About widget-feedstock, updated\n" },
      step: { outcome: "done", detail: `${FORK}:rc fast-forwarded to ${FEEDSTOCK}:rc` },
    },
    {
      name: "merges the feedstock into a fork with commits of its own and goes on",
      fork: { "FORK-NOTES.md": "the bot's own notes\n" },
      feedstock: { "README.md": "About widget-feedstock, updated\n" },
      step: { outcome: "done", detail: `${FORK}:rc had commits of its own: merged ${FEEDSTOCK}:rc into it` },
    },
    {
      name: "takes nothing from a feedstock the fork is already ahead of",
      fork: { "FORK-NOTES.md": "the bot's own notes\n" },
      feedstock: null,
      step: { outcome: "already done", detail: `${FORK}:rc already holds ${FEEDSTOCK}:rc` },
    },
  ])("$name", async ({ fork, feedstock, step }) => {
    world = await startFeedstockWorld({ extraRepos: [{ name: FORK, "fork-of": FEEDSTOCK }] });
    if (fork) await world.commit(FORK, "rc", fork, "The fork's own commit");
    if (feedstock) await world.commit(FEEDSTOCK, "rc", feedstock, "A maintainer's commit");
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const steps = (JSON.parse(r.stdout) as { steps: Step[] }).steps;
    expect(steps.find((s) => s.id === "sync")).toEqual({ id: "sync", ...step });
    const syncs = world.sandbox.requests.filter((q) => q.path === `/repos/${FORK}/merge-upstream`);
    expect(syncs.map((q) => q.status)).toEqual([200]);
    // The PR branch is one commit on the feedstock's rc head, whatever the fork's rc holds.
    const prHead = (await world.sandbox.git.readRef(FORK, `refs/heads/${branch}`))!;
    const rcHead = (await world.sandbox.git.readRef(FEEDSTOCK, "refs/heads/rc"))!;
    expect((await world.sandbox.git.readCommit(FORK, prHead)).parents).toEqual([rcHead]);
    expect(openPulls(world).map((p) => p.pull!.headRef)).toEqual([branch]);
  });

  it("stops before the commit with one line when the fork's changes conflict with the feedstock's", async () => {
    world = await startFeedstockWorld({ extraRepos: [{ name: FORK, "fork-of": FEEDSTOCK }] });
    await world.commit(FORK, "rc", { "README.md": "The bot's README\n" }, "The fork's own commit");
    await world.commit(FEEDSTOCK, "rc", { "README.md": "The maintainers' README\n" }, "A maintainer's commit");
    const forkRc = await world.sandbox.git.readRef(FORK, "refs/heads/rc");
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `${FORK}:rc has commits that conflict with ${FEEDSTOCK}:rc ("There are merge conflicts"), so it cannot be synced; reset it to the feedstock's rc (or delete the fork) and rerun`,
    );
    expect(await world.sandbox.git.readRef(FORK, "refs/heads/rc")).toBe(forkRc);
    expect(await world.sandbox.git.readRef(FORK, `refs/heads/${branch}`)).toBeUndefined();
    expect(openPulls(world)).toEqual([]);
  });
});
