/**
 * `release-kit detect`: reads the version files at a ref and the tags, then asks the pure
 * `detectNewVersion` whether the ref names a candidate or final that is not tagged yet.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { listTagRefs, tagPatternPrefix } from "../../adapters/github/git-refs.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { isNotFound, splitRepo, statusOf } from "../../adapters/github/requests.js";
import type { ReleaseKitConfig } from "../../config/index.js";
import { ConflictError, InputError } from "../../core/errors.js";
import { detectNewVersion, type DetectedVersion } from "../../core/release-plan/detect-new-version.js";

/** The detection, with the commit the ref resolved to. */
export interface DetectResult extends DetectedVersion {
  readonly sha: string;
}

/** Detects whether `ref` names a new candidate or final of the configured project. */
export async function detectVersion(
  gh: GitHubClient,
  config: ReleaseKitConfig,
  ref: string,
  options: { noRc?: boolean } = {},
): Promise<DetectResult> {
  if (ref.trim() === "" || ref.startsWith("-") || /\s|\.\./.test(ref))
    throw new InputError(`--ref "${ref}" is not a branch, tag or SHA`);
  const { owner, repo } = splitRepo(config.project.repo);
  let sha: string;
  try {
    sha = (await gh.rest.repos.getCommit({ owner, repo, ref, per_page: 1 })).data.sha;
  } catch (error) {
    if (isNotFound(error) || statusOf(error) === 422)
      throw new ConflictError(
        `${ref} was not found in ${config.project.repo} (or the token cannot see the repository): give a branch, tag or SHA that exists`,
      );
    throw error;
  }
  const files = await Promise.all(
    config.project.versionFiles.map(async (f) => ({
      path: f.path,
      text: await readRepoText(gh, config.project.repo, f.path, sha),
    })),
  );
  const pattern = config.project.tag;
  const tags = await listTagRefs(gh, owner, repo, tagPatternPrefix(pattern));
  const detected = detectNewVersion({
    ref,
    scheme: config.project.versionScheme,
    tagPattern: pattern,
    versionFiles: config.project.versionFiles.map((f) => ({ path: f.path, kind: f.kind, marker: f.marker })),
    files,
    tagNames: tags.map((t) => t.name),
    noRc: options.noRc === true || config.final.noRc,
  });
  return { ...detected, sha };
}

/** The plain-text report: one line. */
export function renderDetectText(result: DetectResult): string {
  const what = result.kind === "other" ? result.version : `${result.version} (${result.kind}, tag ${result.tag})`;
  return `${result.ref} (${result.sha.slice(0, 7)}) holds ${what}: ${result.new ? "new" : "not new"}, ${result.reason}\n`;
}
