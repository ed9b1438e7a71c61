/**
 * What a cut's dry run shows of the release notes: the body GitHub will generate for the release (merged pull
 * requests between the tags, `.github/release.yml` categories, new contributors, the full-changelog link) plus what
 * release-kit appends. GitHub's generate-notes is a POST that stores nothing ("The generated release notes are not
 * saved anywhere": https://docs.github.com/rest/releases/releases#generate-release-notes-content-for-a-release), so
 * a dry run may call it and still write nothing.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { splitRepo, statusOf } from "../../adapters/github/requests.js";
import type { Logger } from "../../core/logger.js";
import { stepOf, type CutPlan } from "../../core/release-plan/plan-cut.js";

/** The notes the release would get, and the generate-notes request that made them. */
export interface NotesPreview {
  readonly tagName: string;
  /**
   * The commit GitHub lists the changes up to: the version commit when it exists, else the commit it will be made
   * on (the version commit adds no pull request, so the notes are the same).
   */
  readonly targetCommitish: string;
  /** The previous final's tag the notes start from; null: from the start of history. */
  readonly previousTagName: string | null;
  /** GitHub's generated body followed by release-kit's appendix (the untested commits of a final), as published. */
  readonly body: string;
}

/**
 * The notes of the release the plan would publish; null when the release needs no new notes (it is done) or the
 * token may not ask for them.
 */
export async function previewReleaseNotes(
  gh: GitHubClient,
  plan: CutPlan,
  logger: Logger,
): Promise<NotesPreview | null> {
  // Pull-request mode publishes nothing now: the release follows the merge, from the run that tags it.
  if (plan.via === "pull-request") return null;
  const release = stepOf(plan, "release");
  if (release.status === "done") return null;
  const commit = stepOf(plan, "commit");
  const targetCommitish = commit.sha ?? commit.parent?.sha;
  if (!targetCommitish) return null;
  let data;
  try {
    ({ data } = await gh.rest.repos.generateReleaseNotes({
      ...splitRepo(plan.repo),
      tag_name: release.tag,
      target_commitish: targetCommitish,
      ...(release.previousFinalTag ? { previous_tag_name: release.previousFinalTag } : {}),
    }));
  } catch (error) {
    // GitHub generates notes only for a token that can push (contents: write); a dry run without one still shows
    // the plan, and says why the notes are missing.
    const status = statusOf(error);
    if (status !== 401 && status !== 403 && status !== 404) throw error;
    logger.warning(
      `no release notes preview: GitHub generates notes only for a token that can push to ${plan.repo} (HTTP ${status})`,
    );
    return null;
  }
  return {
    tagName: release.tag,
    targetCommitish,
    previousTagName: release.previousFinalTag,
    body: data.body + release.notesAppendix,
  };
}
