/**
 * Applies a feedstock PR plan. Writes go to the fork (its branch, through the Git Data API: no clone) and to the
 * feedstock's PR conversation only, never to a feedstock branch (the one exception is create-rc-branch, which a
 * maintainer's token opts into). Every write is create-only or checked against what was just read, so a rerun
 * after a crash continues where the first run stopped and duplicates nothing.
 */
import { commitFiles } from "../../adapters/github/repo-files.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { createRefIfAbsent } from "../../adapters/github/git-refs.js";
import { splitRepo, statusOf } from "../../adapters/github/requests.js";
import { ConflictError, RemoteError, RemoteMovedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { FeedstockPrPlan } from "../../core/feedstock-plan/plan-feedstock-pr.js";
import { rerenderComment } from "../../core/feedstock-plan/plan-feedstock-pr.js";
import { waitForFork } from "./find-fork.js";
import type { ForkWait } from "./find-fork.js";

/** What one step did. */
export interface FeedstockStep {
  readonly id: "rc-branch" | "fork" | "sync" | "commit" | "pull" | "rerender" | "supersede";
  readonly outcome: "done" | "already done" | "skipped";
  readonly detail: string;
}

/** What the apply produced. */
export interface FeedstockPrOutcome {
  /** The fork the PR comes from, named as GitHub answered (the plan's name is a guess before the fork exists). */
  readonly fork: string;
  readonly prUrl: string;
  readonly prNumber: number;
  readonly branch: string;
  /** The fork branch head after the apply. */
  readonly sha: string;
  readonly steps: FeedstockStep[];
}

/** Knobs of the apply. */
export interface ApplyOptions {
  /** Polling of a fork GitHub copies asynchronously. */
  readonly forkWait: ForkWait;
}

/** Performs the writes still to do. */
export async function applyFeedstockPr(
  gh: GitHubClient,
  plan: FeedstockPrPlan,
  logger: Logger,
  options: ApplyOptions,
): Promise<FeedstockPrOutcome> {
  const steps: FeedstockStep[] = [];
  const up = splitRepo(plan.feedstock);

  // 1. The rc branch on the feedstock, only with create-rc-branch (a maintainer's token; checked in the plan).
  if (plan.createBase) {
    const { branch, sha } = plan.createBase;
    if ((await createRefIfAbsent(gh, up.owner, up.repo, `refs/heads/${branch}`, sha)) === "created")
      steps.push({ id: "rc-branch", outcome: "done", detail: `${branch} at ${sha.slice(0, 7)}` });
    else steps.push({ id: "rc-branch", outcome: "already done", detail: branch });
  }

  // 2. The fork (GitHub answers with the owner's fork when there is one, under its current name, and names a new
  // one `<name>-1` when the owner has another repository of the usual name), then its branch heads once GitHub has
  // copied it: the real name from here on.
  let forkName = plan.fork;
  let forkBranches: Record<string, string> | undefined;
  if (plan.createFork) {
    // The owner's type, not `GET /user`: installation tokens are refused that, and the fork owner is known.
    const ownerType = (await gh.rest.users.getByUsername({ username: plan.forkOwner })).data.type;
    const organization = ownerType === "Organization" ? plan.forkOwner : undefined;
    const { data } = await gh.rest.repos.createFork({
      ...up,
      ...(organization ? { organization } : {}),
      default_branch_only: false,
    });
    forkName = data.full_name;
    if (forkName.toLowerCase() !== plan.fork.toLowerCase()) logger.info(`GitHub named the fork ${forkName}`);
    forkBranches = await waitForFork(gh, forkName, options.forkWait, logger);
    steps.push({ id: "fork", outcome: "done", detail: forkName });
  } else {
    steps.push({ id: "fork", outcome: "already done", detail: forkName });
  }
  const fork = splitRepo(forkName);

  // 3. The fork's copy of the base branch, up to date (so the commit's parent is there). A fork observed while
  // GitHub was still copying it showed no branches: wait for them here.
  if (!plan.upToDate && plan.push !== "none") {
    forkBranches ??= await waitForFork(gh, forkName, options.forkWait, logger);
    await syncForkBase(gh, plan, forkName, forkBranches, steps);
  }

  // 4. One commit on the fork branch: the base tree plus the edited files.
  let sha = plan.branchSha ?? "";
  if (plan.push === "none") {
    steps.push({
      id: "commit",
      outcome: plan.upToDate ? "skipped" : "already done",
      detail: plan.upToDate ? `${plan.base} already holds ${plan.version}` : `${plan.branch} holds this edit`,
    });
  } else {
    sha = await commitFiles(gh, forkName, {
      parent: plan.baseSha,
      baseTree: plan.baseTreeSha,
      message: plan.commitMessage,
      files: plan.files.map((f) => ({ path: f.path, content: f.after ?? null })),
    });
    if (plan.push === "create") {
      if ((await createRefIfAbsent(gh, fork.owner, fork.repo, `refs/heads/${plan.branch}`, sha)) === "exists")
        throw new RemoteMovedError(`${plan.branch} was created meanwhile`);
    } else {
      // GitHub's ref update has no expected-old-SHA; read it right before the forced update (a rebase onto the
      // new base) and stop if another run moved it since the observation.
      const current = (await gh.rest.git.getRef({ ...fork, ref: `heads/${plan.branch}` })).data.object.sha;
      if (current !== plan.branchSha) throw new RemoteMovedError(`${plan.branch} moved since it was read`);
      await gh.rest.git.updateRef({ ...fork, ref: `heads/${plan.branch}`, sha, force: true });
    }
    steps.push({
      id: "commit",
      outcome: "done",
      detail: `${plan.files.map((f) => f.path).join(", ")} on ${forkName}:${plan.branch} (${sha.slice(0, 7)})`,
    });
    logger.info(`pushed ${sha.slice(0, 7)} to ${forkName}:${plan.branch}`);
  }

  // 5. The PR: created once, edited when its title, body or base should change.
  let prNumber = 0;
  let prUrl = "";
  let created = false;
  if (plan.pull.action === "create") {
    try {
      const { data } = await gh.rest.pulls.create({
        ...up,
        title: plan.title,
        head: `${fork.owner}:${plan.branch}`,
        base: plan.base,
        body: plan.body,
        maintainer_can_modify: true,
        ...(plan.draft ? { draft: true } : {}),
      });
      prNumber = data.number;
      prUrl = data.html_url;
      created = true;
      steps.push({ id: "pull", outcome: "done", detail: prUrl });
      logger.info(`opened ${prUrl}`);
    } catch (error) {
      if (
        statusOf(error) === 422 &&
        /already exists/i.test(JSON.stringify((error as { response?: unknown }).response ?? ""))
      )
        throw new RemoteMovedError(`a PR for ${plan.branch} was opened meanwhile`);
      throw error;
    }
  } else if (plan.pull.number > 0) {
    prNumber = plan.pull.number;
    prUrl = plan.pull.url;
    if (plan.pull.action === "update") {
      await gh.rest.pulls.update({ ...up, pull_number: prNumber, ...plan.pull.patch });
      steps.push({
        id: "pull",
        outcome: "done",
        detail: `updated ${Object.keys(plan.pull.patch).join(", ")} of ${prUrl}`,
      });
    } else {
      steps.push({ id: "pull", outcome: "already done", detail: prUrl });
    }
  }

  // 6. One rerender request per PR.
  if (plan.requestRerender && prNumber > 0) {
    const asked = !created && (await hasComment(gh, plan.feedstock, prNumber, rerenderComment));
    if (asked) steps.push({ id: "rerender", outcome: "already done", detail: "rerender requested" });
    else {
      await gh.rest.issues.createComment({ ...up, issue_number: prNumber, body: rerenderComment });
      steps.push({ id: "rerender", outcome: "done", detail: rerenderComment });
    }
  }

  // 7. Older candidate PRs of the series: a comment linking the new PR, then closed.
  for (const old of plan.supersede) {
    const note = `Superseded by ${prUrl} (${plan.title}); release-kit closes this candidate's PR.`;
    if (!(await hasComment(gh, plan.feedstock, old.number, `Superseded by ${prUrl} `)))
      await gh.rest.issues.createComment({ ...up, issue_number: old.number, body: note });
    await gh.rest.pulls.update({ ...up, pull_number: old.number, state: "closed" });
    steps.push({ id: "supersede", outcome: "done", detail: `closed ${old.url}` });
  }
  return { fork: forkName, prUrl, prNumber, branch: plan.branch, sha, steps };
}

async function hasComment(gh: GitHubClient, feedstock: string, issue: number, text: string): Promise<boolean> {
  const { owner, repo } = splitRepo(feedstock);
  const comments = await gh.paginate(gh.rest.issues.listComments, { owner, repo, issue_number: issue, per_page: 100 });
  return comments.some((c) => (c.body ?? "").includes(text));
}

async function syncForkBase(
  gh: GitHubClient,
  plan: FeedstockPrPlan,
  forkName: string,
  branches: Record<string, string>,
  steps: FeedstockStep[],
): Promise<void> {
  const fork = splitRepo(forkName);
  const current = branches[plan.base];
  if (current === plan.baseSha) {
    steps.push({ id: "sync", outcome: "already done", detail: `${forkName}:${plan.base} is up to date` });
    return;
  }
  if (current === undefined) {
    // A fork made before the rc branch existed lacks it. GitHub shares objects across a fork network, so the
    // branch can point at the feedstock's commit; where it cannot (a server without that), start it at the
    // fork's default branch and let merge-upstream fast-forward it.
    try {
      if ((await createRefIfAbsent(gh, fork.owner, fork.repo, `refs/heads/${plan.base}`, plan.baseSha)) === "exists")
        throw new RemoteMovedError(`${forkName}:${plan.base} was created meanwhile`);
      steps.push({
        id: "sync",
        outcome: "done",
        detail: `${forkName}:${plan.base} created at ${plan.baseSha.slice(0, 7)}`,
      });
      return;
    } catch (error) {
      // Any other 422: the fork cannot name the feedstock's commit (no shared objects); start from its own branch.
      if (error instanceof RemoteMovedError || statusOf(error) !== 422) throw error;
    }
    const start = branches.main ?? branches.master ?? Object.values(branches)[0];
    if (!start) throw new RemoteError(`the fork ${forkName} has no branch to start ${plan.base} from`);
    await gh.rest.git.createRef({ ...fork, ref: `refs/heads/${plan.base}`, sha: start });
  }
  // GitHub fast-forwards the fork's branch, merges the feedstock into it when the fork has commits of its own (a
  // merge commit; the PR branch is built on the feedstock's head either way, so the flow goes on), says `none` when
  // there is nothing to take, and answers 409 only when the merge conflicts.
  // https://docs.github.com/rest/branches/branches#sync-a-fork-branch-with-the-upstream-repository
  let mergeType: string;
  try {
    mergeType = (await gh.rest.repos.mergeUpstream({ ...fork, branch: plan.base })).data.merge_type ?? "";
  } catch (error) {
    if (statusOf(error) === 409)
      throw new ConflictError(
        `${forkName}:${plan.base} has commits that conflict with ${plan.feedstock}:${plan.base} ("There are merge conflicts"), so it cannot be synced; reset it to the feedstock's ${plan.base} (or delete the fork) and rerun`,
      );
    throw error;
  }
  const where = `${forkName}:${plan.base}`;
  if (mergeType === "none")
    steps.push({
      id: "sync",
      outcome: "already done",
      detail: `${where} already holds ${plan.feedstock}:${plan.base}`,
    });
  else
    steps.push({
      id: "sync",
      outcome: "done",
      detail:
        mergeType === "merge"
          ? `${where} had commits of its own: merged ${plan.feedstock}:${plan.base} into it`
          : `${where} fast-forwarded to ${plan.feedstock}:${plan.base}`,
    });
}
