/**
 * `downstream notify` against the sandbox: one "Integrate with" issue per partner, found again by exact title among
 * the token user's issues, updated only when the body differs; a crash after any write and a rerun leave exactly one
 * issue per partner. The partner issues' state feeds `downstream report --partners`.
 */
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addPackageFile } from "../../src/sandbox/apply-seed.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

const TITLE = "Integrate with widget 1.20.0";

function seed() {
  return normalizeSeed(
    {
      tokens: [
        { token: "t-release", login: "release-bot", write: ["acme/widget"] },
        { token: "t-alpha", login: "alpha-maintainer", write: ["partners/alpha"] },
      ],
      repos: [
        {
          name: "acme/widget",
          files: {
            VERSION_NUMBER: "1.20.0\n",
            ".github/partner.md": "Dear {repo} users of {project}: try {rc-version} ({rc-tag}) by {deadline}.\n",
          },
          tags: ["v1.19.0", "v1.20.0rc1"],
          labels: ["release"],
        },
        { name: "partners/alpha", files: { "README.md": "alpha\n" }, labels: ["works"] },
        { name: "partners/beta", files: { "README.md": "beta\n" } },
      ],
      // The candidate on the index: partners are asked to try only what they can install.
      packages: [{ name: "widget", version: "1.20.0rc1", filename: "widget-1.20.0rc1.tar.gz", content: "sdist" }],
    },
    process.cwd(),
  );
}

const CONFIG = [
  "project:",
  "  repo: acme/widget",
  "  version-files: [VERSION_NUMBER]",
  "pypi:",
  "  package: widget",
  "partners:",
  "  - partners/alpha",
  "  - repo: partners/beta",
  "    template: .github/partner.md",
  "",
].join("\n");

const world = () => startWidgetWorld({ seed: seed(), config: CONFIG });

/** The partner issues as they stand: repository, number, state, title and body (the sandbox's port left out). */
function partnerIssues(sandbox: Sandbox) {
  return sandbox.state.data.issues
    .filter((i) => i.repo.startsWith("partners/"))
    .map((i) => ({
      repo: i.repo,
      number: i.number,
      state: i.state,
      title: i.title,
      body: i.body?.replace(/127\.0\.0\.1:\d+/g, "sandbox"),
    }))
    .sort((a, b) => a.repo.localeCompare(b.repo) || a.number - b.number);
}

/** Puts the candidate's sdist on the sandbox's index, as its publish would. */
async function publishCandidate(w: WidgetWorld, version: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-notify-index-"));
  const filename = `widget-${version}.tar.gz`;
  const bytes = Buffer.from(`sdist of ${version}`);
  await writeFile(path.join(dir, filename), bytes);
  addPackageFile(w.sandbox.state, {
    name: "widget",
    version,
    filename,
    storedAt: path.join(dir, filename),
    bytes,
    requiresPython: null,
    uploadTime: "2026-11-02T10:00:00Z",
  });
}

async function withWorld(fn: (w: WidgetWorld) => Promise<void>): Promise<void> {
  const w = await world();
  try {
    await fn(w);
    expect(w.sandbox.violations).toEqual([]);
  } finally {
    await w.sandbox.stop();
  }
}

describe("downstream notify", () => {
  it("opens one issue per partner: the candidate, how to install it, the branch and how to report back", async () => {
    await withWorld(async (w) => {
      const run = await w.cli(["downstream", "notify", "--version", "1.20.0"]);
      expect(run.code, run.stderr).toBe(0);
      const issues = partnerIssues(w.sandbox);
      expect(issues.map((i) => [i.repo, i.title])).toEqual([
        ["partners/alpha", TITLE],
        ["partners/beta", TITLE],
      ]);
      const alpha = issues[0]?.body ?? "";
      expect(alpha).toContain('pip install --pre "widget==1.20.0rc1"');
      expect(alpha).toContain("conda-forge/label/widget_rc");
      expect(alpha).toContain("[`rel-1.20.0`](https://github.com/acme/widget/tree/rel-1.20.0)");
      expect(alpha).toContain("## Report back");
      expect(alpha).toMatch(/is http\S+\/acme\/widget\/issues\?q=is%3Aissue%20in%3Atitle%20%22Release%201.20.0%22\./);
      expect(alpha).not.toMatch(/\{[a-z-]+\}/);
      // The partner's own template, from the project repository; no release yet, so the deadline is a phrase.
      expect(issues[1]?.body).toBe(
        "Dear acme/widget users of widget: try 1.20.0rc1 (v1.20.0rc1) by two weeks after 1.20.0rc1 is published.\n",
      );
      expect(run.stdout).toMatch(/partners\/alpha: created #1/);
    });
  });

  it("changes nothing on a rerun, and updates the body (never a second issue) when a new candidate is tagged", async () => {
    await withWorld(async (w) => {
      expect((await w.cli(["downstream", "notify", "--version", "1.20.0"])).code).toBe(0);
      const first = partnerIssues(w.sandbox);
      let since = w.sandbox.requests.length;
      const rerun = await w.cli(["downstream", "notify", "--version", "1.20.0"]);
      expect(rerun.code).toBe(0);
      expect(w.sandbox.appliedWrites(since)).toEqual([]);
      expect(partnerIssues(w.sandbox)).toEqual(first);
      expect(rerun.stdout).toMatch(/partners\/beta: unchanged #1/);

      const gh = w.client();
      const main = await gh.rest.git.getRef({ owner: "acme", repo: "widget", ref: "heads/main" });
      await gh.rest.git.createRef({
        owner: "acme",
        repo: "widget",
        ref: "refs/tags/v1.20.0rc2",
        sha: main.data.object.sha,
      });
      await publishCandidate(w, "1.20.0rc2");
      since = w.sandbox.requests.length;
      expect((await w.cli(["downstream", "notify", "--version", "1.20.0"])).code).toBe(0);
      const writes = w.sandbox.appliedWrites(since).map((r) => `${r.method} ${r.path}`);
      expect(writes).toEqual(["PATCH /repos/partners/alpha/issues/1", "PATCH /repos/partners/beta/issues/1"]);
      const after = partnerIssues(w.sandbox);
      expect(after.map((i) => [i.repo, i.number])).toEqual(first.map((i) => [i.repo, i.number]));
      expect(after[0]?.body).toContain("widget==1.20.0rc2");
    });
  });

  // A crash after each write of `downstream notify` and a rerun (one issue per partner): proven once, in the chaos
  // suite (test/chaos, flow "downstream notify").

  it("completes under 20% injected faults with one issue per partner", async () => {
    const w = await startWidgetWorld({ seed: seed(), config: CONFIG, faults: { rate: 0.2, seed: 11 } });
    try {
      const run = await w.cli(["downstream", "notify", "--version", "1.20.0"], { RELEASE_KIT_RETRY_BASE_MS: "1" });
      expect(run.code, run.stderr).toBe(0);
      expect(partnerIssues(w.sandbox).map((i) => i.repo)).toEqual(["partners/alpha", "partners/beta"]);
    } finally {
      await w.sandbox.stop();
    }
  });

  it("prints the writes in a dry run and makes none", async () => {
    await withWorld(async (w) => {
      const run = await w.cli(["downstream", "notify", "--version", "1.20.0", "--dry-run"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`partners/alpha: would POST /repos/partners/alpha/issues (title "${TITLE}")`);
      expect(run.stdout).toContain("    | # Integrate with widget 1.20.0");
      expect(w.sandbox.appliedWrites(0)).toEqual([]);
    });
  });

  it("opens nothing while the candidate is not on its index yet, says so, and opens the issues once it is", async () => {
    const unpublished = { ...seed(), packages: [] };
    const w = await startWidgetWorld({ seed: unpublished, config: CONFIG });
    try {
      const early = await w.cli(["downstream", "notify", "--version", "1.20.0"]);
      expect(early.code, early.stderr).toBe(0);
      expect(early.stdout).toMatch(
        /^Integrate with widget 1\.20\.0: not yet, widget 1\.20\.0rc1 is not on \S+; run this again once release-kit publish --tag v1\.20\.0rc1 has put it there\n$/,
      );
      expect(early.stderr).toMatch(/warning: widget 1\.20\.0rc1 is not on \S+ yet, so no partner issue is opened/);
      expect(w.sandbox.appliedWrites(0)).toEqual([]);

      // The publish puts the candidate on the index; the same command now opens the issues.
      await publishCandidate(w, "1.20.0rc1");
      const later = await w.cli(["downstream", "notify", "--version", "1.20.0"]);
      expect(later.code, later.stderr).toBe(0);
      expect(partnerIssues(w.sandbox).map((i) => i.repo)).toEqual(["partners/alpha", "partners/beta"]);
    } finally {
      await w.sandbox.stop();
    }
  });

  it("refuses bad input in one line before any write", async () => {
    await withWorld(async (w) => {
      const missing = await w.cli(["downstream", "notify"]);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr.trim().split("\n")).toHaveLength(1);
      expect(missing.stderr).toMatch(/--version is required/);
      const early = await w.cli(["downstream", "notify", "--version", "1.21.0"]);
      expect(early.code).not.toBe(0);
      expect(early.stderr).toMatch(/no release candidate of 1.21.0 is tagged: cut one first/);
      expect(w.sandbox.appliedWrites(0)).toEqual([]);
    });
  });

  it("shows each partner issue's state and labels in `downstream report --partners`", async () => {
    await withWorld(async (w) => {
      expect((await w.cli(["downstream", "notify", "--version", "1.20.0"])).code).toBe(0);
      // The alpha maintainers report back: a label, and they close the issue.
      const alpha = w.client("t-alpha");
      await alpha.rest.issues.update({
        owner: "partners",
        repo: "alpha",
        issue_number: 1,
        state: "closed",
        labels: ["works"],
      });
      const shards = path.join(w.dir, "shards");
      await mkdir(shards, { recursive: true });
      await writeFile(
        path.join(shards, "results-shard-1.json"),
        JSON.stringify({ shard: "1/1", baseline: "1.19.0", candidate: "1.20.0rc1", downstreams: [] }),
      );
      const report = await w.cli(["downstream", "report", "shards", "--out", "report", "--partners"]);
      expect(report.code, report.stderr).toBe(0);
      const summary = await readFile(path.join(w.dir, "report/summary.md"), "utf8");
      expect(summary).toContain("## Partner issues (1 of 2 closed)");
      expect(summary).toMatch(
        /\| partners\/alpha \| \[#1\]\(\S+\/partners\/alpha\/issues\/1\) \| closed \| `works` \|/,
      );
      expect(summary).toMatch(/\| partners\/beta \| \[#1\]\(\S+\) \| open \|/);
      const results = JSON.parse(await readFile(path.join(w.dir, "report/results.json"), "utf8")) as {
        partners: { repo: string; issue?: { state: string; labels: string[] } }[];
      };
      expect(results.partners.map((p) => [p.repo, p.issue?.state, p.issue?.labels])).toEqual([
        ["partners/alpha", "closed", ["works"]],
        ["partners/beta", "open", []],
      ]);
      // Without --partners the report makes no request.
      const before = w.sandbox.requests.length;
      expect((await w.cli(["downstream", "report", "shards", "--out", "plain"])).code).toBe(0);
      expect(w.sandbox.requests.length).toBe(before);
    });
  });
});
