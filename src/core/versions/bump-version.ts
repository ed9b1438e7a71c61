/** Moving a version forward: the next major, minor or patch release (e.g. the next development line after a final). */
import { ConfigError } from "../errors.js";
import { finalVersion, type ReleaseVersion } from "./release-version.js";

/** Which part of X.Y.Z to increase. */
export type VersionBump = "major" | "minor" | "patch";

const BUMPS: Readonly<Record<VersionBump, (v: ReleaseVersion) => ReleaseVersion>> = {
  major: (v) => finalVersion(v.major + 1, 0, 0),
  minor: (v) => finalVersion(v.major, v.minor + 1, 0),
  patch: (v) => finalVersion(v.major, v.minor, v.patch + 1),
};

/** The next final release after `version`'s base: (`1.20.0`, "minor") -> `1.21.0`; `bump` is a VersionBump. */
export function bumpVersion(version: ReleaseVersion, bump: string): ReleaseVersion {
  if (!Object.hasOwn(BUMPS, bump)) {
    throw new ConfigError(`unknown version bump "${bump}": use one of ${Object.keys(BUMPS).join(", ")}`);
  }
  return BUMPS[bump as VersionBump](version);
}
