/**
 * Applies a cut plan through the Git Data API (no clone), walking its steps in order. Every write is either create-only (a ref, a
 * release for a tag) or compare-and-swap (a fast-forward ref update), so a concurrent or earlier run that
 * already did a step is detected by GitHub's answer and the step is taken as done, never duplicated.
 */
import { isProtectedBranchRefusal } from "../../adapters/github/branch-protection.js";
import { commitVersionFiles } from "./commit-version-files.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { createRefIfAbsent, peelTag } from "../../adapters/github/git-refs.js";
import { isAlreadyExists, isNotFastForward, isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { ConflictError, RemoteMovedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { CommitStep, CutPlan, ReleaseStep, TagStep } from "../../core/release-plan/plan-cut.js";
import { VIA_PR_HINT } from "../../core/release-plan/protection-preflight.js";
import { applyPullBranch, applyPullRequest, type BumpPullOutcome } from "./apply-bump-pull.js";
import { draftMismatch, findDraftRelease, publishDraft, refuseDraft, type DraftRelease } from "./draft-release.js";

/** What one step did. */
export interface StepOutcome {
  readonly id: "branch" | "commit" | "tag" | "release" | "pr-branch" | "pull-request";
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
  /** Pull-request mode: the version-bump pull request (the tag and release come after its merge); else null. */
  readonly pullRequest: BumpPullOutcome | null;
  readonly steps: StepOutcome[];
}

/** Performs the writes still to do, walking the plan's steps in order. */
export async function applyCut(gh: GitHubClient, plan: CutPlan, logger: Logger): Promise<CutOutcome> {
  const { owner, repo } = splitRepo(plan.repo);
  const steps: StepOutcome[] = [];
  // The commit the version is at: set by the commit step, used by the branch and tag steps after it.
  let sha = "";
  let releaseUrl = "";
  let releaseId = 0;
  let pullRequest: BumpPullOutcome | null = null;
  // A draft release waiting for this tag (hidden from releases/tags/{tag} on GitHub) is published by the release
  // step, or refused here in one line, before any write.
  const releaseStep = plan.steps.find((s): s is ReleaseStep => s.id === "release");
  const commitStep = plan.steps.find((s): s is CommitStep => s.id === "commit");
  const draft =
    releaseStep && !releaseStep.existing ? await findDraftRelease(gh, owner, repo, releaseStep.tag) : undefined;
  const draftProblem = draft && (await draftMismatch(gh, owner, repo, draft, plan, commitStep?.sha ?? null));
  if (draftProblem) refuseDraft(draftProblem);
  for (const step of plan.steps) {
    switch (step.id) {
      case "commit":
        sha = await applyCommit(gh, plan, step, logger, steps);
        break;
      case "branch":
        if (step.status === "done")
          steps.push({ id: "branch", outcome: "already done", detail: `${step.name} exists` });
        else await createBranch(gh, owner, repo, step.name, step.at ?? sha, steps);
        break;
      case "pr-branch":
        sha = (await applyPullBranch(gh, plan, step, logger, steps)) ?? sha;
        break;
      case "pull-request":
        pullRequest = await applyPullRequest(gh, plan, step, logger, steps);
        break;
      case "tag":
        await applyTag(gh, owner, repo, step, sha, logger, steps);
        break;
      case "release":
        ({ releaseUrl, releaseId } = await applyRelease(gh, plan, step, sha, draft, logger, steps));
        break;
    }
  }
  return { sha, tag: plan.tag, branch: plan.branch, releaseUrl, releaseId, pullRequest, steps };
}

/** The version commit: already there, or made on its parent (and the existing branch fast-forwarded to it). */
async function applyCommit(
  gh: GitHubClient,
  plan: CutPlan,
  step: CommitStep,
  logger: Logger,
  steps: StepOutcome[],
): Promise<string> {
  if (step.sha) {
    steps.push({
      id: "commit",
      outcome: "already done",
      detail: `version files hold ${plan.version} at ${step.sha.slice(0, 7)}`,
    });
    return step.sha;
  }
  if (!step.parent) throw new ConflictError(`nothing to build ${plan.version} on: the base ref does not exist`);
  const { owner, repo } = splitRepo(plan.repo);
  const sha = await commitVersionFiles(gh, plan, step.parent, step);
  if (step.fastForward) {
    try {
      await gh.rest.git.updateRef({ owner, repo, ref: `heads/${plan.branch}`, sha, force: false });
    } catch (error) {
      if (isNotFastForward(error)) throw new RemoteMovedError(`${plan.branch} moved while the version commit was made`);
      // Protected after the pre-flight looked, or a rule the token could not read: nothing was moved.
      if (isProtectedBranchRefusal(error))
        throw new ConflictError(
          `GitHub refused the version commit on the protected branch ${plan.branch}: ${VIA_PR_HINT}`,
        );
      throw error;
    }
  }
  steps.push({
    id: "commit",
    outcome: "done",
    detail: `${step.files.map((u) => `${u.path} ${u.from} -> ${u.to}`).join(", ")} (${sha.slice(0, 7)})`,
  });
  logger.info(`committed ${plan.version} on ${plan.branch} (${sha.slice(0, 7)})`);
  return sha;
}

/** The annotated tag: the tag object, then the ref (create-only). */
async function applyTag(
  gh: GitHubClient,
  owner: string,
  repo: string,
  step: TagStep,
  sha: string,
  logger: Logger,
  steps: StepOutcome[],
): Promise<void> {
  if (step.status === "done") {
    steps.push({ id: "tag", outcome: "already done", detail: step.name });
    return;
  }
  const tagObject = await gh.rest.git.createTag({
    owner,
    repo,
    tag: step.name,
    message: step.message,
    object: sha,
    type: "commit",
  });
  if ((await createRefIfAbsent(gh, owner, repo, `refs/tags/${step.name}`, tagObject.data.sha)) === "created") {
    steps.push({ id: "tag", outcome: "done", detail: step.name });
    logger.info(`tagged ${step.name}`);
  } else {
    await assertTagPointsAt(gh, owner, repo, step.name, sha);
    steps.push({ id: "tag", outcome: "already done", detail: `${step.name} (made by a concurrent run)` });
  }
}

/** The release (one per tag; GitHub refuses a second with 422 already_exists), or the draft published. */
async function applyRelease(
  gh: GitHubClient,
  plan: CutPlan,
  step: ReleaseStep,
  sha: string,
  draft: DraftRelease | undefined,
  logger: Logger,
  steps: StepOutcome[],
): Promise<{ releaseUrl: string; releaseId: number }> {
  const { owner, repo } = splitRepo(plan.repo);
  if (step.status === "done" && step.existing) {
    steps.push({ id: "release", outcome: "already done", detail: step.existing.url });
    return { releaseUrl: step.existing.url, releaseId: step.existing.id };
  }
  const notes = await gh.rest.repos.generateReleaseNotes({
    owner,
    repo,
    tag_name: step.tag,
    target_commitish: sha,
    ...(step.previousFinalTag ? { previous_tag_name: step.previousFinalTag } : {}),
  });
  const publishWaitingDraft = async (waiting: DraftRelease) => {
    const published = await publishDraft(
      gh,
      owner,
      repo,
      waiting,
      { ...step, branch: plan.branch },
      sha,
      notes.data.body,
    );
    steps.push({ id: "release", outcome: "done", detail: published.detail });
    logger.info(`published the waiting draft release ${published.url}`);
    return { releaseUrl: published.url, releaseId: published.id };
  };
  if (draft) return publishWaitingDraft(draft);
  try {
    const created = step.existing
      ? await gh.rest.repos.updateRelease({
          owner,
          repo,
          release_id: step.existing.id,
          draft: false,
          prerelease: step.prerelease,
          name: step.name,
          body: notes.data.body + step.notesAppendix,
        })
      : await gh.rest.repos.createRelease({
          owner,
          repo,
          tag_name: step.tag,
          // The release branch, not the default branch: GitHub records where the release was cut from.
          target_commitish: plan.branch,
          name: step.name,
          body: notes.data.body + step.notesAppendix,
          prerelease: step.prerelease,
          make_latest: step.prerelease ? "false" : "true",
        });
    steps.push({ id: "release", outcome: "done", detail: created.data.html_url });
    logger.info(`published ${step.prerelease ? "pre-release" : "release"} ${created.data.html_url}`);
    return { releaseUrl: created.data.html_url, releaseId: created.data.id };
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    // GitHub hides drafts from releases/tags/{tag}: a 404 here means a draft made meanwhile holds the tag. It is
    // published like one found before the writes (or refused), never reported done while still a draft.
    const existing = await gh.rest.repos.getReleaseByTag({ owner, repo, tag: step.tag }).catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    if (!existing) {
      const late = await findDraftRelease(gh, owner, repo, step.tag);
      if (!late) throw error;
      const problem = await draftMismatch(gh, owner, repo, late, plan, sha);
      if (problem) refuseDraft(problem);
      return publishWaitingDraft(late);
    }
    steps.push({
      id: "release",
      outcome: "already done",
      detail: `${existing.data.html_url} (made by a concurrent run)`,
    });
    return { releaseUrl: existing.data.html_url, releaseId: existing.data.id };
  }
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
    if ((await createRefIfAbsent(gh, owner, repo, `refs/heads/${branch}`, sha)) === "exists")
      throw new RemoteMovedError(`${branch} was created by someone else meanwhile`);
    steps.push({ id: "branch", outcome: "done", detail: `${branch} at ${sha.slice(0, 7)}` });
  } catch (error) {
    if (isProtectedBranchRefusal(error))
      throw new ConflictError(
        `GitHub refused to create ${branch}: a protection rule blocks creating it; have an admin create it, or use a token allowed to bypass the rule, then rerun`,
      );
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
    const { commit } = await peelTag(gh, owner, repo, ref.data.object);
    if (commit !== sha)
      throw new ConflictError(
        `tag ${tag} already exists on ${commit.slice(0, 7)}, not on the version commit ${sha.slice(0, 7)}: delete the stray tag or cut the next candidate`,
      );
  } catch (error) {
    if (isNotFound(error)) throw new RemoteMovedError(`tag ${tag} vanished after it was reported to exist`);
    throw error;
  }
}
