/**
 * Applies the pull-request-mode steps of a cut: the version-bump commit on release-kit's own branch (created, or
 * force-moved when the release branch moved under it; the plan checked it holds only release-kit's commit), then the
 * one pull request into the release branch (opened, or the closed one reopened) and its labels. Each write is
 * create-only or checked against GitHub's answer, so a rerun after a crash continues without a second branch or PR.
 */
import { commitVersionFiles } from "./commit-version-files.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { isAlreadyExists, splitRepo, statusOf } from "../../adapters/github/requests.js";
import { listPullsFromBranch } from "../../adapters/github/pull-requests.js";
import { RemoteMovedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { CutPlan, PullBranchStep, PullRequestStep } from "../../core/release-plan/plan-cut.js";
import type { StepOutcome } from "./apply.js";

/** The pull request the cut opened or found. */
export interface BumpPullOutcome {
  readonly number: number;
  readonly url: string;
  readonly state: "open" | "closed";
  readonly merged: boolean;
}

/** The bump branch: returns the commit it holds (made now, or already there). */
export async function applyPullBranch(
  gh: GitHubClient,
  plan: CutPlan,
  step: PullBranchStep,
  logger: Logger,
  steps: StepOutcome[],
): Promise<string | null> {
  if (step.action === "none") {
    steps.push({ id: "pr-branch", outcome: "already done", detail: step.summary });
    return null;
  }
  if (!step.parent) throw new RemoteMovedError(`nothing to build ${plan.version} on: the base ref does not exist`);
  const { owner, repo } = splitRepo(plan.repo);
  const sha = await commitVersionFiles(gh, plan, step.parent, step);
  if (step.action === "create") {
    try {
      await gh.rest.git.createRef({ owner, repo, ref: `refs/heads/${step.name}`, sha });
    } catch (error) {
      // Another run made it meanwhile: plan again from what it holds.
      if (isAlreadyExists(error)) throw new RemoteMovedError(`${step.name} was created by another run meanwhile`);
      throw error;
    }
  } else {
    // release-kit's own branch (the plan checked it adds nothing but release-kit's commit): a force move is safe.
    await gh.rest.git.updateRef({ owner, repo, ref: `heads/${step.name}`, sha, force: true });
  }
  steps.push({
    id: "pr-branch",
    outcome: "done",
    detail: `${step.name} at ${sha.slice(0, 7)} (${step.action === "create" ? "created" : "moved onto " + plan.branch})`,
  });
  logger.info(`${step.action === "create" ? "pushed" : "moved"} ${step.name} (${sha.slice(0, 7)})`);
  return sha;
}

/** Finds the open pull request from `head` into `base` (after GitHub said one exists). */
async function openPull(
  gh: GitHubClient,
  owner: string,
  repo: string,
  head: string,
  base: string,
): Promise<BumpPullOutcome | null> {
  const [found] = await listPullsFromBranch(gh, owner, repo, head, { state: "open", base });
  return found ? { number: found.number, url: found.url, state: "open", merged: false } : null;
}

/** The pull request: opened, reopened, or found; then its missing labels. */
export async function applyPullRequest(
  gh: GitHubClient,
  plan: CutPlan,
  step: PullRequestStep,
  logger: Logger,
  steps: StepOutcome[],
): Promise<BumpPullOutcome | null> {
  const { owner, repo } = splitRepo(plan.repo);
  let pull: BumpPullOutcome | null = step.existing
    ? { number: step.existing.number, url: step.existing.url, state: step.existing.state, merged: step.existing.merged }
    : null;
  if (step.action === "open") {
    try {
      const { data } = await gh.rest.pulls.create({
        owner,
        repo,
        head: step.head,
        base: step.base,
        title: step.title,
        body: step.body,
      });
      pull = { number: data.number, url: data.html_url, state: "open", merged: false };
      steps.push({ id: "pull-request", outcome: "done", detail: `opened #${data.number}: ${data.html_url}` });
      logger.info(`opened ${data.html_url} bumping ${plan.branch} to ${plan.version}`);
    } catch (error) {
      // 422 "A pull request already exists": opened by a run that stopped before it could say so.
      if (statusOf(error) !== 422) throw error;
      pull = await openPull(gh, owner, repo, step.head, step.base);
      if (!pull) throw error;
      steps.push({ id: "pull-request", outcome: "already done", detail: `#${pull.number}: ${pull.url}` });
    }
  } else if (step.action === "reopen" && pull) {
    await gh.rest.pulls.update({ owner, repo, pull_number: pull.number, state: "open" });
    pull = { ...pull, state: "open" };
    steps.push({ id: "pull-request", outcome: "done", detail: `reopened #${pull.number}: ${pull.url}` });
  } else {
    steps.push({ id: "pull-request", outcome: "already done", detail: step.summary });
  }
  if (pull && step.addLabels.length > 0) {
    await gh.rest.issues.addLabels({ owner, repo, issue_number: pull.number, labels: [...step.addLabels] });
    steps.push({
      id: "pull-request",
      outcome: "done",
      detail: `labelled #${pull.number} ${step.addLabels.join(", ")}`,
    });
  }
  return pull;
}
