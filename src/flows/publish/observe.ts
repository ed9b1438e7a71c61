/**
 * Reads what the publish plan needs: the version's files on the index (when present, nothing else is
 * read), the tag's commit, the commit the dispatch ref resolves to, and the workflow's earlier
 * workflow_dispatch runs on that commit (found by head_sha, since a run does not record its inputs).
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { peelTag } from "../../adapters/github/git-refs.js";
import { isNotFound, splitRepo, statusOf } from "../../adapters/github/requests.js";
import { ConfigError } from "../../core/errors.js";
import type { ObservedRun, PublishObservation } from "../../core/publish-plan/publish-observation.js";
import type { PublishSettings } from "../../core/publish-plan/publish-settings.js";
import { shortRefName } from "../../core/publish-plan/plan-publish.js";
import { readIndexFiles } from "./read-index.js";

/** The commit a tag points to (annotated tags peeled), or null when the tag does not exist. */
export async function readTagCommit(gh: GitHubClient, fullName: string, tag: string): Promise<string | null> {
  const { owner, repo } = splitRepo(fullName);
  try {
    const { data } = await gh.rest.git.getRef({ owner, repo, ref: `tags/${tag}` });
    return (await peelTag(gh, owner, repo, data.object)).commit;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function readRefCommit(gh: GitHubClient, fullName: string, ref: string): Promise<string | null> {
  const { owner, repo } = splitRepo(fullName);
  try {
    return (await gh.rest.repos.getCommit({ owner, repo, ref, per_page: 1 })).data.sha;
  } catch (error) {
    if (isNotFound(error) || statusOf(error) === 422) return null;
    throw error;
  }
}

/** workflow_dispatch runs of the publishing workflow on a commit, newest first. */
export async function listDispatchRuns(
  gh: GitHubClient,
  settings: PublishSettings,
  headSha: string,
): Promise<ObservedRun[]> {
  const { owner, repo } = splitRepo(settings.repo);
  try {
    const { data } = await gh.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: settings.workflow,
      event: "workflow_dispatch",
      head_sha: headSha,
      per_page: 30,
    });
    return data.workflow_runs
      .map((r) => ({
        id: r.id,
        url: r.html_url,
        status: r.status ?? "queued",
        conclusion: r.conclusion ?? null,
        headSha: r.head_sha,
        headBranch: r.head_branch ?? null,
        event: r.event,
        createdAt: r.created_at,
      }))
      .sort((a, b) => b.id - a.id);
  } catch (error) {
    if (isNotFound(error))
      throw new ConfigError(
        `publish.workflow: ${settings.workflow} was not found in ${settings.repo}: name a workflow file in .github/workflows that accepts workflow_dispatch`,
      );
    throw error;
  }
}

/** Reads everything `planPublish` needs. */
export async function observePublish(gh: GitHubClient, settings: PublishSettings): Promise<PublishObservation> {
  const indexFiles = await readIndexFiles(settings.indexUrl, settings.package, settings.indexVersion);
  if (indexFiles.length > 0) return { indexFiles, tagCommit: null, refCommit: null, runs: [] };
  const tagCommit = await readTagCommit(gh, settings.repo, settings.tag);
  if (tagCommit === null) return { indexFiles, tagCommit, refCommit: null, runs: [] };
  const refCommit =
    shortRefName(settings.ref) === settings.tag ? tagCommit : await readRefCommit(gh, settings.repo, settings.ref);
  const runs = await listDispatchRuns(gh, settings, tagCommit);
  return { indexFiles, tagCommit, refCommit, runs };
}
