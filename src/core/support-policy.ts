/**
 * Pre-flight check of the Pythons a release supports against a support policy: SPEC 0 (a Python is supported for
 * 3 years after its release, https://scientific-python.org/specs/spec-0000/), NEP 29 (42 months,
 * https://numpy.org/neps/nep-0029-deprecation_policy.html) or an explicit list. Both documents generate their drop
 * tables with a fixed number of days (3 x 365 and 3.5 x 365, rounded up), not calendar months, so this does too: SPEC 0
 * drops Python 3.11 (released 2022-10-24) on 2025-10-23, and NEP 29 drops 3.8 (2019-10-14) on 2023-04-14. The support is read from pyproject.toml
 * (`requires-python` and `Programming Language :: Python :: 3.X` classifiers). The result is warnings, one line each:
 * a release that keeps a Python past the policy, or drops one still inside it.
 */
import { satisfies, validRange } from "@renovatebot/pep440";
import { ConfigError } from "./errors.js";
import { findProjectString, readProjectStringArray } from "./version-files/pyproject-project-table.js";

/** A support policy: a rolling window (spec-0, nep-29) or an explicit list of Python versions (`3.11`). */
export type SupportPolicy =
  | { readonly kind: "spec-0" }
  | { readonly kind: "nep-29" }
  | { readonly kind: "explicit"; readonly versions: readonly string[] };

/** Release dates (first X.Y.0) of CPython minor versions; update when a new Python ships. */
export const cpythonReleaseDates: Readonly<Record<string, string>> = {
  "3.6": "2016-12-23",
  "3.7": "2018-06-27",
  "3.8": "2019-10-14",
  "3.9": "2020-10-05",
  "3.10": "2021-10-04",
  "3.11": "2022-10-24",
  "3.12": "2023-10-02",
  "3.13": "2024-10-07",
  "3.14": "2025-10-07",
  "3.15": "2026-10-01",
};

/** CPython ships a minor version every year (PEP 602): a table whose newest entry is older than this is behind. */
const TABLE_STALE_AFTER_DAYS = 400;

/** How many days after its release a policy keeps supporting a Python, as each document's drop table counts them. */
export const supportWindowDays: Readonly<Record<"spec-0" | "nep-29", number>> = { "spec-0": 1095, "nep-29": 1278 };

/** Reads the config value of the policy: `spec-0`, `nep-29`, or a list of versions such as ["3.10", "3.11"]. */
export function parseSupportPolicy(value: unknown): SupportPolicy {
  if (value === "spec-0" || value === "nep-29") return { kind: value };
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && /^3\.\d+$/.test(v))) {
    return { kind: "explicit", versions: sortVersions(value as string[]) };
  }
  throw new ConfigError(
    `support policy ${JSON.stringify(value)} is not valid: use spec-0, nep-29, or a list of Python versions like ["3.11", "3.12"]`,
  );
}

/** What pyproject.toml declares about Python support. */
export interface PythonSupportDeclaration {
  /** `[project].requires-python`, or null when absent. */
  readonly requiresPython: string | null;
  /** The `3.X` of every `Programming Language :: Python :: 3.X` classifier, ascending. */
  readonly classifierVersions: readonly string[];
}

/** Reads requires-python and the Python 3.X classifiers from pyproject.toml text. */
export function readPythonSupport(pyprojectText: string): PythonSupportDeclaration {
  const classifiers = readProjectStringArray(pyprojectText, "classifiers") ?? [];
  const versions = classifiers
    .map((classifier) => /^Programming Language :: Python :: (3\.\d+)\s*$/.exec(classifier)?.[1])
    .filter((version): version is string => version !== undefined);
  return {
    requiresPython: findProjectString(pyprojectText, "requires-python")?.value ?? null,
    classifierVersions: sortVersions([...new Set(versions)]),
  };
}

/** Inputs of the check. */
export interface SupportPolicyInput {
  readonly policy: SupportPolicy;
  /** The day of the release (usually today). */
  readonly releaseDate: Date;
  readonly pyprojectText: string;
}

/** Result of the check. */
export interface SupportPolicyReport {
  /** Pythons (released by the release date) that the release supports, ascending. */
  readonly supported: readonly string[];
  /** Pythons the policy says the release should support, ascending. */
  readonly required: readonly string[];
  /** One line per problem; empty when the release follows the policy. */
  readonly warnings: readonly string[];
}

/** Compares the declared Python support with the policy at the release date. */
export function checkSupportPolicy({ policy, releaseDate, pyprojectText }: SupportPolicyInput): SupportPolicyReport {
  const declaration = readPythonSupport(pyprojectText);
  const warnings: string[] = [];
  const stale = releaseTableStaleness(releaseDate);
  if (stale !== null) warnings.push(stale);
  const { requiresPython, classifierVersions } = declaration;
  if (requiresPython === null && classifierVersions.length === 0) {
    warnings.push(
      "pyproject.toml declares neither requires-python nor Python classifiers: the support policy cannot be checked; add requires-python",
    );
    return { supported: [], required: requiredBy(policy, releaseDate), warnings };
  }
  if (requiresPython !== null && !validRange(requiresPython)) {
    warnings.push(`requires-python "${requiresPython}" is not a valid version specifier: fix it, e.g. ">=3.11"`);
  }
  const known = new Set([...Object.keys(cpythonReleaseDates), ...classifierVersions]);
  const released = [...known].filter((v) => releaseDateOf(v) <= releaseDate.getTime());
  const allowed = (v: string): boolean => requiresPython === null || allowsMinor(requiresPython, v);
  const supported = sortVersions(
    requiresPython === null ? classifierVersions.filter((v) => released.includes(v)) : released.filter(allowed),
  );
  const required = requiredBy(policy, releaseDate);

  for (const version of supported.filter((v) => !required.includes(v))) {
    warnings.push(
      `keeps Python ${version} ${whyNotRequired(policy, version)}: raise requires-python and drop its classifier`,
    );
  }
  for (const version of required.filter((v) => !supported.includes(v))) {
    const where =
      requiresPython === null ? "no classifier lists it" : `requires-python "${requiresPython}" excludes it`;
    warnings.push(`drops Python ${version}, ${whyRequired(policy, version)}: ${where}; keep supporting it`);
  }
  if (requiresPython !== null && classifierVersions.length > 0) {
    for (const version of classifierVersions.filter((v) => !allowed(v))) {
      warnings.push(
        `lists Python ${version} in its classifiers but requires-python "${requiresPython}" excludes it: remove the classifier`,
      );
    }
    for (const version of required.filter((v) => supported.includes(v) && !classifierVersions.includes(v))) {
      warnings.push(
        `supports Python ${version} but has no classifier for it: add "Programming Language :: Python :: ${version}"`,
      );
    }
  }
  return { supported, required, warnings };
}

/**
 * A warning when the release date table is more than a year behind the release date: a Python released since then is
 * missing, and a window policy would not ask for it. Null while the table is current.
 */
export function releaseTableStaleness(today: Date): string | null {
  const [newest, date] = Object.entries(cpythonReleaseDates).reduce((a, b) => (minorOf(a[0]) >= minorOf(b[0]) ? a : b));
  const released = Date.parse(`${date}T00:00:00Z`);
  if (today.getTime() - released <= TABLE_STALE_AFTER_DAYS * DAY_MS) return null;
  return `the Python release table ends at ${newest} (${date}), more than a year before ${day(today.getTime())}: a newer Python is missing from the policy check; upgrade release-kit`;
}

/** The Pythons a policy requires at a date: for a window, those released within it; for a list, the list. */
function requiredBy(policy: SupportPolicy, date: Date): string[] {
  if (policy.kind === "explicit") return [...policy.versions];
  const days = supportWindowDays[policy.kind];
  return sortVersions(
    Object.keys(cpythonReleaseDates).filter((version) => {
      const released = releaseDateOf(version);
      return released <= date.getTime() && date.getTime() < addDays(released, days);
    }),
  );
}

function whyNotRequired(policy: SupportPolicy, version: string): string {
  if (policy.kind === "explicit") return `outside the support policy list (${policy.versions.join(", ")})`;
  const released = releaseDateOf(version);
  if (!Number.isFinite(released)) return `past the ${policy.kind} window (older than every Python in the date table)`;
  const ended = addDays(released, supportWindowDays[policy.kind]);
  return `past the ${policy.kind} window (released ${day(released)}, support ended ${day(ended)})`;
}

function whyRequired(policy: SupportPolicy, version: string): string {
  if (policy.kind === "explicit") return `which the support policy (${policy.versions.join(", ")}) includes`;
  const until = addDays(releaseDateOf(version), supportWindowDays[policy.kind]);
  return `still inside the ${policy.kind} window until ${day(until)}`;
}

/** True when some patch release of Python `3.X` satisfies the specifier (`>=3.9.1` still allows 3.9). */
function allowsMinor(specifier: string, minor: string): boolean {
  return satisfies(`${minor}.0`, specifier) || satisfies(`${minor}.99`, specifier);
}

function releaseDateOf(version: string): number {
  const date = cpythonReleaseDates[version];
  if (date !== undefined) return Date.parse(`${date}T00:00:00Z`);
  // Not in the table: older than its oldest entry means released long ago; newer means not released yet.
  const oldest = Math.min(...Object.keys(cpythonReleaseDates).map(minorOf));
  return minorOf(version) < oldest ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

const DAY_MS = 86_400_000;

function addDays(time: number, days: number): number {
  return time + days * DAY_MS;
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function minorOf(version: string): number {
  return Number(version.split(".")[1]);
}

function sortVersions(versions: readonly string[]): string[] {
  return [...versions].sort((a, b) => minorOf(a) - minorOf(b));
}
