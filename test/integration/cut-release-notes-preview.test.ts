/**
 * `rc --dry-run` and `final --dry-run` show the release notes GitHub will write: the dry run asks GitHub's
 * generate-notes (which stores nothing) for the tag, the commit and the previous final's tag, prints the body, and
 * the real cut then publishes exactly that body.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const repo = { owner: "acme", repo: "widget" };

/** A pull request merged into main after v1.19.0 (main fast-forwarded to it), with the build check green on it. */
async function mergePull(w: WidgetWorld, branch: string, title: string): Promise<string> {
  const gh = w.client();
  const head = (await gh.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
  const parent = await gh.rest.git.getCommit({ ...repo, commit_sha: head });
  const tree = await gh.rest.git.createTree({
    ...repo,
    base_tree: parent.data.tree.sha,
    tree: [{ path: `${branch}.txt`, mode: "100644", type: "blob", content: `${title}\n` }],
  });
  const commit = await gh.rest.git.createCommit({ ...repo, message: title, tree: tree.data.sha, parents: [head] });
  await gh.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  const pull = await gh.rest.pulls.create({ ...repo, title, head: branch, base: "main" });
  await gh.rest.git.updateRef({ ...repo, ref: "heads/main", sha: commit.data.sha });
  await gh.rest.checks.create({
    ...repo,
    name: "build",
    head_sha: commit.data.sha,
    status: "completed",
    conclusion: "success",
  });
  return pull.data.html_url;
}

interface Preview {
  tagName: string;
  targetCommitish: string;
  previousTagName: string | null;
  body: string;
}

describe("the cut's dry run previews the generated release notes", () => {
  it("rc --dry-run prints what GitHub will write, writes nothing, and the cut publishes that body", async () => {
    world = await startWidgetWorld();
    const pullUrl = await mergePull(world, "add-flag", "Add a --fast flag");
    const mainHead = (await world.sandbox.git.readRef("acme/widget", "refs/heads/main"))!;

    const mark = world.sandbox.requests.length;
    const dry = await world.cli(["rc", "--version", "1.20.0", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(world.sandbox.requests.slice(mark).filter((q) => q.write)).toEqual([]);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    const calls = world.sandbox.requests.slice(mark).filter((q) => q.route.endsWith("/releases/generate-notes"));
    expect(calls.map((q) => q.status)).toEqual([200]);
    expect(dry.stdout).toContain(
      `Release notes GitHub will write (generate-notes for v1.20.0rc1 at ${mainHead.slice(0, 7)}, since v1.19.0):`,
    );
    expect(dry.stdout).toContain(`  | * Add a --fast flag by @release-bot in ${pullUrl}`);
    expect(dry.stdout).toContain("  | **Full Changelog**: ");

    const json = await world.cli(["rc", "--version", "1.20.0", "--dry-run", "--json"]);
    const preview = (JSON.parse(json.stdout) as { notesPreview: Preview }).notesPreview;
    expect(preview).toMatchObject({ tagName: "v1.20.0rc1", targetCommitish: mainHead, previousTagName: "v1.19.0" });
    expect(preview.body).toContain("## What's Changed");
    expect(preview.body).toContain("/compare/v1.19.0...v1.20.0rc1");

    const cut = await world.cli(["rc", "--version", "1.20.0"]);
    expect(cut.code, cut.stderr).toBe(0);
    const release = world.sandbox.state.data.releases.find((r) => r.tagName === "v1.20.0rc1");
    expect(release?.body).toBe(preview.body);
  });

  it("final --dry-run previews the final's notes since the previous final, and a done release previews nothing", async () => {
    world = await startWidgetWorld();
    const pullUrl = await mergePull(world, "fix-parser", "Fix the parser");
    expect((await world.cli(["rc", "--version", "1.20.0"])).code).toBe(0);

    const dry = await world.cli(["final", "--version", "1.20.0", "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    const preview = (JSON.parse(dry.stdout) as { notesPreview: Preview }).notesPreview;
    expect(preview).toMatchObject({ tagName: "v1.20.0", previousTagName: "v1.19.0" });
    expect(preview.body).toContain(`* Fix the parser by @release-bot in ${pullUrl}`);
    expect(preview.body).toContain("/compare/v1.19.0...v1.20.0");

    expect((await world.cli(["final", "--version", "1.20.0"])).code).toBe(0);
    const published = world.sandbox.state.data.releases.find((r) => r.tagName === "v1.20.0");
    expect(published?.body).toBe(preview.body);
    // Rerun after the final: the release is done, so there is nothing to preview and generate-notes is not asked.
    const mark = world.sandbox.requests.length;
    const again = await world.cli(["final", "--version", "1.20.0", "--dry-run", "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).not.toHaveProperty("notesPreview");
    expect(world.sandbox.requests.slice(mark).some((q) => q.route.endsWith("/releases/generate-notes"))).toBe(false);
  });

  it("a dry run without a token shows the plan and says why the notes are missing", async () => {
    world = await startWidgetWorld();
    const r = await world.cli(["rc", "--version", "1.20.0", "--dry-run", "--json"], { GITHUB_TOKEN: "" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /no release notes preview: GitHub generates notes only for a token that can push to acme\/widget \(HTTP 40[134]\)/,
    );
    expect(JSON.parse(r.stdout)).not.toHaveProperty("notesPreview");
    expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
  });
});
