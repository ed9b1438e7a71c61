/**
 * Tag and release-branch names made from configured patterns (`v{version}`, `rel-{version}`), and the way back from a
 * tag to its version. A pattern holds `{version}` exactly once; its other characters must be valid in a git ref.
 */
import { ConfigError, InputError } from "../errors.js";

/** Placeholders a tag or branch pattern may use. */
export const patternPlaceholders: readonly string[] = ["{version}"];

const PLACEHOLDER = "{version}";

/** Characters and sequences git refuses in ref names (see `git check-ref-format`). */
const REF_UNSAFE = /[\s~^:?*[\\\p{Cc}]|\.\.|@\{|\/\/|\/\.|^-|^\/|^\.|\.lock$|\.lock\/|\/$|\.$/u;

/** Checks a pattern; throws ConfigError naming the config key, the problem and the placeholders allowed. */
export function validateVersionPattern(pattern: string, key = "project.tag"): void {
  const fail = (problem: string): never => {
    throw new ConfigError(
      `${key}: "${pattern}" ${problem} (expected a pattern such as v{version}; placeholders: ${patternPlaceholders.join(", ")})`,
    );
  };
  if (/(^|\/)refs\//.test(pattern)) {
    fail(`names a full ref: give the ${key === "project.tag" ? "tag" : "branch"} name alone, without refs/`);
  }
  const count = pattern.split(PLACEHOLDER).length - 1;
  if (count === 0) fail(`does not contain ${PLACEHOLDER}`);
  if (count > 1) fail(`contains ${PLACEHOLDER} ${count} times, it must appear once`);
  const unknown = /\{[^}]*\}/.exec(pattern.replace(PLACEHOLDER, ""));
  if (unknown !== null) fail(`uses the unknown placeholder ${unknown[0]}`);
  if (/[{}]/.test(pattern.replace(PLACEHOLDER, ""))) fail("has an unmatched brace");
  if (REF_UNSAFE.test(pattern.replace(PLACEHOLDER, "1.0.0"))) fail("would not be a valid git ref name");
}

/** The tag of a version: (`v{version}`, `1.20.0rc1`) -> `v1.20.0rc1`. */
export function tagForVersion(pattern: string, version: string): string {
  validateVersionPattern(pattern, "project.tag");
  assertRefSafeVersion(version);
  return pattern.replace(PLACEHOLDER, version);
}

/** The version text inside a tag, or null when the tag does not match the pattern; `refs/tags/` is ignored. */
export function versionFromTag(pattern: string, tag: string): string | null {
  validateVersionPattern(pattern, "project.tag");
  const name = tag.startsWith("refs/tags/") ? tag.slice("refs/tags/".length) : tag;
  const at = pattern.indexOf(PLACEHOLDER);
  const prefix = pattern.slice(0, at);
  const suffix = pattern.slice(at + PLACEHOLDER.length);
  if (name.length <= prefix.length + suffix.length) return null;
  if (!name.startsWith(prefix) || !name.endsWith(suffix)) return null;
  return name.slice(prefix.length, name.length - suffix.length);
}

/** The release branch of a base version: (`rel-{version}`, `1.20.0`) -> `rel-1.20.0`; the version must be X.Y.Z. */
export function releaseBranchName(pattern: string, baseVersion: string): string {
  validateVersionPattern(pattern, "project.release-branch");
  if (!/^\d+\.\d+\.\d+$/.test(baseVersion)) {
    throw new InputError(
      `release branch version "${baseVersion}" is not X.Y.Z: name the branch after the base version, e.g. 1.20.0`,
    );
  }
  return pattern.replace(PLACEHOLDER, baseVersion);
}

function assertRefSafeVersion(version: string): void {
  if (version === "" || REF_UNSAFE.test(`x${version}x`) || version.includes("/")) {
    throw new InputError(`"${version}" cannot be part of a git tag name: give a version such as 1.20.0rc1`);
  }
}
