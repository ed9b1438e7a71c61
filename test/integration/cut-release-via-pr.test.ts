/**
 * Pull-request mode of the cut (`rc.via: pull-request`, `--via-pr`) on an ONNX-shaped project built here: a protected
 * `rel-*` branch, DCO sign-off, labels. The candidate is proposed by one pull request, a rerun updates it and opens no
 * other, the pull request is approved and merged through GitHub's merge API, and the tag-on-bump path (`detect`, then
 * `rc --from-branch`) tags the merge commit; the final goes the same way and the same command tags it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, widgetSeed, type WidgetWorld } from "../helpers/widget-project.js";

const ONNX_SHAPED = `project:
  repo: acme/widget
  version-files: [VERSION_NUMBER, widget/__init__.py]
  sign-off: true
  commit-author: "Widget Release Bot <release-bot@widget.invalid>"
rc:
  required-checks: [build]
  via: pull-request
  pr-labels: [release, automated]
`;
const SIGN_OFF = "Signed-off-by: Widget Release Bot <release-bot@widget.invalid>";
const repo = { owner: "acme", repo: "widget" };

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const start = (config = ONNX_SHAPED) =>
  startWidgetWorld({ config, seed: widgetSeed({ protectedBranches: ["rel-*"], branches: ["rel-1.19.0"] }) });

/** API requests and writes since `mark`. */
function counts(w: WidgetWorld, mark: number): { requests: number; writes: number } {
  const api = w.sandbox.requests.slice(mark).filter((q) => q.area === "api");
  return { requests: api.length, writes: w.sandbox.appliedWrites(mark).length };
}

/** A maintainer approves and merges pull request `n` through GitHub's API; CI then reports green on the merge. */
async function approveAndMerge(w: WidgetWorld, n: number): Promise<string> {
  const maintainer = w.client("t-maintainer");
  await maintainer.rest.pulls.createReview({ ...repo, pull_number: n, event: "APPROVE" });
  const merged = await maintainer.rest.pulls.merge({ ...repo, pull_number: n });
  await maintainer.rest.repos.createCommitStatus({ ...repo, sha: merged.data.sha, state: "success", context: "build" });
  return merged.data.sha;
}

describe("release-kit rc/final --via-pr on a protected release branch", () => {
  it("opens one signed-off bump PR, updates it on rerun, and the merge commit is tagged and released", async () => {
    const w = (world = await start());
    const gh = w.client();
    const mainHead = await w.sandbox.git.resolveCommit("acme/widget", "main");

    // 1. The first run: the release branch from main, the bump on release-kit's branch, one pull request.
    let mark = w.sandbox.requests.length;
    const first = await w.cli(["rc", "--version", "1.20.0", "--run-id", "1", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const firstCounts = counts(w, mark);
    const out = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ via: "pull-request", version: "1.20.0rc1", branch: "rel-1.20.0", releaseUrl: null });
    const pr = out.pullRequest as { number: number; url: string; branch: string; state: string };
    expect(pr).toMatchObject({ branch: "release-kit/bump-1.20.0rc1", state: "open" });
    expect(pr.url).toContain(`/acme/widget/pull/${pr.number}`);
    expect(await w.sandbox.git.resolveCommit("acme/widget", "rel-1.20.0")).toBe(mainHead);
    expect(await w.sandbox.git.readRef("acme/widget", "refs/tags/v1.20.0rc1")).toBeUndefined();
    const bumpHead = (await gh.rest.repos.getCommit({ ...repo, ref: "heads/release-kit/bump-1.20.0rc1" })).data;
    expect(bumpHead.parents.map((p) => p.sha)).toEqual([mainHead]);
    expect(bumpHead.commit.message).toContain(SIGN_OFF);
    expect(bumpHead.commit.author).toMatchObject({ name: "Widget Release Bot", email: "release-bot@widget.invalid" });
    const pull = (await gh.rest.pulls.get({ ...repo, pull_number: pr.number })).data;
    expect(pull).toMatchObject({ base: { ref: "rel-1.20.0" }, head: { ref: "release-kit/bump-1.20.0rc1" } });
    expect(pull.labels.map((l) => l.name).sort()).toEqual(["automated", "release"]);
    const text = await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"]);
    expect(text.stdout).toContain(`pull request  #${pr.number} ${pr.url} (open)`);

    // 2. A rerun with nothing changed writes nothing and names the same pull request.
    mark = w.sandbox.requests.length;
    const rerun = await w.cli(["rc", "--version", "1.20.0", "--run-id", "2", "--json"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const rerunCounts = counts(w, mark);
    expect(rerunCounts.writes).toBe(0);
    expect((JSON.parse(rerun.stdout) as { pullRequest: { number: number } }).pullRequest.number).toBe(pr.number);

    // 3. The release branch moves (a fix lands by its own PR): a rerun moves release-kit's branch onto it, same PR.
    const admin = w.client("t-bypass");
    const mainTree = (await gh.rest.git.getCommit({ ...repo, commit_sha: mainHead! })).data.tree.sha;
    const fixTree = await admin.rest.git.createTree({
      ...repo,
      base_tree: mainTree,
      tree: [{ path: "FIX.md", mode: "100644", type: "blob", content: "fixed\n" }],
    });
    const fix = await admin.rest.git.createCommit({
      ...repo,
      message: "Fix",
      tree: fixTree.data.sha,
      parents: [mainHead!],
    });
    await admin.rest.git.updateRef({ ...repo, ref: "heads/rel-1.20.0", sha: fix.data.sha });
    await admin.rest.repos.createCommitStatus({ ...repo, sha: fix.data.sha, state: "success", context: "build" });
    mark = w.sandbox.requests.length;
    const moved = await w.cli(["rc", "--version", "1.20.0", "--run-id", "3"]);
    expect(moved.code, moved.stderr).toBe(0);
    const movedCounts = counts(w, mark);
    const movedHead = (await gh.rest.repos.getCommit({ ...repo, ref: "heads/release-kit/bump-1.20.0rc1" })).data;
    expect(movedHead.parents.map((p) => p.sha)).toEqual([fix.data.sha]);
    expect(w.sandbox.state.data.issues.filter((i) => i.pull !== null)).toHaveLength(1);

    // 4. Merging needs an approval on the protected branch, then goes through GitHub's merge API.
    await expect(w.client("t-maintainer").rest.pulls.merge({ ...repo, pull_number: pr.number })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: "At least 1 approving review is required by reviewers with write access." } },
    });
    const mergeSha = await approveAndMerge(w, pr.number);
    expect(await w.sandbox.git.resolveCommit("acme/widget", "rel-1.20.0")).toBe(mergeSha);

    // 5. The tag-on-bump path: detect sees the candidate, rc --from-branch tags the merge commit and releases it.
    const detected = await w.cli(["detect", "--ref", "rel-1.20.0", "--json"]);
    expect(JSON.parse(detected.stdout)).toMatchObject({ new: true, kind: "rc", version: "1.20.0rc1", sha: mergeSha });
    const tagged = await w.cli(["rc", "--version", "1.20.0", "--from-branch", "--run-id", "4", "--json"]);
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(JSON.parse(tagged.stdout)).toMatchObject({ via: "direct", tag: "v1.20.0rc1", sha: mergeSha });
    expect(await w.sandbox.git.resolveCommit("acme/widget", "refs/tags/v1.20.0rc1")).toBe(mergeSha);
    expect(w.sandbox.state.data.releases.find((r) => r.tagName === "v1.20.0rc1")).toMatchObject({ prerelease: true });
    // A rerun of the PR-mode command afterwards stops at rc2 unless asked; with --next it proposes rc2, never rc1 again.
    const again = await w.cli(["rc", "--version", "1.20.0", "--run-id", "5", "--dry-run"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("rc2 of 1.20.0: rc1 is cut and released, so this would cut the next candidate");
    const dry = await w.cli(["rc", "--version", "1.20.0", "--run-id", "5", "--next", "--dry-run"]);
    expect(dry.stdout).toContain("release-kit/bump-1.20.0rc2");

    // 6. The final goes the same way; after the merge, the same command tags the merge commit and releases it.
    const final = await w.cli(["final", "--version", "1.20.0", "--run-id", "6", "--json"]);
    expect(final.code, final.stderr).toBe(0);
    const finalPr = (JSON.parse(final.stdout) as { pullRequest: { number: number } }).pullRequest.number;
    const finalMerge = await approveAndMerge(w, finalPr);
    const released = await w.cli(["final", "--version", "1.20.0", "--run-id", "7", "--json"]);
    expect(released.code, released.stderr).toBe(0);
    expect(JSON.parse(released.stdout)).toMatchObject({ via: "direct", tag: "v1.20.0", sha: finalMerge });
    expect(w.sandbox.state.data.releases.find((r) => r.tagName === "v1.20.0")).toMatchObject({ prerelease: false });
    expect(w.sandbox.violations).toEqual([]);
    console.log(
      `PR mode: first run ${firstCounts.requests} API requests (${firstCounts.writes} writes); rerun ${rerunCounts.requests} (${rerunCounts.writes}); rerun after the branch moved ${movedCounts.requests} (${movedCounts.writes})`,
    );
  }, 240_000);

  it("--dry-run shows every write of the PR mode and makes none", async () => {
    const w = (world = await start());
    const r = await w.cli(["rc", "--version", "1.20.0", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/would do\s+branch\s+create branch rel-1\.20\.0 from main/);
    expect(r.stdout).toMatch(/would do\s+pr-branch commit VERSION_NUMBER 1\.20\.0 -> 1\.20\.0rc1, .* \(signed off\)/);
    expect(r.stdout).toMatch(
      /would do\s+pull-request open a pull request "Bump version to 1\.20\.0rc1" from release-kit\/bump-1\.20\.0rc1 into rel-1\.20\.0; label it release, automated/,
    );
    expect(w.sandbox.requests.filter((q) => q.write)).toEqual([]);
  });

  it("refuses to move a bump branch that holds someone else's commit, in one line and without a write", async () => {
    const w = (world = await start());
    expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const gh = w.client("t-maintainer");
    const head = (await gh.rest.repos.getCommit({ ...repo, ref: "heads/release-kit/bump-1.20.0rc1" })).data;
    const extra = await gh.rest.git.createCommit({
      ...repo,
      message: "Also update the changelog",
      tree: head.commit.tree.sha,
      parents: [head.sha],
    });
    await gh.rest.git.updateRef({ ...repo, ref: "heads/release-kit/bump-1.20.0rc1", sha: extra.data.sha });
    const mark = w.sandbox.requests.length;
    const r = await w.cli(["rc", "--version", "1.20.0", "--run-id", "2"]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `release-kit/bump-1.20.0rc1 holds commits release-kit did not make (${extra.data.sha.slice(0, 7)} Also update the changelog)`,
    );
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);
  });

  it("needs an identity to sign off as, said before any request", async () => {
    const w = (world = await start(ONNX_SHAPED.replace(/ {2}commit-author: .*\n/, "")));
    const r = await w.cli(["rc", "--version", "1.20.0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("project.sign-off is true but there is no identity to sign off as");
    expect(w.sandbox.requests).toEqual([]);
  });
});
