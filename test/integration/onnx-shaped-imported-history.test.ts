/**
 * An ONNX-shaped release on an imported history: the sandbox seeded `from:` a bundle built here (tags, a protected
 * rel-* branch), a fix landed with `git push`, the candidate proposed by pull request with sign-off, the sandbox
 * restarted over its state directory, the pull request merged and the merge commit tagged by `rc --from-branch`.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { buildHistory, git, gitOk } from "../helpers/built-history.js";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

const CONFIG = `project:
  repo: acme/widget
  version-files: [VERSION_NUMBER, widget/__init__.py]
  sign-off: true
  commit-author: "Widget Release Bot <release-bot@widget.invalid>"
rc:
  required-checks: [build]
  via: pull-request
  pr-labels: [release]
`;
const repo = { owner: "acme", repo: "widget" };

let worlds: WidgetWorld[] = [];
afterEach(async () => {
  for (const w of worlds) await w.sandbox.stop();
  worlds = [];
});

describe("an rc by pull request on an imported history, across a restart", () => {
  it("proposes the bump on the imported main plus a pushed fix, and tags the merge commit after a restart", async () => {
    const history = await buildHistory("1.20.0");
    const seed = normalizeSeed(
      {
        tokens: [
          { token: "t-release", login: "release-bot", write: ["acme/widget"] },
          { token: "t-maintainer", login: "maintainer", write: ["acme/widget"] },
        ],
        repos: [
          {
            name: "acme/widget",
            from: history.bundle,
            refs: ["main", "rel-*", "refs/tags/v*"],
            "protected-branches": ["rel-*"],
            labels: ["release"],
            checks: { build: "success" },
          },
        ],
      },
      process.cwd(),
    );
    const stateDir = await mkdtemp(path.join(os.tmpdir(), "rk-onnx-shaped-"));
    const first = await startWidgetWorld({ config: CONFIG, seed, stateDir });
    worlds.push(first);

    // A maintainer lands a fix on main with git push, and CI goes green on it.
    const work = path.join(stateDir, "..", `${path.basename(stateDir)}-work`);
    await gitOk(os.tmpdir(), ["clone", "--quiet", `${first.sandbox.serverUrl}/acme/widget.git`, work]);
    await gitOk(work, ["commit", "--quiet", "--allow-empty", "-m", "Fix the core before 1.20.0"]);
    const fix = await gitOk(work, ["rev-parse", "HEAD"]);
    const url = `${first.sandbox.serverUrl.replace("http://", "http://x-access-token:t-maintainer@")}/acme/widget.git`;
    const pushed = await git(work, ["push", url, "HEAD:refs/heads/main"]);
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    await first
      .client("t-maintainer")
      .rest.repos.createCommitStatus({ ...repo, sha: fix, state: "success", context: "build" });

    // The candidate is proposed by one signed-off pull request into the new release branch, cut from the fix.
    const rc = await first.cli(["rc", "--version", "1.20.0", "--run-id", "1", "--json"]);
    expect(rc.code, rc.stderr).toBe(0);
    const out = JSON.parse(rc.stdout) as { via: string; pullRequest: { number: number } };
    expect(out.via).toBe("pull-request");
    expect(await first.sandbox.git.resolveCommit("acme/widget", "rel-1.20.0")).toBe(fix);
    const bump = (await first.client().rest.repos.getCommit({ ...repo, ref: "heads/release-kit/bump-1.20.0rc1" })).data;
    expect(bump.parents.map((p) => p.sha)).toEqual([fix]);
    expect(bump.commit.message).toContain("Signed-off-by: Widget Release Bot <release-bot@widget.invalid>");

    // A restart over the same state directory: nothing is seeded again, the pull request is still there.
    await first.sandbox.stop();
    worlds = [];
    const second = await startWidgetWorld({ config: CONFIG, seed, stateDir });
    worlds.push(second);
    expect(await second.sandbox.git.resolveCommit("acme/widget", "main")).toBe(fix);
    const maintainer = second.client("t-maintainer");
    await maintainer.rest.pulls.createReview({ ...repo, pull_number: out.pullRequest.number, event: "APPROVE" });
    const merged = (await maintainer.rest.pulls.merge({ ...repo, pull_number: out.pullRequest.number })).data.sha;
    await maintainer.rest.repos.createCommitStatus({ ...repo, sha: merged, state: "success", context: "build" });

    // The tag-on-bump path tags the merge commit; the imported annotated tags still count as earlier releases.
    const tagged = await second.cli(["rc", "--version", "1.20.0", "--from-branch", "--run-id", "2", "--json"]);
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(JSON.parse(tagged.stdout)).toMatchObject({ tag: "v1.20.0rc1", sha: merged });
    const release = await second.client().rest.repos.getReleaseByTag({ ...repo, tag: "v1.20.0rc1" });
    expect(release.data.prerelease).toBe(true);
    expect(second.sandbox.violations).toEqual([]);
  }, 240_000);
});
