/**
 * The typed model of a release version that release-kit cuts: X.Y.Z, optionally a pre-release (alpha, beta or
 * release candidate N) and optionally a development release N. Schemes (PEP 440, SemVer) parse into and format from it.
 */
import { InputError } from "../errors.js";

/** The version schemes release-kit understands (config key `project.version-scheme`). */
export type VersionScheme = "pep440" | "semver";

/** The kind of a pre-release, in PEP 440 spelling: alpha, beta, release candidate. */
export type PreReleaseKind = "a" | "b" | "rc";

/** A pre-release marker such as `rc1`. */
export interface PreRelease {
  readonly kind: PreReleaseKind;
  readonly number: number;
}

/** A release version: X.Y.Z plus an optional pre-release and an optional dev number. */
export interface ReleaseVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** `null` for a final release or a plain dev release. */
  readonly pre: PreRelease | null;
  /** `null` unless this is a development release (`.devN`). */
  readonly dev: number | null;
}

/**
 * Refuses a version text holding a number JavaScript cannot count exactly (above 2^53 - 1): it would be rounded
 * silently, and `1.20.9007199254740993` would be tagged as another version. One rule for every scheme and every input.
 */
export function assertExactNumbers(text: string): void {
  for (const digits of text.match(/\d+/g) ?? []) {
    if (!Number.isSafeInteger(Number(digits))) {
      throw new InputError(
        `"${text.trim()}" has the number ${digits}, larger than ${Number.MAX_SAFE_INTEGER}: use a smaller version number`,
      );
    }
  }
}

/** Builds a final release X.Y.Z. */
export function finalVersion(major: number, minor: number, patch: number): ReleaseVersion {
  return { major, minor, patch, pre: null, dev: null };
}

/** The final release a version leads to: `1.20.0rc1` -> `1.20.0`. */
export function baseVersionOf(version: ReleaseVersion): ReleaseVersion {
  return finalVersion(version.major, version.minor, version.patch);
}

/** Release candidate N of a base version: (`1.20.0`, 2) -> `1.20.0rc2`. */
export function releaseCandidateOf(base: ReleaseVersion, rc: number): ReleaseVersion {
  if (!Number.isSafeInteger(rc) || rc < 1) {
    throw new InputError(`release candidate number ${rc} is invalid: give a whole number of 1 or more (e.g. --rc 1)`);
  }
  return { ...baseVersionOf(base), pre: { kind: "rc", number: rc } };
}

/** True for X.Y.Z with neither a pre-release nor a dev part. */
export function isFinalVersion(version: ReleaseVersion): boolean {
  return version.pre === null && version.dev === null;
}

/** True when the version is release candidate N of some base (`1.20.0rc3`, not `1.20.0rc3.dev1`). */
export function isReleaseCandidate(version: ReleaseVersion): boolean {
  return version.pre?.kind === "rc" && version.dev === null;
}

/** True when both versions have the same X.Y.Z. */
export function sameBaseVersion(a: ReleaseVersion, b: ReleaseVersion): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch;
}

/** True when the two versions are the same in every part. */
export function versionsEqual(a: ReleaseVersion, b: ReleaseVersion): boolean {
  return (
    sameBaseVersion(a, b) &&
    a.dev === b.dev &&
    (a.pre === null ? b.pre === null : b.pre !== null && a.pre.kind === b.pre.kind && a.pre.number === b.pre.number)
  );
}
