/**
 * The config loader's problem lines: every problem in file order with its line, unknown keys with a did-you-mean,
 * missing keys at their parent, wrong types named.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { ConfigError } from "../../src/core/errors.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/config");

/** The problem lines of a text that must be rejected. */
function problemsOf(text: string, fileName = "release-kit.yml"): readonly string[] {
  try {
    parseConfig(text, fileName);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const lines = (...rows: string[]): string => rows.join("\n") + "\n";

describe("problem lines", () => {
  it("lists every problem of a file with many, in file order, with the line of each", () => {
    const text = readFileSync(path.join(fixtures, "many-problems.yml"), "utf8");
    const expected = readFileSync(path.join(fixtures, "many-problems.expected.txt"), "utf8").trimEnd().split("\n");
    expect(problemsOf(text, "many-problems.yml")).toEqual(expected);
  });

  it("reports an unknown key with the keys allowed there and a did-you-mean", () => {
    expect(problemsOf(lines("project:", "  repo: a/b", "checklist:", "  titel: Release {version}"))).toEqual([
      'release-kit.yml:4: checklist.titel: unknown key "titel", did you mean "title"? (expected one of: template, title, labels, lessons-dir)',
    ]);
  });

  it("suggests the kebab-case key for a snake_case or camelCase one", () => {
    expect(problemsOf(lines("project:", "  repo: a/b", "  versionScheme: semver", "  default_branch: main"))).toEqual([
      'release-kit.yml:3: project.versionScheme: unknown key "versionScheme", did you mean "version-scheme"? (expected one of: repo, version-scheme, version-files, release-branch, tag, default-branch, sign-off, commit-author, python-support)',
      'release-kit.yml:4: project.default_branch: unknown key "default_branch", did you mean "default-branch"? (expected one of: repo, version-scheme, version-files, release-branch, tag, default-branch, sign-off, commit-author, python-support)',
    ]);
  });

  it("reports an unknown key with no close match without guessing", () => {
    expect(problemsOf(lines("project: {repo: a/b}", "", "frobnicate: true"))).toEqual([
      'release-kit.yml:3: frobnicate: unknown key "frobnicate" (expected one of: project, rc, final, publish, pypi, conda-forge, downstream, downstream-check, partners, checklist, github)',
    ]);
  });

  it("points a missing required key at its parent", () => {
    expect(problemsOf(lines("# comment", "project:", "  tag: v{version}"))).toEqual([
      "release-kit.yml:2: project.repo: is missing (expected a GitHub repository as owner/name, e.g. onnx/onnx)",
    ]);
    expect(problemsOf(lines("pypi:", "  package: x"))).toEqual([
      "release-kit.yml:1: project: is missing (expected a map with at least repo: owner/name)",
    ]);
  });

  it("names the type it found and the one it expected", () => {
    expect(problemsOf(lines("project: {repo: a/b}", "downstream:", "  name: x"))).toEqual([
      "release-kit.yml:2: downstream: is a map (expected a list)",
    ]);
    expect(problemsOf(lines("project:", "  repo: a/b", "rc:", "  next-dev-pr: sometimes"))).toEqual([
      "release-kit.yml:4: rc.next-dev-pr: is a string (expected true or false)",
    ]);
    expect(problemsOf(lines("project: {repo: a/b}", "downstream-check:", "  shards: 1.5"))).toEqual([
      "release-kit.yml:3: downstream-check.shards: is the number 1.5 (expected a whole number)",
    ]);
    expect(problemsOf(lines("project:", "  repo:"))).toEqual([
      "release-kit.yml:2: project.repo: is empty (expected a GitHub repository as owner/name, e.g. onnx/onnx)",
    ]);
  });

  it("says what a union accepts when the value fits none of its forms", () => {
    expect(
      problemsOf(lines("project: {repo: a/b}", "downstream:", "  - name: x", "    repo: c/d", "    test: true")),
    ).toEqual([
      "release-kit.yml:5: downstream[0].test: is true (a boolean) (expected an argument list such as [python, -m, pytest])",
    ]);
    expect(problemsOf(lines("project: {repo: a/b}", "downstream-check: {concurrency: [2]}"))).toEqual([
      "release-kit.yml:2: downstream-check.concurrency: is a list (expected a whole number of runs, or auto)",
    ]);
  });

  it("rejects an enum value with the allowed values", () => {
    expect(
      problemsOf(lines("project: {repo: a/b}", "conda-forge:", "  feedstock: c/d", "  rerender: sometimes")),
    ).toEqual([
      'release-kit.yml:4: conda-forge.rerender: "sometimes" is not allowed (expected one of: auto, always, never)',
    ]);
  });

  it("rejects tag and branch patterns that name a full ref", () => {
    expect(
      problemsOf(
        lines("project:", "  repo: a/b", "  tag: refs/tags/v{version}", "  release-branch: refs/heads/rel-{version}"),
      ),
    ).toEqual([
      "release-kit.yml:3: project.tag: names a full ref (expected the tag name alone, without refs/, e.g. v{version})",
      "release-kit.yml:4: project.release-branch: names a full ref (expected the branch name alone, without refs/, e.g. rel-{version})",
    ]);
  });

  it("rejects templates without {version} and unknown placeholders", () => {
    expect(problemsOf(lines("project:", "  repo: a/b", "  tag: release"))).toEqual([
      'release-kit.yml:3: project.tag: "release" is not valid (expected a git ref name containing {version}, e.g. rel-{version} or v{version})',
    ]);
    expect(
      problemsOf(lines("project: {repo: a/b}", "publish:", "  workflow: r.yml", "  inputs:", "    v: '{vesion}'")),
    ).toEqual([
      "release-kit.yml:5: publish.inputs.v: uses unknown placeholder {vesion}, did you mean {version}? (expected only {tag}, {version}, {branch})",
    ]);
    expect(problemsOf(lines("project:", "  repo: a/b", "  tag: v{version}", "  release-branch: v{version}"))).toEqual([
      "release-kit.yml:3: project.tag: is the same pattern as release-branch (expected a tag name that differs from the branch name, e.g. v{version})",
    ]);
  });

  it("requires a non-blank reason for skip, skip-tests and quiet", () => {
    expect(
      problemsOf(
        lines(
          "project: {repo: a/b}",
          "downstream:",
          "  - name: x",
          "    repo: c/d",
          "    test: [t]",
          "    skip-tests:",
        ),
      ),
    ).toEqual([
      'release-kit.yml:6: downstream[0].skip-tests: is empty (expected a reason saying why, e.g. "needs a GPU runner")',
    ]);
  });

  it("checks the keys of a downstream entry that only work together", () => {
    expect(
      problemsOf(
        lines(
          "project: {repo: a/b}",
          "downstream:",
          "  - name: d",
          "    mode: dispatch",
          "    repo: https://example.invalid/d.git",
          "    test: [pytest]",
          "  - name: r",
          "    repo: c/r",
          "    workflow: ci.yml",
          "  - name: both",
          "    repo: c/b",
          "    path: ./b",
          "    test: [t]",
        ),
      ),
    ).toEqual([
      "release-kit.yml:3: downstream[0].workflow: is missing (expected a workflow file name, required when mode is dispatch)",
      "release-kit.yml:5: downstream[0].repo: is a git URL (expected owner/name on GitHub with mode: dispatch)",
      "release-kit.yml:6: downstream[0].test: is only used with mode: run (expected no test with mode: dispatch)",
      "release-kit.yml:7: downstream[1].test: is missing, and so is build (expected a build or test command, or skip: with a reason)",
      "release-kit.yml:9: downstream[1].workflow: is only used with mode: dispatch (expected mode: dispatch, or no workflow)",
      "release-kit.yml:12: downstream[2].path: cannot be used together with repo (expected one of repo and path)",
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const problems = problemsOf(lines("project:", "  repo: a/b", "partners: [a/b, c/d", "checklist: {}"));
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems)
      expect(problem).toMatch(/^release-kit\.yml:\d+: \(yaml syntax\): .+ \(expected valid YAML; .+\)$/);
    expect(problems[0]).toMatch(/^release-kit\.yml:[34]: /);
  });

  it("reports a duplicate key as a YAML error on the line of the second one", () => {
    expect(problemsOf(lines("project:", "  repo: a/b", "  repo: c/d"))).toEqual([
      'release-kit.yml:3: (yaml syntax): Map keys must be unique (expected valid YAML; quote values that contain ": " or " #")',
    ]);
  });

  it("rejects a second YAML document in the file", () => {
    expect(problemsOf(lines("project: {repo: a/b}", "---", "project: {repo: c/d}"))).toEqual([
      'release-kit.yml:2: (yaml syntax): the file holds more than one YAML document (a second ---) (expected valid YAML; quote values that contain ": " or " #")',
    ]);
  });

  it("rejects an empty file and a file that is not a map", () => {
    expect(problemsOf("# nothing yet\n")).toEqual([
      "release-kit.yml:1: (top level): the file is empty (expected at least project: {repo: owner/name})",
    ]);
    expect(problemsOf("- project\n")).toEqual(["release-kit.yml:1: (top level): is a list (expected a map)"]);
  });
});

describe("the ConfigError", () => {
  it("is the problem itself when there is one", () => {
    const error = (() => {
      try {
        parseConfig("project: {repo: x}\n", "rk.yml");
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.message).toBe(
      'rk.yml:1: project.repo: "x" is not valid (expected a GitHub repository as owner/name, e.g. onnx/onnx)',
    );
    expect(error.exitCode).toBe(2);
  });

  it("counts the problems and shows the first when there are several", () => {
    try {
      parseConfig("project: {repo: x, tag: y}\n", "rk.yml");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(
        /^rk\.yml has 2 problems, the first: rk\.yml:1: project\.repo: .* \(run "release-kit config check" to list them all\)$/,
      );
    }
  });
});
