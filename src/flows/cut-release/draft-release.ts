/**
 * A draft release already waiting for the tag being cut (a release manager's "Save Draft" in GitHub's web UI, as
 * ONNX's release docs ask). GitHub never returns a draft from `releases/tags/{tag}` or `releases/latest`, so it is
 * found in the release list (visible to writers only). The cut publishes it when it is for the right tag and points
 * at the release commit, and refuses in one line naming the draft when it points elsewhere; a release is never
 * reported done while it is still a draft.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { statusOf } from "../../adapters/github/requests.js";
import { ConflictError, RemoteError } from "../../core/errors.js";
import type { CutPlan } from "../../core/release-plan/plan-cut.js";

/** A draft release of the tag being cut. */
export interface DraftRelease {
  readonly id: number;
  /** Where a person sees it (GitHub's `html_url`; an `untagged-…` URL until it is published). */
  readonly url: string;
  readonly tagName: string;
  readonly targetCommitish: string;
  readonly name: string | null;
  readonly body: string | null;
}

/** The draft release whose tag name is `tag`, or undefined. Reads the list newest first and stops when found. */
export async function findDraftRelease(
  gh: GitHubClient,
  owner: string,
  repo: string,
  tag: string,
): Promise<DraftRelease | undefined> {
  for await (const page of gh.paginate.iterator(gh.rest.repos.listReleases, { owner, repo, per_page: 100 })) {
    const draft = page.data.find((r) => r.draft && r.tag_name === tag);
    if (draft)
      return {
        id: draft.id,
        url: draft.html_url,
        tagName: draft.tag_name,
        targetCommitish: draft.target_commitish,
        name: draft.name,
        body: draft.body ?? null,
      };
  }
  return undefined;
}

/**
 * Why the draft may not be published as this cut's release, or undefined when it may: it must target the release
 * branch (which carries the version commit) or the version commit itself. `commit` is the version commit when it
 * exists already (null before this run makes it).
 */
export async function draftMismatch(
  gh: GitHubClient,
  owner: string,
  repo: string,
  draft: DraftRelease,
  plan: Pick<CutPlan, "tag" | "branch">,
  commit: string | null,
): Promise<string | undefined> {
  const target = draft.targetCommitish.replace(/^refs\/heads\//, "");
  if (target === plan.branch) return undefined;
  let resolved: string | undefined;
  try {
    resolved = (await gh.rest.repos.getCommit({ owner, repo, ref: draft.targetCommitish, per_page: 1 })).data.sha;
  } catch (error) {
    if (statusOf(error) !== 404 && statusOf(error) !== 422) throw error;
  }
  if (commit && resolved === commit) return undefined;
  const where = resolved ? `${target} (${resolved.slice(0, 7)})` : `${target}, which does not exist`;
  const wanted = commit
    ? `the release commit ${commit.slice(0, 7)} on ${plan.branch}`
    : `the release branch ${plan.branch}`;
  return (
    `a draft release for ${plan.tag} is waiting at ${draft.url} but targets ${where}, not ${wanted}: ` +
    `set its target to ${plan.branch} or delete it, then run again`
  );
}

/** What publishing the draft gave. */
export interface PublishedDraft {
  readonly id: number;
  readonly url: string;
  /** The line for the step report. */
  readonly detail: string;
}

/**
 * Publishes the draft as this cut's release: its tag, the release branch as target, the plan's pre-release flag;
 * the manager's own title and notes are kept, generated notes fill them only when empty. Verifies that GitHub now
 * reports it published.
 */
export async function publishDraft(
  gh: GitHubClient,
  owner: string,
  repo: string,
  draft: DraftRelease,
  plan: { readonly tag: string; readonly branch: string; readonly name: string; readonly prerelease: boolean },
  commit: string,
  generatedNotes: string,
): Promise<PublishedDraft> {
  const keepBody = (draft.body ?? "").trim() !== "";
  const { data } = await gh.rest.repos.updateRelease({
    owner,
    repo,
    release_id: draft.id,
    draft: false,
    tag_name: plan.tag,
    target_commitish: plan.branch,
    name: draft.name?.trim() ? draft.name : plan.name,
    ...(keepBody ? {} : { body: generatedNotes }),
    prerelease: plan.prerelease,
    make_latest: plan.prerelease ? "false" : "true",
  });
  if (data.draft)
    throw new RemoteError(
      `GitHub still reports the release for ${plan.tag} as a draft after publishing it (${data.html_url}): publish it there by hand`,
    );
  return {
    id: data.id,
    url: data.html_url,
    detail:
      `${data.html_url} (published the draft release that was waiting for ${plan.tag} on ${plan.branch} at ` +
      `${commit.slice(0, 7)}${keepBody ? "; its notes kept" : "; generated notes added"})`,
  };
}

/** Throws the one-line refusal for a draft that does not point at this cut's tag and commit. */
export function refuseDraft(reason: string): never {
  throw new ConflictError(reason);
}
