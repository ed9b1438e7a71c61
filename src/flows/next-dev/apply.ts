/**
 * Applies a next-dev plan: one commit on the default branch head holding only the version files, the
 * branch created at it (create-only), then the PR (GitHub refuses a second open PR for the same head and
 * base with 422, which is taken as done). A crash between any two writes is resumed by a re-run.
 */
import { commitFiles } from "../../adapters/github/repo-files.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { createRefIfAbsent } from "../../adapters/github/git-refs.js";
import { listPullsFromBranch } from "../../adapters/github/pull-requests.js";
import { splitRepo, statusOf } from "../../adapters/github/requests.js";
import type { Logger } from "../../core/logger.js";
import type { NextDevPlan } from "../../core/release-plan/next-dev-version.js";

/** What one step did. */
export interface NextDevStepOutcome {
  readonly id: "next-dev-branch" | "next-dev-pr";
  readonly outcome: "done" | "already done" | "skipped";
  readonly detail: string;
}

/** What the apply produced. */
export interface NextDevOutcome {
  readonly pullUrl: string | null;
  readonly steps: readonly NextDevStepOutcome[];
}

async function findOpenPull(gh: GitHubClient, plan: NextDevPlan): Promise<{ number: number; url: string } | null> {
  const { owner, repo } = splitRepo(plan.repo);
  const [found] = await listPullsFromBranch(gh, owner, repo, plan.branch, { state: "open", base: plan.defaultBranch });
  return found ?? null;
}

/** Performs the writes still to do. */
export async function applyNextDev(gh: GitHubClient, plan: NextDevPlan, logger: Logger): Promise<NextDevOutcome> {
  if (plan.action === "skip") {
    return {
      pullUrl: plan.pull?.url ?? null,
      steps: plan.steps.map((s) => ({
        id: s.id,
        outcome: s.status === "done" ? "already done" : "skipped",
        detail: s.summary,
      })),
    };
  }
  const { owner, repo } = splitRepo(plan.repo);
  const steps: NextDevStepOutcome[] = [];
  if (plan.createBranch) {
    const commitSha = await commitFiles(gh, plan.repo, {
      parent: plan.base.sha,
      baseTree: plan.base.tree,
      message: plan.commitMessage,
      files: plan.fileUpdates.map((u) => ({ path: u.path, content: u.newText })),
    });
    // "exists": a concurrent run made the branch meanwhile, and its commit holds the same change.
    const created = await createRefIfAbsent(gh, owner, repo, `refs/heads/${plan.branch}`, commitSha);
    steps.push(
      created === "created"
        ? { id: "next-dev-branch", outcome: "done", detail: `${plan.branch} at ${commitSha.slice(0, 7)}` }
        : { id: "next-dev-branch", outcome: "already done", detail: `${plan.branch} (made by a concurrent run)` },
    );
  } else {
    steps.push({ id: "next-dev-branch", outcome: "already done", detail: `${plan.branch} exists` });
  }
  let url: string;
  try {
    const { data } = await gh.rest.pulls.create({
      owner,
      repo,
      head: plan.branch,
      base: plan.defaultBranch,
      title: plan.title,
      body: plan.body,
    });
    url = data.html_url;
    steps.push({ id: "next-dev-pr", outcome: "done", detail: `#${data.number}: ${url}` });
    logger.info(`opened ${url} moving ${plan.defaultBranch} to ${plan.version}`);
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    const existing = await findOpenPull(gh, plan);
    if (!existing) throw error;
    url = existing.url;
    steps.push({
      id: "next-dev-pr",
      outcome: "already done",
      detail: `#${existing.number}: ${url} (opened concurrently)`,
    });
  }
  return { pullUrl: url, steps };
}
