/**
 * The tag and release-branch patterns of a project, inferred from the names it already has (`v1.19.0`, `v1.20.0rc1`
 * -> `v{version}`; `rel-1.19.0` -> `rel-{version}`), in the config's placeholder syntax, with the version scheme
 * its candidates use and the latest final release. With no tags or branches yet, the defaults, said as such.
 */
import { validateVersionPattern } from "../versions/version-patterns.js";
import {
  bumpVersion,
  compareVersions,
  formatVersion,
  baseVersionOf,
  isFinalVersion,
  parseVersion,
  type ReleaseVersion,
  type VersionScheme,
} from "../versions/index.js";

/** An inferred pattern, how many names matched it, and what to say about it. */
export interface PatternGuess {
  readonly pattern: string;
  /** Names that follow the pattern (0: the default, nothing to infer from). */
  readonly matched: number;
  /** A few of those names, newest first. */
  readonly examples: readonly string[];
  readonly note: string;
}

/** The tag pattern, plus what the tags say about versions. */
export interface TagGuess extends PatternGuess {
  readonly scheme: VersionScheme;
  /** The highest final release tagged with the pattern, or null. */
  readonly latestFinal: string | null;
}

export const DEFAULT_TAG_PATTERN = "v{version}";
export const DEFAULT_BRANCH_PATTERN = "rel-{version}";

// X.Y.Z with a PEP 440 (rc1, a2, b3, .dev4) or SemVer (-rc.1, -beta.2) pre-release part.
const TAG_VERSION = /^(.*?)(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+|\.dev\d+|-(?:alpha|beta|rc|dev)\.\d+)?)(.*)$/;
const SEMVER_PRE = /-(?:alpha|beta|rc|dev)\.\d+$/;

interface Match {
  readonly name: string;
  readonly pattern: string;
  readonly version: string;
}

function matchNames(names: readonly string[], shape: RegExp): Match[] {
  const matches: Match[] = [];
  for (const name of names) {
    const m = shape.exec(name);
    if (m === null) continue;
    const pattern = `${m[1] ?? ""}{version}${m[3] ?? ""}`;
    try {
      validateVersionPattern(pattern);
    } catch {
      continue;
    }
    matches.push({ name, pattern, version: m[2] ?? "" });
  }
  return matches;
}

/** The most used pattern; ties go to `preferred`, then to the shorter pattern. */
function mostUsed(matches: readonly Match[], preferred: string): { pattern: string; names: Match[] } | null {
  const counts = new Map<string, Match[]>();
  for (const m of matches) counts.set(m.pattern, [...(counts.get(m.pattern) ?? []), m]);
  const ranked = [...counts.entries()].sort(
    ([a, x], [b, y]) => y.length - x.length || Number(b === preferred) - Number(a === preferred) || a.length - b.length,
  );
  const top = ranked[0];
  return top === undefined ? null : { pattern: top[0], names: top[1] };
}

function parsed(text: string, scheme: VersionScheme): ReleaseVersion | null {
  try {
    return parseVersion(text, scheme);
  } catch {
    return null;
  }
}

/** Names newest first by version. */
function newestFirst(names: readonly Match[], scheme: VersionScheme): string[] {
  return [...names]
    .map((m) => ({ m, v: parsed(m.version, scheme) }))
    .sort((a, b) => (a.v && b.v ? compareVersions(b.v, a.v, scheme) : 0))
    .map(({ m }) => m.name);
}

/** Infers `project.tag` and `project.version-scheme` from the repository's tags. */
export function inferTagPattern(tags: readonly string[]): TagGuess {
  const names = tags.map((t) => t.replace(/^refs\/tags\//, ""));
  const top = mostUsed(matchNames(names, TAG_VERSION), DEFAULT_TAG_PATTERN);
  if (top === null) {
    return {
      pattern: DEFAULT_TAG_PATTERN,
      matched: 0,
      examples: [],
      scheme: "pep440",
      latestFinal: null,
      note:
        names.length === 0
          ? `no tags yet: ${DEFAULT_TAG_PATTERN}, the default`
          : `none of the ${names.length} tags names an X.Y.Z version: ${DEFAULT_TAG_PATTERN}, the default`,
    };
  }
  const scheme: VersionScheme = top.names.some((m) => SEMVER_PRE.test(m.version)) ? "semver" : "pep440";
  const finals = top.names
    .map((m) => parsed(m.version, scheme))
    .filter((v): v is ReleaseVersion => v !== null && isFinalVersion(v))
    .sort((a, b) => compareVersions(b, a, scheme));
  const examples = newestFirst(top.names, scheme).slice(0, 3);
  return {
    pattern: top.pattern,
    matched: top.names.length,
    examples,
    scheme,
    latestFinal: finals[0] === undefined ? null : formatVersion(finals[0], scheme),
    note: `${top.names.length} of ${names.length} tags follow it (${examples.join(", ")})`,
  };
}

/** Infers `project.release-branch` from the branch names (the default branch left out). */
export function inferBranchPattern(branches: readonly string[], defaultBranch: string): PatternGuess {
  const names = branches.filter((b) => b !== defaultBranch && !b.startsWith("dependabot/"));
  const full = matchNames(names, /^(.*?)(\d+\.\d+\.\d+)(.*)$/);
  const top = mostUsed(full, DEFAULT_BRANCH_PATTERN);
  if (top !== null) {
    const examples = newestFirst(top.names, "pep440").slice(0, 3);
    return {
      pattern: top.pattern,
      matched: top.names.length,
      examples,
      note: `${top.names.length} of ${names.length + 1} branches follow it (${examples.join(", ")})`,
    };
  }
  // Branches named after X.Y (rel-1.16) cannot be written with {version}, which is X.Y.Z in release-kit.
  const short = mostUsed(matchNames(names, /^(.*?)(\d+\.\d+)(.*)$/), "rel-{version}");
  if (short !== null) {
    const example = short.names[0]?.name ?? "";
    const pattern = short.pattern;
    return {
      pattern,
      matched: 0,
      examples: [],
      note: `branches such as ${example} name X.Y; release-kit's {version} is X.Y.Z, so new release branches will be named ${pattern.replace("{version}", "X.Y.Z")}`,
    };
  }
  return {
    pattern: DEFAULT_BRANCH_PATTERN,
    matched: 0,
    examples: [],
    note: `no release branches yet: ${DEFAULT_BRANCH_PATTERN}, the default`,
  };
}

/**
 * The version the first `rc` should take: the base of what the files hold, unless that is released already (then the
 * next minor after the latest final); with nothing to go by, 0.1.0.
 */
export function nextReleaseVersion(
  fileVersion: string | null,
  latestFinal: string | null,
  scheme: VersionScheme,
): string {
  const latest = latestFinal === null ? null : parsed(latestFinal, scheme);
  const current = fileVersion === null ? null : parsed(fileVersion, scheme);
  if (current !== null) {
    const base = baseVersionOf(current);
    if (latest === null || compareVersions(base, latest, scheme) > 0) return formatVersion(base, scheme);
  }
  if (latest !== null) return formatVersion(bumpVersion(latest, "minor"), scheme);
  return "0.1.0";
}
