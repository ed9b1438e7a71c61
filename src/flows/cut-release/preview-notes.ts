/**
 * What a cut's dry run shows of the release notes: the body GitHub will generate for the release (merged pull
 * requests between the tags, `.github/release.yml` categories, new contributors, the full-changelog link) plus what
 * release-kit appends. GitHub's generate-notes is a POST that stores nothing ("The generated release notes are not
 * saved anywhere": https://docs.github.com/rest/releases/releases#generate-release-notes-content-for-a-release), so
 * a dry run may call it and still write nothing.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { splitRepo } from "../../adapters/github/requests.js";
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

/** The notes of the release the plan would publish, or null when the release needs no new notes (it is done). */
export async function previewReleaseNotes(gh: GitHubClient, plan: CutPlan): Promise<NotesPreview | null> {
  const release = stepOf(plan, "release");
  if (release.status === "done") return null;
  const commit = stepOf(plan, "commit");
  const targetCommitish = commit.sha ?? commit.parent?.sha;
  if (!targetCommitish) return null;
  const { data } = await gh.rest.repos.generateReleaseNotes({
    ...splitRepo(plan.repo),
    tag_name: release.tag,
    target_commitish: targetCommitish,
    ...(release.previousFinalTag ? { previous_tag_name: release.previousFinalTag } : {}),
  });
  return {
    tagName: release.tag,
    targetCommitish,
    previousTagName: release.previousFinalTag,
    body: data.body + release.notesAppendix,
  };
}
