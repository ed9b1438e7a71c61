/**
 * The fork-owner's fork of a feedstock as GitHub names it, and its branch heads once GitHub has finished copying it.
 * A fork is not always `<owner>/<feedstock name>`: its owner may have renamed it, and GitHub names a new fork
 * `<name>-1` when the owner already has another repository of that name. So the name comes from the API: the
 * repository of the usual name when it is a fork of the feedstock (one request, the common case), else the owner's
 * entry in the feedstock's list of forks.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { GitHubClient } from "../../adapters/github/client.js";
import { isNotFound, splitRepo, statusOf } from "../../adapters/github/requests.js";
import { RemoteError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";

/** The owner's fork as observed: its name today (or the name GitHub will give it) and its branch heads. */
export interface ObservedFork {
  readonly fullName: string;
  readonly exists: boolean;
  /** Branch heads; empty while GitHub is still copying a fork (a rerun right after the fork was made). */
  readonly branches: Record<string, string>;
}

/**
 * The owner's fork of `feedstock`: its full name today, or null when the owner has none; `taken` when the usual
 * name is another repository's (GitHub then names a new fork `<name>-1`).
 */
export async function findFork(
  gh: GitHubClient,
  feedstock: string,
  forkOwner: string,
): Promise<{ readonly fullName: string | null; readonly taken: boolean }> {
  const { owner, repo } = splitRepo(feedstock);
  let taken = false;
  try {
    const { data } = await gh.rest.repos.get({ owner: forkOwner, repo });
    // GitHub follows a rename of the fork here (the answer names it as it is called now).
    if (data.fork && data.parent?.full_name.toLowerCase() === feedstock.toLowerCase())
      return { fullName: data.full_name, taken: false };
    taken = data.name.toLowerCase() === repo.toLowerCase();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  // Not under the usual name: the owner's fork (an account has at most one per network) is in the list of forks.
  let found: string | null = null;
  await gh.paginate(gh.rest.repos.listForks, { owner, repo, per_page: 100 }, (response, done) => {
    const mine = response.data.find((r) => r.owner.login.toLowerCase() === forkOwner.toLowerCase());
    if (mine) {
      found = mine.full_name;
      done();
    }
    return [];
  });
  return { fullName: found, taken };
}

/** Finds the owner's fork and reads its branch heads (none while GitHub is still copying it). */
export async function observeFork(gh: GitHubClient, feedstock: string, forkOwner: string): Promise<ObservedFork> {
  const { repo } = splitRepo(feedstock);
  const { fullName, taken } = await findFork(gh, feedstock, forkOwner);
  // Without a fork, the plan names the one GitHub will make; the apply uses the name GitHub answers with.
  if (!fullName) return { fullName: `${forkOwner}/${repo}${taken ? "-1" : ""}`, exists: false, branches: {} };
  try {
    return { fullName, exists: true, branches: await readBranchHeads(gh, fullName) };
  } catch (error) {
    if (!isEmptyRepository(error)) throw error;
    return { fullName, exists: true, branches: {} };
  }
}

/** Bounded polling of a fork GitHub is still copying. */
export interface ForkWait {
  /** First delay; the n-th wait is n times as long. */
  readonly pollMs: number;
  /** Reads before giving up. */
  readonly tries: number;
}

/**
 * The wait of the flows: `pollMs` (default 2 s; tests shorten it), growing by that much each time, 10 reads (about
 * 90 s with the default, GitHub's usual fork of a feedstock takes seconds).
 */
export function forkWait(pollMs = 2_000): ForkWait {
  return { pollMs, tries: 10 };
}

/** Whether an error is GitHub's answer for a repository without git data yet (a fork still being copied). */
export function isEmptyRepository(error: unknown): boolean {
  return statusOf(error) === 409 || isNotFound(error);
}

/** Branch heads of a repository (one request for a fork's handful of branches). */
export async function readBranchHeads(gh: GitHubClient, fullName: string): Promise<Record<string, string>> {
  const { owner, repo } = splitRepo(fullName);
  const refs = await gh.paginate(gh.rest.git.listMatchingRefs, { owner, repo, ref: "heads/", per_page: 100 });
  return Object.fromEntries(refs.map((r) => [r.ref.slice("refs/heads/".length), r.object.sha]));
}

/**
 * The fork's branch heads once GitHub has copied it: its refs answer 409 "Git Repository is empty." (or nothing)
 * until then. Polls with a growing delay, saying so, and gives up after `wait.tries` reads.
 */
export async function waitForFork(
  gh: GitHubClient,
  fork: string,
  wait: ForkWait,
  logger: Logger,
): Promise<Record<string, string>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const heads = await readBranchHeads(gh, fork);
      if (Object.keys(heads).length > 0) return heads;
    } catch (error) {
      if (!isEmptyRepository(error)) throw error;
    }
    if (attempt >= wait.tries)
      throw new RemoteError(
        `GitHub has not finished copying the fork ${fork} after ${attempt} reads; rerun in a few minutes (it resumes here)`,
      );
    const delay = wait.pollMs * attempt;
    logger.info(`GitHub is still copying the fork ${fork}: read ${attempt} of ${wait.tries}, next in ${delay} ms`);
    await sleep(delay);
  }
}
