/**
 * The versions `downstream run` compares when no flag names them: the newest release candidate tagged on the
 * project and the last final release before it, both read from the project's tags on GitHub.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { listTagRefs, tagPatternPrefix } from "../../adapters/github/git-refs.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { InputError, RemoteError } from "../../core/errors.js";
import {
  compareVersions,
  formatVersion,
  isReleaseCandidate,
  latestFinalRelease,
  parseVersion,
  tagForVersion,
  taggedVersions,
  type VersionScheme,
} from "../../core/versions/index.js";

/** One side of the comparison: the version text the downstream sees and its tag. */
export interface ComparedVersion {
  readonly version: string;
  readonly tag: string;
}

/** Where the versions come from. */
export interface VersionSource {
  /** `owner/name` of the project. */
  readonly repo: string;
  /** Tag pattern, e.g. `v{version}`. */
  readonly tagPattern: string;
  readonly scheme: VersionScheme;
}

/** Every tag of the project that starts like the pattern (one paginated request). */
export async function listProjectTags(gh: GitHubClient, source: VersionSource): Promise<string[]> {
  const { owner, repo } = splitRepo(source.repo);
  try {
    return (await listTagRefs(gh, owner, repo, tagPatternPrefix(source.tagPattern))).map((t) => t.name);
  } catch (error) {
    if (isNotFound(error))
      throw new RemoteError(`repository ${source.repo} was not found (or the token cannot see it): check project.repo`);
    throw error;
  }
}

/**
 * Picks the baseline and candidate from tags (pure): the candidate is the flag's version or the newest RC; the
 * baseline is the flag's version or the highest final release older than the candidate.
 */
export function pickComparedVersions(
  tags: readonly string[],
  source: Pick<VersionSource, "tagPattern" | "scheme">,
  flags: { readonly baseline?: string; readonly candidate?: string },
): { baseline: ComparedVersion; candidate: ComparedVersion } {
  const { tagPattern, scheme } = source;
  const tagged = taggedVersions(tags, tagPattern, scheme);
  const fromFlag = (text: string, flag: string): ComparedVersion => {
    // Validates the spelling in the project's scheme; the text is kept as given.
    try {
      parseVersion(text, scheme);
    } catch (error) {
      if (error instanceof InputError)
        throw new InputError(`--${flag} ${text}: ${error.message.replace(/^.*?: /, "")}`);
      throw error;
    }
    return { version: text, tag: tagForVersion(tagPattern, text) };
  };
  let candidate: ComparedVersion;
  if (flags.candidate !== undefined) candidate = fromFlag(flags.candidate, "candidate");
  else {
    const rcs = tagged.filter(({ version }) => isReleaseCandidate(version));
    const newest = rcs[rcs.length - 1];
    const lastFinal = latestFinalRelease(tags, tagPattern, scheme);
    if (
      newest === undefined ||
      (lastFinal !== null && compareVersions(newest.version, lastFinal.version, scheme) < 0)
    ) {
      throw new InputError(
        `no release candidate newer than the last final release is tagged (pattern ${tagPattern}): cut one with \`release-kit rc\`, or pass --candidate V`,
      );
    }
    candidate = { version: formatVersion(newest.version, scheme), tag: newest.tag };
  }
  if (flags.baseline !== undefined) return { baseline: fromFlag(flags.baseline, "baseline"), candidate };
  const candidateVersion = parseVersion(candidate.version, scheme);
  const older = tagged
    .filter(({ version }) => compareVersions(version, candidateVersion, scheme) < 0)
    .map((t) => t.tag);
  const baseline = latestFinalRelease(older, tagPattern, scheme);
  if (baseline === null) {
    throw new InputError(
      `no final release older than ${candidate.version} is tagged (pattern ${tagPattern}): pass --baseline V`,
    );
  }
  return { baseline: { version: formatVersion(baseline.version, scheme), tag: baseline.tag }, candidate };
}

/**
 * The compared versions: flags win; what they leave open is read from the project's tags (no request when both
 * flags are given).
 */
export async function resolveComparedVersions(
  gh: GitHubClient | undefined,
  source: VersionSource,
  flags: { readonly baseline?: string; readonly candidate?: string },
): Promise<{ baseline: ComparedVersion; candidate: ComparedVersion }> {
  if (flags.baseline !== undefined && flags.candidate !== undefined) return pickComparedVersions([], source, flags);
  if (gh === undefined) {
    throw new InputError("--baseline and --candidate are needed without GitHub access: pass both, or set GITHUB_TOKEN");
  }
  return pickComparedVersions(await listProjectTags(gh, source), source, flags);
}

/** The last final release (A/A calibration compares it with itself): the flag's version, else the newest final tag. */
export async function resolveCalibrationVersion(
  gh: GitHubClient | undefined,
  source: VersionSource,
  baseline: string | undefined,
): Promise<ComparedVersion> {
  if (baseline !== undefined) return pickComparedVersions([], source, { baseline, candidate: baseline }).baseline;
  if (gh === undefined)
    throw new InputError("--baseline is needed without GitHub access: pass it, or set GITHUB_TOKEN");
  const latest = latestFinalRelease(await listProjectTags(gh, source), source.tagPattern, source.scheme);
  if (latest === null) {
    throw new InputError(`no final release is tagged (pattern ${source.tagPattern}): pass --baseline V`);
  }
  return { version: formatVersion(latest.version, source.scheme), tag: latest.tag };
}
