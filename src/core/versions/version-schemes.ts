/**
 * The name-keyed registry of version schemes and the scheme-generic operations on it: parse, format, compare and
 * convert between schemes (`1.20.0rc1` <-> `1.20.0-rc.1`).
 */
import { ConfigError } from "../errors.js";
import { pep440Scheme } from "./pep440-scheme.js";
import type { ReleaseVersion, VersionScheme } from "./release-version.js";
import { semverScheme } from "./semver-scheme.js";
import type { VersionSchemeDefinition } from "./version-scheme-definition.js";

const SCHEMES: Readonly<Record<VersionScheme, VersionSchemeDefinition>> = {
  pep440: pep440Scheme,
  semver: semverScheme,
};

/** Names of every known version scheme, for config validation and error messages. */
export const versionSchemeNames: readonly VersionScheme[] = Object.keys(SCHEMES) as VersionScheme[];

/** True when `name` is a known version scheme. */
export function isVersionScheme(name: string): name is VersionScheme {
  return Object.hasOwn(SCHEMES, name);
}

/** The scheme called `name`; an unknown name is a ConfigError listing the known ones. */
export function getVersionScheme(name: string): VersionSchemeDefinition {
  if (!isVersionScheme(name)) {
    throw new ConfigError(
      `unknown version scheme "${name}": use one of ${versionSchemeNames.join(", ")} (project.version-scheme)`,
    );
  }
  return SCHEMES[name];
}

/** Parses a version in the given scheme; throws InputError naming the bad text and showing a valid example. */
export function parseVersion(text: string, scheme: VersionScheme): ReleaseVersion {
  return getVersionScheme(scheme).parse(text);
}

/** Formats a version in the canonical spelling of the given scheme. */
export function formatVersion(version: ReleaseVersion, scheme: VersionScheme): string {
  return getVersionScheme(scheme).format(version);
}

/** Orders two versions as the scheme's reference library does (negative, zero, positive). */
export function compareVersions(a: ReleaseVersion, b: ReleaseVersion, scheme: VersionScheme): number {
  return Math.sign(getVersionScheme(scheme).compare(a, b));
}

/** Rewrites a version from one scheme's spelling to another's: `1.20.0rc1` (pep440) -> `1.20.0-rc.1` (semver). */
export function convertVersion(text: string, from: VersionScheme, to: VersionScheme): string {
  return formatVersion(parseVersion(text, from), to);
}
