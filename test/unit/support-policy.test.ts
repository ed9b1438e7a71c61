/**
 * The Python support policy check (SPEC 0, NEP 29): release dates, requires-python and classifiers, and its warnings.
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import {
  checkSupportPolicy,
  cpythonReleaseDates,
  parseSupportPolicy,
  readPythonSupport,
  releaseTableStaleness,
} from "../../src/core/support-policy.js";

function pyproject(requiresPython: string | null, classifierVersions: readonly string[]): string {
  const classifiers = classifierVersions.map((v) => `    "Programming Language :: Python :: ${v}",`).join("\n");
  return [
    "[build-system]",
    'requires = ["setuptools>=64"]',
    "",
    "[project]",
    'name = "widget"',
    ...(requiresPython === null ? [] : [`requires-python = "${requiresPython}"`]),
    "classifiers = [",
    '    "License :: OSI Approved :: Apache Software License",',
    classifiers,
    '    "Programming Language :: Python :: 3 :: Only",  # not a minor version',
    "]",
    "",
    "[project.urls]",
    'Homepage = "https://example.org"',
    "",
  ].join("\n");
}

const spec0 = parseSupportPolicy("spec-0");
const nep29 = parseSupportPolicy("nep-29");

describe("support policy", () => {
  it("has the CPython 3.8 to 3.15 release dates", () => {
    expect(cpythonReleaseDates).toMatchObject({
      "3.8": "2019-10-14",
      "3.9": "2020-10-05",
      "3.10": "2021-10-04",
      "3.11": "2022-10-24",
      "3.12": "2023-10-02",
      "3.13": "2024-10-07",
      "3.14": "2025-10-07",
      "3.15": "2026-10-01",
    });
  });

  // The drop dates published in SPEC 0's and NEP 29's own tables (each counts days: 1095 and 1278).
  it.each([
    ["spec-0", "3.10", "2024-10-03"],
    ["spec-0", "3.11", "2025-10-23"],
    ["spec-0", "3.12", "2026-10-01"],
    ["nep-29", "3.8", "2023-04-14"],
    ["nep-29", "3.9", "2024-04-05"],
    ["nep-29", "3.10", "2025-04-04"],
  ] as const)("%s drops Python %s on %s, as its table says", (policy, version, dropDate) => {
    const required = (date: string): readonly string[] =>
      checkSupportPolicy({
        policy: parseSupportPolicy(policy),
        releaseDate: new Date(`${date}T00:00:00Z`),
        pyprojectText: pyproject(">=3.8", []),
      }).required;
    const before = new Date(Date.parse(`${dropDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(required(before)).toContain(version);
    expect(required(dropDate)).not.toContain(version);
  });

  it("warns when the release table is more than a year behind the release date", () => {
    expect(releaseTableStaleness(new Date("2026-12-02T00:00:00Z"))).toBeNull();
    expect(releaseTableStaleness(new Date("2028-01-15T00:00:00Z"))).toMatch(
      /^the Python release table ends at 3\.15 \(2026-10-01\), more than a year before 2028-01-15: .*upgrade release-kit$/,
    );
    const report = checkSupportPolicy({
      policy: spec0,
      releaseDate: new Date("2028-01-15T00:00:00Z"),
      pyprojectText: pyproject(">=3.13", ["3.13", "3.14", "3.15"]),
    });
    expect(report.warnings[0]).toMatch(/release table ends at 3\.15/);
  });

  it("reads requires-python and the Python 3.X classifiers", () => {
    expect(readPythonSupport(pyproject(">=3.10", ["3.12", "3.10", "3.11"]))).toEqual({
      requiresPython: ">=3.10",
      classifierVersions: ["3.10", "3.11", "3.12"],
    });
    expect(readPythonSupport("[project]\nname = 'x'\n")).toEqual({ requiresPython: null, classifierVersions: [] });
  });

  it("is silent when the release follows SPEC 0", () => {
    const report = checkSupportPolicy({
      policy: spec0,
      releaseDate: new Date("2025-11-01T00:00:00Z"),
      pyprojectText: pyproject(">=3.12", ["3.12", "3.13", "3.14"]),
    });
    expect(report).toEqual({ supported: ["3.12", "3.13", "3.14"], required: ["3.12", "3.13", "3.14"], warnings: [] });
  });

  it("warns when a release keeps a Python past SPEC 0", () => {
    const report = checkSupportPolicy({
      policy: spec0,
      releaseDate: new Date("2025-11-01T00:00:00Z"),
      pyprojectText: pyproject(">=3.10", ["3.10", "3.11", "3.12", "3.13", "3.14"]),
    });
    expect(report.warnings).toEqual([
      "keeps Python 3.10 past the spec-0 window (released 2021-10-04, support ended 2024-10-03): raise requires-python and drop its classifier",
      "keeps Python 3.11 past the spec-0 window (released 2022-10-24, support ended 2025-10-23): raise requires-python and drop its classifier",
    ]);
  });

  it("keeps Python 3.11 inside NEP 29 at the same date", () => {
    const report = checkSupportPolicy({
      policy: nep29,
      releaseDate: new Date("2025-11-01T00:00:00Z"),
      pyprojectText: pyproject(">=3.11", ["3.11", "3.12", "3.13", "3.14"]),
    });
    expect(report.warnings).toEqual([]);
    expect(report.required).toEqual(["3.11", "3.12", "3.13", "3.14"]);
  });

  it("warns when a release drops a Python still inside the policy", () => {
    const report = checkSupportPolicy({
      policy: nep29,
      releaseDate: new Date("2025-11-01T00:00:00Z"),
      pyprojectText: pyproject(">=3.12,<3.14", ["3.12", "3.13"]),
    });
    expect(report.warnings).toEqual([
      'drops Python 3.11, still inside the nep-29 window until 2026-04-24: requires-python ">=3.12,<3.14" excludes it; keep supporting it',
      'drops Python 3.14, still inside the nep-29 window until 2029-04-07: requires-python ">=3.12,<3.14" excludes it; keep supporting it',
    ]);
  });

  it("does not ask for a Python released after the release date", () => {
    const report = checkSupportPolicy({
      policy: spec0,
      releaseDate: new Date("2024-06-01T00:00:00Z"),
      pyprojectText: pyproject(">=3.10", ["3.10", "3.11", "3.12"]),
    });
    expect(report.required).toEqual(["3.10", "3.11", "3.12"]);
    expect(report.supported).toEqual(["3.10", "3.11", "3.12"]);
    expect(report.warnings).toEqual([]);
  });

  it("checks against an explicit list", () => {
    const report = checkSupportPolicy({
      policy: parseSupportPolicy(["3.11", "3.12", "3.13"]),
      releaseDate: new Date("2025-01-01T00:00:00Z"),
      pyprojectText: pyproject(">=3.10,<3.13", ["3.10", "3.11", "3.12"]),
    });
    expect(report.warnings).toEqual([
      "keeps Python 3.10 outside the support policy list (3.11, 3.12, 3.13): raise requires-python and drop its classifier",
      'drops Python 3.13, which the support policy (3.11, 3.12, 3.13) includes: requires-python ">=3.10,<3.13" excludes it; keep supporting it',
    ]);
  });

  it("flags classifiers that disagree with requires-python", () => {
    const report = checkSupportPolicy({
      policy: spec0,
      releaseDate: new Date("2025-11-01T00:00:00Z"),
      pyprojectText: pyproject(">=3.12", ["3.11", "3.12", "3.13"]),
    });
    expect(report.warnings).toEqual([
      'lists Python 3.11 in its classifiers but requires-python ">=3.12" excludes it: remove the classifier',
      'supports Python 3.14 but has no classifier for it: add "Programming Language :: Python :: 3.14"',
    ]);
  });

  it("uses the classifiers when there is no requires-python, and knows Pythons older than the table are past", () => {
    const report = checkSupportPolicy({
      policy: spec0,
      releaseDate: new Date("2025-11-01T00:00:00Z"),
      pyprojectText: pyproject(null, ["3.5", "3.12", "3.13", "3.14"]),
    });
    expect(report.warnings).toEqual([
      "keeps Python 3.5 past the spec-0 window (older than every Python in the date table): raise requires-python and drop its classifier",
    ]);
  });

  it("says when nothing declares the supported Pythons", () => {
    const report = checkSupportPolicy({
      policy: spec0,
      releaseDate: new Date("2025-11-01T00:00:00Z"),
      pyprojectText: '[project]\nname = "widget"\n',
    });
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/neither requires-python nor Python classifiers.*add requires-python$/);
  });

  it("reports an invalid requires-python", () => {
    const report = checkSupportPolicy({
      policy: spec0,
      releaseDate: new Date("2025-11-01T00:00:00Z"),
      pyprojectText: pyproject("three point ten", ["3.12"]),
    });
    expect(report.warnings[0]).toBe(
      'requires-python "three point ten" is not a valid version specifier: fix it, e.g. ">=3.11"',
    );
  });

  it.each([["spec-1"], [[]], [["3"]], [42]])("refuses the policy %j with the choices", (value) => {
    expect(() => parseSupportPolicy(value)).toThrow(ConfigError);
    expect(() => parseSupportPolicy(value)).toThrow(/use spec-0, nep-29, or a list of Python versions/);
  });
});
