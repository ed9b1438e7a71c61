/**
 * The cut against a draft release already waiting for its tag (ONNX's release docs have the manager "Save Draft"
 * before the final): GitHub hides drafts from releases/tags/{tag} and releases/latest, so the cut must find the
 * draft in the list, publish it when it points at the release branch, refuse in one line naming it otherwise, and
 * never report a release done that is still a draft.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const widget = { owner: "acme", repo: "widget" };

describe("release-kit final with a draft release in place", () => {
  it("publishes the waiting draft, keeps its notes, and releases/latest names it", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const gh = world.client();
    const draft = await gh.rest.repos.createRelease({
      ...widget,
      tag_name: "v1.20.0",
      target_commitish: "rel-1.20.0",
      name: "v1.20.0",
      body: "Highlights written by the release manager",
      draft: true,
    });

    const r = await world.cli(["final", "--version", "1.20.0"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/published the draft release that was waiting for v1\.20\.0 on rel-1\.20\.0/);
    expect(r.stdout).not.toMatch(/concurrent run/);

    const releases = world.sandbox.state.data.releases.filter((x) => x.tagName === "v1.20.0");
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({
      id: draft.data.id,
      draft: false,
      prerelease: false,
      targetCommitish: "rel-1.20.0",
      body: "Highlights written by the release manager",
    });
    const latest = await gh.rest.repos.getLatestRelease(widget);
    expect(latest.data).toMatchObject({ id: draft.data.id, tag_name: "v1.20.0", draft: false });
    const tagCommit = await world.sandbox.git.resolveCommit("acme/widget", "refs/tags/v1.20.0");
    expect(tagCommit).toBe(await world.sandbox.git.resolveCommit("acme/widget", "rel-1.20.0"));
    expect(world.sandbox.violations).toEqual([]);

    // A rerun finds the release published and writes nothing.
    const mark = world.sandbox.requests.length;
    const again = await world.cli(["final", "--version", "1.20.0"]);
    expect(again.code, again.stderr).toBe(0);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
  });

  it("refuses a draft that targets another branch in one line naming it, before any write", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const draft = await world.client().rest.repos.createRelease({
      ...widget,
      tag_name: "v1.20.0",
      target_commitish: "main",
      draft: true,
    });
    const mark = world.sandbox.requests.length;
    const r = await world.cli(["final", "--version", "1.20.0"]);
    expect(r.code).toBe(1);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => /^release-kit: (?!warning:)/.test(l));
    expect(lines).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(lines[0]).toContain(draft.data.html_url);
    expect(lines[0]).toMatch(/a draft release for v1\.20\.0 .* targets main .* set its target to rel-1\.20\.0/);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    expect(world.sandbox.state.data.releases.find((x) => x.id === draft.data.id)).toMatchObject({ draft: true });
  });

  it("creates a candidate's release with target_commitish set to the release branch", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const rc = world.sandbox.state.data.releases.find((x) => x.tagName === "v1.20.0rc1");
    expect(rc).toMatchObject({ targetCommitish: "rel-1.20.0", draft: false, prerelease: true });
  });
});
