/**
 * `release-kit detect` and `rc --from-branch` / `final` for projects that bump the version on the release branch
 * themselves: what counts as a new version, and tagging it without a new commit.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

// ONNX's way: the version file is bumped by a PR on the release branch, and nothing tags it. `detect` tells a
// push workflow that a new candidate or final appeared; `rc --from-branch` (or `final`) tags it as it is.
const ONNX_STYLE = `project:
  repo: acme/widget
  version-files: [VERSION_NUMBER]
rc:
  required-checks: [build]
`;

const repo = { owner: "acme", repo: "widget" };

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

/** A person's PR merged into the branch: VERSION_NUMBER set to `version`, CI green on the merge commit. */
async function mergeVersionBump(w: WidgetWorld, branch: string, version: string, pr: number): Promise<string> {
  const gh = w.client();
  const head = (await gh.rest.repos.getCommit({ ...repo, ref: `heads/${branch}` })).data;
  const tree = await gh.rest.git.createTree({
    ...repo,
    base_tree: head.commit.tree.sha,
    tree: [{ path: "VERSION_NUMBER", mode: "100644", type: "blob", content: `${version}\n` }],
  });
  const commit = await gh.rest.git.createCommit({
    ...repo,
    message: `Bump VERSION_NUMBER to ${version} (#${pr})`,
    tree: tree.data.sha,
    parents: [head.sha],
  });
  await gh.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.data.sha });
  await gh.rest.repos.createCommitStatus({ ...repo, sha: commit.data.sha, state: "success", context: "build" });
  return commit.data.sha;
}

async function tagCommit(w: WidgetWorld, tag: string): Promise<string | undefined> {
  return w.sandbox.git.resolveCommit("acme/widget", `refs/tags/${tag}`);
}

describe("projects that do not tag candidates yet", () => {
  it("detects a bumped candidate, tags it with rc --from-branch without a new commit, then sees it as not new", async () => {
    const w = (world = await startWidgetWorld({ config: ONNX_STYLE }));
    const gh = w.client();
    const main = (await gh.rest.repos.getCommit({ ...repo, ref: "heads/main" })).data.sha;
    await gh.rest.git.createRef({ ...repo, ref: "refs/heads/rel-1.20.0", sha: main });
    const bump = await mergeVersionBump(w, "rel-1.20.0", "1.20.0rc1", 11);

    const detected = await w.cli(["detect", "--ref", "rel-1.20.0", "--json"]);
    expect(detected.code, detected.stderr).toBe(0);
    expect(JSON.parse(detected.stdout)).toEqual({
      ref: "rel-1.20.0",
      sha: bump,
      version: "1.20.0rc1",
      baseVersion: "1.20.0",
      kind: "rc",
      tag: "v1.20.0rc1",
      new: true,
      reason: "v1.20.0rc1 does not exist yet",
    });
    const text = await w.cli(["detect", "--ref", "rel-1.20.0"]);
    expect(text.stdout).toBe(
      `rel-1.20.0 (${bump.slice(0, 7)}) holds 1.20.0rc1 (rc, tag v1.20.0rc1): new, v1.20.0rc1 does not exist yet\n`,
    );

    const mark = w.sandbox.requests.length;
    const cut = await w.cli(["rc", "--version", "1.20.0", "--from-branch", "--run-id", "5", "--json"]);
    expect(cut.code, cut.stderr).toBe(0);
    expect(JSON.parse(cut.stdout)).toMatchObject({ version: "1.20.0rc1", tag: "v1.20.0rc1", sha: bump });
    expect(await w.sandbox.git.resolveCommit("acme/widget", "refs/heads/rel-1.20.0")).toBe(bump);
    expect(await tagCommit(w, "v1.20.0rc1")).toBe(bump);
    const writes = w.sandbox.appliedWrites(mark).map((q) => `${q.method} ${q.route}`);
    expect(writes.some((x) => x.includes("/git/commits"))).toBe(false);
    expect(w.sandbox.state.data.releases.find((r) => r.tagName === "v1.20.0rc1")).toMatchObject({ prerelease: true });

    const after = await w.cli(["detect", "--ref", "rel-1.20.0", "--json"]);
    expect(JSON.parse(after.stdout)).toMatchObject({ new: false, reason: "v1.20.0rc1 is already tagged" });
    const again = w.sandbox.requests.length;
    expect((await w.cli(["rc", "--version", "1.20.0", "--from-branch", "--run-id", "6"])).code).toBe(0);
    expect(w.sandbox.appliedWrites(again)).toEqual([]);
    expect(w.sandbox.violations).toEqual([]);
  });

  it("tags a final the branch already names with plain `final` (no --from-branch needed): no new commit", async () => {
    const w = (world = await startWidgetWorld({ config: ONNX_STYLE }));
    const gh = w.client();
    const main = (await gh.rest.repos.getCommit({ ...repo, ref: "heads/main" })).data.sha;
    await gh.rest.git.createRef({ ...repo, ref: "refs/heads/rel-1.20.0", sha: main });
    await mergeVersionBump(w, "rel-1.20.0", "1.20.0rc1", 11);
    expect((await w.cli(["rc", "--version", "1.20.0", "--from-branch"])).code).toBe(0);
    const bump = await mergeVersionBump(w, "rel-1.20.0", "1.20.0", 12);
    expect(JSON.parse((await w.cli(["detect", "--ref", "rel-1.20.0", "--json"])).stdout)).toMatchObject({
      kind: "final",
      tag: "v1.20.0",
      new: true,
    });
    const r = await w.cli(["final", "--version", "1.20.0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tag: "v1.20.0", sha: bump });
    expect(await tagCommit(w, "v1.20.0")).toBe(bump);
  });

  it("refuses rc --from-branch when the branch does not name a candidate, writing nothing", async () => {
    const w = (world = await startWidgetWorld({ config: ONNX_STYLE }));
    const gh = w.client();
    const main = (await gh.rest.repos.getCommit({ ...repo, ref: "heads/main" })).data.sha;
    await gh.rest.git.createRef({ ...repo, ref: "refs/heads/rel-1.20.0", sha: main });
    const mark = w.sandbox.requests.length;
    const r = await w.cli(["rc", "--version", "1.20.0", "--from-branch"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds 1\.20\.0, not a candidate of 1\.20\.0: bump the version file to 1\.20\.0rc1 first/);
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);
  });

  it("says not new for a dev version, a candidate after its final, and fails clearly on an unknown ref", async () => {
    const w = (world = await startWidgetWorld({ config: ONNX_STYLE }));
    const gh = w.client();
    const main = (await gh.rest.repos.getCommit({ ...repo, ref: "heads/main" })).data.sha;
    await gh.rest.git.createRef({ ...repo, ref: "refs/heads/rel-1.19.0", sha: main });
    await mergeVersionBump(w, "rel-1.19.0", "1.19.0rc2", 3);
    expect(JSON.parse((await w.cli(["detect", "--ref", "rel-1.19.0", "--json"])).stdout)).toMatchObject({
      kind: "rc",
      new: false,
      reason: "1.19.0 is already released (v1.19.0); a candidate comes too late",
    });
    await mergeVersionBump(w, "rel-1.19.0", "1.21.0.dev0", 4);
    expect(JSON.parse((await w.cli(["detect", "--ref", "rel-1.19.0", "--json"])).stdout)).toMatchObject({
      kind: "other",
      new: false,
      tag: null,
    });
    const missing = await w.cli(["detect", "--ref", "rel-9.9.9"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/rel-9\.9\.9 was not found in acme\/widget/);
  });
});
