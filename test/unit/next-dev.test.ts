/** Planning the next-development PR: branch naming, resuming after a crash, and never a second PR. */
import { describe, expect, it } from "vitest";
import {
  nextDevBranchName,
  nextDevVersion,
  planNextDev,
  type NextDevObservation,
  type NextDevSettings,
} from "../../src/core/release-plan/next-dev-version.js";
import { formatVersion, parseVersion } from "../../src/core/versions/index.js";

const settings = (over: Partial<NextDevSettings> = {}): NextDevSettings => ({
  repo: "acme/widget",
  released: "1.20.0",
  scheme: "pep440",
  versionFiles: [
    { path: "VERSION_NUMBER", kind: "plain" },
    { path: "widget/__init__.py", kind: "python" },
  ],
  ...over,
});

const observation = (main: string, over: Partial<NextDevObservation> = {}): NextDevObservation => ({
  defaultBranch: "main",
  head: { sha: "a".repeat(40), tree: "b".repeat(40) },
  versionFiles: [
    { path: "VERSION_NUMBER", text: `${main}\n` },
    { path: "widget/__init__.py", text: `__version__ = "${main}"\n` },
  ],
  branchHead: null,
  pulls: [],
  ...over,
});

describe("next development version", () => {
  it.each([
    ["1.20.0", "pep440", "1.21.0"],
    ["1.20.3", "pep440", "1.21.0"],
    ["1.99.0", "pep440", "1.100.0"],
    ["2.0.0", "semver", "2.1.0"],
  ] as const)("after %s (%s) is the plain next minor %s", (released, scheme, next) => {
    expect(formatVersion(nextDevVersion(parseVersion(released, scheme)), scheme)).toBe(next);
  });

  it("names one branch per released version", () => {
    expect(nextDevBranchName("1.20.0")).toBe("release-kit/next-dev-1.20.0");
  });
});

describe("planNextDev", () => {
  it("proposes a branch with every version file moved to the next minor, then the PR", () => {
    const plan = planNextDev(settings(), observation("1.20.0"));
    expect(plan).toMatchObject({ action: "propose", version: "1.21.0", branch: "release-kit/next-dev-1.20.0" });
    expect(plan.fileUpdates.map((u) => [u.path, u.from, u.to, u.newText])).toEqual([
      ["VERSION_NUMBER", "1.20.0", "1.21.0", "1.21.0\n"],
      ["widget/__init__.py", "1.20.0", "1.21.0", '__version__ = "1.21.0"\n'],
    ]);
    expect(plan.steps.map((s) => [s.id, s.status])).toEqual([
      ["next-dev-branch", "todo"],
      ["next-dev-pr", "todo"],
    ]);
    expect(plan.createBranch).toBe(true);
  });

  it("resumes with the PR only when the branch was made before a crash", () => {
    const plan = planNextDev(settings(), observation("1.20.0", { branchHead: "c".repeat(40) }));
    expect(plan.createBranch).toBe(false);
    expect(plan.steps.map((s) => s.status)).toEqual(["done", "todo"]);
  });

  it("does nothing when an open PR already proposes it", () => {
    const pull = { number: 8, url: "https://github.com/acme/widget/pull/8", state: "open" as const, merged: false };
    const plan = planNextDev(settings(), observation("1.20.0", { branchHead: "c".repeat(40), pulls: [pull] }));
    expect(plan).toMatchObject({ action: "skip", pull });
    expect(plan.steps[1]).toMatchObject({ status: "done", summary: "PR #8: https://github.com/acme/widget/pull/8" });
  });

  it("never opens a second PR after one was closed without merging", () => {
    const pull = { number: 8, url: "u", state: "closed" as const, merged: false };
    const plan = planNextDev(settings(), observation("1.20.0", { pulls: [pull] }));
    expect(plan.action).toBe("skip");
    expect(plan.reason).toMatch(/closed without merging; not opening another/);
  });

  it("skips when the default branch is already at the next version or past it (a patch final)", () => {
    expect(planNextDev(settings(), observation("1.21.0")).reason).toBe("main already holds 1.21.0 or later");
    expect(planNextDev(settings({ released: "1.20.1" }), observation("1.22.0")).action).toBe("skip");
  });

  it("moves only the files that are behind", () => {
    const obs = observation("1.20.0", {
      versionFiles: [
        { path: "VERSION_NUMBER", text: "1.21.0\n" },
        { path: "widget/__init__.py", text: '__version__ = "1.20.0"\n' },
      ],
    });
    expect(planNextDev(settings(), obs).fileUpdates.map((u) => u.path)).toEqual(["widget/__init__.py"]);
  });

  it("writes SemVer for a SemVer project", () => {
    const plan = planNextDev(
      settings({ scheme: "semver", released: "3.4.0", versionFiles: [{ path: "package.json", kind: "package-json" }] }),
      observation("x", { versionFiles: [{ path: "package.json", text: '{\n  "version": "3.4.0"\n}\n' }] }),
    );
    expect(plan.fileUpdates[0]?.newText).toBe('{\n  "version": "3.5.0"\n}\n');
  });

  it("skips with a reason when a version file is missing on the default branch", () => {
    const plan = planNextDev(
      settings(),
      observation("1.20.0", { versionFiles: [{ path: "VERSION_NUMBER", text: "1.20.0\n" }] }),
    );
    expect(plan).toMatchObject({ action: "skip", reason: "widget/__init__.py is missing on main: no next-dev PR" });
  });
});
