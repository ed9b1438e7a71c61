/**
 * The cut's branch-protection pre-flight against the sandbox's protected branches: a direct cut that GitHub would
 * refuse stops before any write with one line naming --via-pr or a bypassing token; a token on the bypass list cuts;
 * a rule that blocks creations stops the first candidate; tagging a branch as it is (--from-branch) needs no push.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, widgetSeed, type WidgetWorld } from "../helpers/widget-project.js";

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

/** The error lines of a run (its log goes to stderr too). */
const errorLines = (stderr: string) =>
  stderr
    .trim()
    .split("\n")
    .filter((l) => /^release-kit: (?!warning:)/.test(l));

const protectedWorld = (rules: unknown[] = ["rel-*"]) =>
  startWidgetWorld({ seed: widgetSeed({ protectedBranches: rules, branches: ["rel-1.19.0"] }) });

describe("cut pre-flight on protected release branches", () => {
  it("cuts rc1 by creating the branch, and warns that later candidates need --via-pr", async () => {
    const w = (world = await protectedWorld());
    const r = await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /warn\s+branch protection: rel-1\.20\.0 will be created from main and protected like rel-1\.19\.0; later candidates and the final need --via-pr/,
    );
    expect(await w.sandbox.git.readRef("acme/widget", "refs/tags/v1.20.0rc1")).toBeDefined();
  });

  it("refuses rc2 on the protected branch in one line, before any write", async () => {
    const w = (world = await protectedWorld());
    expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const mark = w.sandbox.requests.length;
    const r = await w.cli(["rc", "--version", "1.20.0", "--run-id", "2", "--next"]);
    expect(r.code).toBe(1);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("rel-1.20.0 is protected, so GitHub would refuse the version commit");
    expect(lines[0]).toContain("--via-pr (or set rc.via: pull-request in release-kit.yml)");
    expect(lines[0]).toContain("a token allowed to bypass");
    expect(w.sandbox.requests.slice(mark).filter((q) => q.write)).toEqual([]);
    // The dry run shows the same line as a failed check and writes nothing either.
    const dry = await w.cli(["rc", "--version", "1.20.0", "--run-id", "2", "--next", "--dry-run"]);
    expect(dry.code).toBe(1);
    expect(w.sandbox.requests.slice(mark).filter((q) => q.write)).toEqual([]);
  });

  it("cuts rc2 with a token on the rule's bypass list, and says why it may", async () => {
    const w = (world = await protectedWorld());
    expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const r = await w.cli(["rc", "--version", "1.20.0", "--run-id", "2", "--next"], { GITHUB_TOKEN: "t-bypass" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "rel-1.20.0 is protected; the token may bypass it (admin-bot is on the rule's bypass list)",
    );
    expect(await w.sandbox.git.readRef("acme/widget", "refs/tags/v1.20.0rc2")).toBeDefined();
  });

  it("refuses the first candidate when the rule blocks creating branches, naming what to do", async () => {
    const w = (world = await protectedWorld([{ pattern: "rel-*", "block-creations": true }]));
    const r = await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"]);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain("blocks creating branches (block creations): have an admin create rel-1.20.0 from main");
    expect(w.sandbox.requests.filter((q) => q.write)).toEqual([]);
  });

  it("tags a protected branch as it is (--from-branch): nothing is pushed to it", async () => {
    const w = (world = await protectedWorld());
    expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    // A maintainer's bump lands on the branch (as a merged PR would), with CI green on it.
    const gh = w.client("t-bypass");
    const repo = { owner: "acme", repo: "widget" };
    const head = (await gh.rest.repos.getCommit({ ...repo, ref: "heads/rel-1.20.0" })).data;
    const tree = await gh.rest.git.createTree({
      ...repo,
      base_tree: head.commit.tree.sha,
      tree: [
        { path: "VERSION_NUMBER", mode: "100644", type: "blob", content: "1.20.0rc2\n" },
        { path: "widget/__init__.py", mode: "100644", type: "blob", content: '__version__ = "1.20.0rc2"\n' },
      ],
    });
    const commit = await gh.rest.git.createCommit({
      ...repo,
      message: "Bump to rc2",
      tree: tree.data.sha,
      parents: [head.sha],
    });
    await gh.rest.git.updateRef({ ...repo, ref: "heads/rel-1.20.0", sha: commit.data.sha });
    await gh.rest.repos.createCommitStatus({ ...repo, sha: commit.data.sha, state: "success", context: "build" });
    const r = await w.cli(["rc", "--version", "1.20.0", "--from-branch", "--run-id", "3"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("rel-1.20.0 is protected; this cut does not move it (tag and release only)");
    expect(await w.sandbox.git.resolveCommit("acme/widget", "refs/tags/v1.20.0rc2")).toBe(commit.data.sha);
  });

  it("passes quietly on an unprotected branch", async () => {
    const w = (world = await startWidgetWorld());
    const r = await w.cli(["rc", "--version", "1.20.0", "--run-id", "1", "--dry-run"]);
    expect(r.stdout).toMatch(
      /pass\s+branch protection: rel-1\.20\.0 will be created from main; no branch like it is protected/,
    );
  });
});
