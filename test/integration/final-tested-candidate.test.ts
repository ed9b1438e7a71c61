/**
 * A final ships only what a candidate tested: a commit after the last candidate blocks the final until
 * --accept-untested, which says so in the release.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

// An ONNX-shaped release built from scratch: rc1 and rc2 cut on rel-1.20.0, then a fix lands on the branch after rc2
// (as in ONNX 1.20.0). The final refuses to ship it untested, then ships it once a reason is given.

const repo = { owner: "acme", repo: "widget" };

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

/** A person's fix pushed onto the release branch, CI green on it. */
async function landFix(w: WidgetWorld, branch: string, subject: string): Promise<string> {
  const gh = w.client();
  const head = (await gh.rest.repos.getCommit({ ...repo, ref: `heads/${branch}` })).data;
  const tree = await gh.rest.git.createTree({
    ...repo,
    base_tree: head.commit.tree.sha,
    tree: [{ path: "widget/parser.py", mode: "100644", type: "blob", content: "# fixed\n" }],
  });
  const commit = await gh.rest.git.createCommit({
    ...repo,
    message: `${subject}\n`,
    tree: tree.data.sha,
    parents: [head.sha],
  });
  await gh.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.data.sha });
  // CI is green on it: only the missing candidate stops the final.
  await gh.rest.repos.createCommitStatus({ ...repo, sha: commit.data.sha, state: "success", context: "build" });
  return commit.data.sha;
}

describe("a final ships only what a candidate tested", () => {
  it("refuses a final after a commit landed after rc2, then releases it with --accept-untested and says so", async () => {
    const w = (world = await startWidgetWorld());
    expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "2", "--next"])).code).toBe(0);
    const fix = await landFix(w, "rel-1.20.0", "Fix a crash in the parser (#901)");

    const mark = w.sandbox.requests.length;
    const refused = await w.cli(["final", "--version", "1.20.0", "--run-id", "3"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${fix.slice(0, 7)} Fix a crash in the parser (#901) landed after v1.20.0rc2: cut another candidate (release-kit rc --version 1.20.0) or pass --accept-untested "REASON"`,
    );
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);

    const accepted = await w.cli([
      "final",
      "--version",
      "1.20.0",
      "--run-id",
      "3",
      "--accept-untested",
      "parser fix, covered by unit tests",
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toMatch(/warn\s+tested by a candidate: .*accepted: parser fix/);
    const release = w.sandbox.state.data.releases.find((r) => r.tagName === "v1.20.0");
    expect(release?.body).toContain("## Not tested by a release candidate");
    expect(release?.body).toContain(`- ${fix.slice(0, 7)} Fix a crash in the parser (#901)`);
    expect(release?.body).toContain("Accepted: parser fix, covered by unit tests");
    const tagSha = await w.sandbox.git.readRef("acme/widget", "refs/tags/v1.20.0");
    const tag = (await w.client().rest.git.getTag({ ...repo, tag_sha: tagSha! })).data;
    expect(tag.message).toContain(
      `Not tested by v1.20.0rc2 (accepted: parser fix, covered by unit tests): ${fix.slice(0, 7)}`,
    );

    // The checklist and status read the release notes back.
    const status = await w.cli(["status", "--version", "1.20.0"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`ships 1 commit(s) no candidate tested: ${fix.slice(0, 7)}; accepted: parser fix`);
    expect(w.sandbox.violations).toEqual([]);
  });
});
