/**
 * Tells whether the version files at a ref name a release candidate or a final that has no tag yet: the
 * test a `push` workflow on release branches runs before `release-kit rc --from-branch` (projects that bump
 * the version file by PR and never tagged candidates). Pure: the caller reads the files and the tags.
 */
import { ConflictError } from "../errors.js";
import { getVersionFileUpdater } from "../version-files/index.js";
import {
  baseVersionOf,
  existingRcNumbers,
  finalTagOf,
  formatVersion,
  isFinalVersion,
  isReleaseCandidate,
  parseVersion,
  releaseCandidateOf,
  tagForVersion,
  type VersionScheme,
} from "../versions/index.js";
import type { VersionFileConfig } from "../version-files/version-file-kinds.js";
import type { ObservedVersionFile } from "./observation.js";

/** What was found at the ref. */
export interface DetectedVersion {
  readonly ref: string;
  /** The version the files hold, as written. */
  readonly version: string;
  /** X.Y.Z of it (what `--version` takes), or null when it does not parse in the scheme. */
  readonly baseVersion: string | null;
  /** rc, final, or other (a dev or alpha version, or one that does not parse). */
  readonly kind: "rc" | "final" | "other";
  /** The tag the version would get, or null for kind other. */
  readonly tag: string | null;
  /** True when the version is a candidate or final whose tag does not exist yet (and its final is not out). */
  readonly new: boolean;
  /** One line saying why. */
  readonly reason: string;
}

/** What `detectNewVersion` needs. */
export interface DetectInput {
  readonly ref: string;
  readonly scheme: VersionScheme;
  readonly tagPattern: string;
  readonly versionFiles: readonly VersionFileConfig[];
  /** The files read at the ref (text null when absent). */
  readonly files: readonly ObservedVersionFile[];
  /** Every tag name matching the pattern's prefix. */
  readonly tagNames: readonly string[];
  /** Finals go without a candidate (`final.no-rc`): a bare final is new even when no candidate is tagged. */
  readonly noRc?: boolean;
}

/** Reads the files' common version; throws ConflictError when one is missing or they disagree. */
function commonVersion(input: DetectInput): string {
  const found: { path: string; version: string }[] = [];
  for (const spec of input.versionFiles) {
    const text = input.files.find((f) => f.path === spec.path)?.text ?? null;
    if (text === null)
      throw new ConflictError(`${spec.path} is missing at ${input.ref}: fix project.version-files or the ref`);
    found.push({
      path: spec.path,
      version: getVersionFileUpdater(spec.kind, { marker: spec.marker }).read(text, spec.path),
    });
  }
  const distinct = [...new Set(found.map((f) => f.version))];
  if (distinct.length !== 1)
    throw new ConflictError(
      `version files disagree at ${input.ref} (${found.map((f) => `${f.path}: ${f.version}`).join(", ")}): make them hold the same version`,
    );
  return distinct[0]!;
}

/** Decides whether the ref names a new candidate or final. */
export function detectNewVersion(input: DetectInput): DetectedVersion {
  const text = commonVersion(input);
  const other = (reason: string, baseVersion: string | null): DetectedVersion => ({
    ref: input.ref,
    version: text,
    baseVersion,
    kind: "other",
    tag: null,
    new: false,
    reason,
  });
  let parsed;
  try {
    parsed = parseVersion(text, input.scheme);
  } catch {
    return other(`${text} is not a ${input.scheme} version`, null);
  }
  const baseVersion = formatVersion(baseVersionOf(parsed), "pep440");
  const kind = isReleaseCandidate(parsed) ? "rc" : isFinalVersion(parsed) ? "final" : null;
  if (kind === null) return other(`${text} is neither a release candidate nor a final`, baseVersion);
  const version = formatVersion(parsed, input.scheme);
  const tag = tagForVersion(input.tagPattern, version);
  const found = { ref: input.ref, version: text, baseVersion, kind, tag } as const;
  if (input.tagNames.includes(tag)) return { ...found, new: false, reason: `${tag} is already tagged` };
  const finalTag = finalTagOf(baseVersionOf(parsed), input.tagNames, input.tagPattern, input.scheme);
  if (kind === "rc" && finalTag)
    return {
      ...found,
      new: false,
      reason: `${baseVersion} is already released (${finalTag}); a candidate comes too late`,
    };
  // A freshly cut branch (or main) holds the plain X.Y.Z before any candidate: the `final` that would follow refuses
  // to ship untested, so this is not a new final unless the project releases without candidates.
  if (
    kind === "final" &&
    !input.noRc &&
    existingRcNumbers(baseVersionOf(parsed), input.tagNames, input.tagPattern, input.scheme).length === 0
  )
    return {
      ...found,
      new: false,
      reason: `nothing to do: no candidate of ${baseVersion} is tagged, so ${text} is where the branch starts, not a final to tag (bump to ${formatVersion(releaseCandidateOf(baseVersionOf(parsed), 1), input.scheme)} first, or set final.no-rc: true to release without candidates)`,
    };
  return { ...found, new: true, reason: `${tag} does not exist yet` };
}
