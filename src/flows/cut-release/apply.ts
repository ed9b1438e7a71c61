/**
 * Applies a cut plan through the Git Data API (no clone). Every write is either create-only (a ref, a
 * release for a tag) or compare-and-swap (a fast-forward ref update), so a concurrent or earlier run that
 * already did a step is detected by GitHub's answer and the step is taken as done, never duplicated.
 */
import { commitFiles } from "../../adapters/github/repo-files.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { isAlreadyExists, isNotFastForward, isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { ConflictError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { CutPlan } from "../../core/release-plan/plan-cut.js";

/** What one step did. */
export interface StepOutcome {
  readonly id: "branch" | "commit" | "tag" | "release";
  readonly outcome: "done" | "already done";
  readonly detail: string;
}

/** What the apply produced. */
export interface CutOutcome {
  readonly sha: string;
  readonly tag: string;
  readonly branch: string;
  readonly releaseUrl: string;
  readonly releaseId: number;
  readonly steps: StepOutcome[];
}

/** Raised when the remote changed under us (another run moved the branch); the caller re-observes once. */
export class RemoteMovedError extends Error {}

/** Performs the writes still to do. */
export async function applyCut(gh: GitHubClient, plan: CutPlan, logger: Logger): Promise<CutOutcome> {
  const { owner, repo } = splitRepo(plan.repo);
  const steps: StepOutcome[] = [];
  const start = plan.start;
  if (!start) throw new ConflictError(`nothing to build ${plan.version} on: the base ref does not exist`);

  // 1-2. Version commit, and the branch (created at the commit, or fast-forwarded to it).
  let sha = plan.versionCommit;
  if (sha) {
    steps.push({
      id: "commit",
      outcome: "already done",
      detail: `version files hold ${plan.version} at ${sha.slice(0, 7)}`,
    });
    if (plan.createBranch) await createBranch(gh, owner, repo, plan.branch, sha, steps);
    else steps.push({ id: "branch", outcome: "already done", detail: `${plan.branch} exists` });
  } else {
    sha = await commitFiles(gh, plan.repo, {
      parent: start.sha,
      baseTree: start.tree,
      message: plan.commitMessage,
      files: plan.fileUpdates.map((u) => ({ path: u.path, content: u.newText })),
    });
    if (plan.createBranch) {
      await createBranch(gh, owner, repo, plan.branch, sha, steps);
    } else {
      try {
        await gh.rest.git.updateRef({ owner, repo, ref: `heads/${plan.branch}`, sha, force: false });
      } catch (error) {
        if (isNotFastForward(error))
          throw new RemoteMovedError(`${plan.branch} moved while the version commit was made`);
        throw error;
      }
      steps.push({ id: "branch", outcome: "already done", detail: `${plan.branch} exists` });
    }
    steps.push({
      id: "commit",
      outcome: "done",
      detail: `${plan.fileUpdates.map((u) => `${u.path} ${u.from} -> ${u.to}`).join(", ")} (${sha.slice(0, 7)})`,
    });
    logger.info(`committed ${plan.version} on ${plan.branch} (${sha.slice(0, 7)})`);
  }

  // 3. Annotated tag: the tag object, then the ref (create-only).
  if (plan.steps.find((s) => s.id === "tag")?.status === "done") {
    steps.push({ id: "tag", outcome: "already done", detail: plan.tag });
  } else {
    const tagObject = await gh.rest.git.createTag({
      owner,
      repo,
      tag: plan.tag,
      message: plan.tagMessage,
      object: sha,
      type: "commit",
    });
    try {
      await gh.rest.git.createRef({ owner, repo, ref: `refs/tags/${plan.tag}`, sha: tagObject.data.sha });
      steps.push({ id: "tag", outcome: "done", detail: plan.tag });
      logger.info(`tagged ${plan.tag}`);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      await assertTagPointsAt(gh, owner, repo, plan.tag, sha);
      steps.push({ id: "tag", outcome: "already done", detail: `${plan.tag} (made by a concurrent run)` });
    }
  }

  // 4. The release (one per tag; GitHub refuses a second with 422 already_exists).
  let releaseUrl: string;
  let releaseId: number;
  if (plan.release && !plan.release.draft) {
    releaseUrl = plan.release.url;
    releaseId = plan.release.id;
    steps.push({ id: "release", outcome: "already done", detail: releaseUrl });
  } else {
    const notes = await gh.rest.repos.generateReleaseNotes({
      owner,
      repo,
      tag_name: plan.tag,
      target_commitish: sha,
      ...(plan.previousFinalTag ? { previous_tag_name: plan.previousFinalTag } : {}),
    });
    try {
      const created = plan.release
        ? await gh.rest.repos.updateRelease({
            owner,
            repo,
            release_id: plan.release.id,
            draft: false,
            prerelease: plan.prerelease,
            name: plan.releaseName,
            body: notes.data.body,
          })
        : await gh.rest.repos.createRelease({
            owner,
            repo,
            tag_name: plan.tag,
            name: plan.releaseName,
            body: notes.data.body,
            prerelease: plan.prerelease,
            make_latest: plan.prerelease ? "false" : "true",
          });
      releaseUrl = created.data.html_url;
      releaseId = created.data.id;
      steps.push({ id: "release", outcome: "done", detail: releaseUrl });
      logger.info(`published ${plan.prerelease ? "pre-release" : "release"} ${releaseUrl}`);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const existing = await gh.rest.repos.getReleaseByTag({ owner, repo, tag: plan.tag });
      releaseUrl = existing.data.html_url;
      releaseId = existing.data.id;
      steps.push({ id: "release", outcome: "already done", detail: `${releaseUrl} (made by a concurrent run)` });
    }
  }
  const order = ["branch", "commit", "tag", "release"];
  steps.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { sha, tag: plan.tag, branch: plan.branch, releaseUrl, releaseId, steps };
}

async function createBranch(
  gh: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
  sha: string,
  steps: StepOutcome[],
): Promise<void> {
  try {
    await gh.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha });
    steps.push({ id: "branch", outcome: "done", detail: `${branch} at ${sha.slice(0, 7)}` });
  } catch (error) {
    if (isAlreadyExists(error)) throw new RemoteMovedError(`${branch} was created by someone else meanwhile`);
    throw error;
  }
}

async function assertTagPointsAt(
  gh: GitHubClient,
  owner: string,
  repo: string,
  tag: string,
  sha: string,
): Promise<void> {
  try {
    const ref = await gh.rest.git.getRef({ owner, repo, ref: `tags/${tag}` });
    let commit = ref.data.object.sha;
    if (ref.data.object.type === "tag")
      commit = (await gh.rest.git.getTag({ owner, repo, tag_sha: commit })).data.object.sha;
    if (commit !== sha)
      throw new ConflictError(
        `tag ${tag} already exists on ${commit.slice(0, 7)}, not on the version commit ${sha.slice(0, 7)}: delete the stray tag or cut the next candidate`,
      );
  } catch (error) {
    if (isNotFound(error)) throw new RemoteMovedError(`tag ${tag} vanished after it was reported to exist`);
    throw error;
  }
}
