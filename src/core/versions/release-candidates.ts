/**
 * What the existing tags say about a release: which release candidates of a base version are tagged, the next RC
 * number, whether the final is tagged, and the latest final release. Tags that do not match the pattern or do not
 * read as a version in the scheme are ignored (a repository has all sorts of tags); tags the scheme reads as the same
 * version (`v1.20`, `v1.20.0` under PEP 440) count as that version.
 */
import { InputError } from "../errors.js";
import {
  baseVersionOf,
  isFinalVersion,
  isReleaseCandidate,
  sameBaseVersion,
  type ReleaseVersion,
  type VersionScheme,
} from "./release-version.js";
import { compareVersions, formatVersion, getVersionScheme, parseVersion } from "./version-schemes.js";
import { versionFromTag } from "./version-patterns.js";

/** A tag together with the version it names. */
export interface TaggedVersion {
  readonly tag: string;
  readonly version: ReleaseVersion;
}

/** Every tag that matches the pattern and parses in the scheme, in ascending version order. */
export function taggedVersions(tags: readonly string[], tagPattern: string, scheme: VersionScheme): TaggedVersion[] {
  const found: TaggedVersion[] = [];
  for (const tag of tags) {
    const text = versionFromTag(tagPattern, tag);
    const version = text === null ? null : getVersionScheme(scheme).readTag(text);
    if (version !== null) found.push({ tag: tag.replace(/^refs\/tags\//, ""), version });
  }
  return found.sort((a, b) => compareVersions(a.version, b.version, scheme));
}

/** RC numbers already tagged for a base version, ascending and without duplicates. */
export function existingRcNumbers(
  baseVersion: ReleaseVersion | string,
  tags: readonly string[],
  tagPattern: string,
  scheme: VersionScheme,
): number[] {
  const base = toBase(baseVersion, scheme);
  const numbers = new Set<number>();
  for (const { version } of taggedVersions(tags, tagPattern, scheme)) {
    if (isReleaseCandidate(version) && sameBaseVersion(version, base)) numbers.add(version.pre?.number ?? 0);
  }
  return [...numbers].sort((a, b) => a - b);
}

/** The RC number to cut next: 1 when no RC of this base version is tagged, else the highest plus one. */
export function nextRcNumber(
  baseVersion: ReleaseVersion | string,
  tags: readonly string[],
  tagPattern: string,
  scheme: VersionScheme,
): number {
  const numbers = existingRcNumbers(baseVersion, tags, tagPattern, scheme);
  return numbers.length === 0 ? 1 : (numbers[numbers.length - 1] ?? 0) + 1;
}

/** The tag of the final release of a base version, or null when it is not tagged. */
export function finalTagOf(
  baseVersion: ReleaseVersion | string,
  tags: readonly string[],
  tagPattern: string,
  scheme: VersionScheme,
): string | null {
  const base = toBase(baseVersion, scheme);
  const hit = taggedVersions(tags, tagPattern, scheme).find(
    ({ version }) => isFinalVersion(version) && sameBaseVersion(version, base),
  );
  return hit?.tag ?? null;
}

/** True when the final release of this base version is already tagged. */
export function hasFinalTag(
  baseVersion: ReleaseVersion | string,
  tags: readonly string[],
  tagPattern: string,
  scheme: VersionScheme,
): boolean {
  return finalTagOf(baseVersion, tags, tagPattern, scheme) !== null;
}

/** The highest final release among the tags (pre-releases and non-matching tags ignored), or null. */
export function latestFinalRelease(
  tags: readonly string[],
  tagPattern: string,
  scheme: VersionScheme,
): TaggedVersion | null {
  const finals = taggedVersions(tags, tagPattern, scheme).filter(({ version }) => isFinalVersion(version));
  return finals[finals.length - 1] ?? null;
}

function toBase(baseVersion: ReleaseVersion | string, scheme: VersionScheme): ReleaseVersion {
  const version = typeof baseVersion === "string" ? parseVersion(baseVersion, scheme) : baseVersion;
  if (!isFinalVersion(version)) {
    throw new InputError(
      `"${formatVersion(version, scheme)}" is not a base version: give X.Y.Z, e.g. ${formatVersion(baseVersionOf(version), scheme)}`,
    );
  }
  return version;
}
