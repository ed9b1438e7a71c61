/**
 * A flow that hits a protected branch says in one line what to do: the cut's version commit on a release branch
 * that a protection rule covers is refused by GitHub (422 "Changes must be made through a pull request."), and the
 * GitHub client's refusal mapping names the bypass list and the pull-request route instead of a bare HTTP error.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

describe("a protected release branch", () => {
  it("stops the cut with one line naming the bypass list and the PR route, and leaves the branch as it was", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const { sandbox } = world;
    // A maintainer protects the release branches after rc1.
    sandbox.state.repo("acme/widget")!.protectedBranches = [
      { pattern: "rel-*", blockCreations: false, requiredChecks: [] },
    ];
    const head = await sandbox.git.readRef("acme/widget", "refs/heads/rel-1.20.0");
    const r = await world.cli(["rc", "--version", "1.20.0", "--run-id", "2", "--next"]);
    expect(r.code).toBe(1);
    // The cut's pre-flight reads the protection now, so it stops before any write, with the same two ways out.
    expect(r.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l))).toEqual([
      `release-kit: pre-flight failed, nothing was written: branch protection: rel-1.20.0 is protected, so GitHub would refuse the version commit ("Changes must be made through a pull request."): rerun with --via-pr (or set rc.via: pull-request in release-kit.yml) to bring the bump through a pull request, or use a token allowed to bypass the branch's protection`,
    ]);
    expect(await sandbox.git.readRef("acme/widget", "refs/heads/rel-1.20.0")).toBe(head);
    expect(sandbox.state.data.releases.map((x) => x.tagName)).toEqual(["v1.20.0rc1"]);
  });
});
