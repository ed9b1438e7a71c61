/**
 * Reads the remote state a cut needs, with as few requests as the plan allows: the repository (permission,
 * default branch), the tags, the release branch (or base) head, the version files at that commit, the
 * required checks, open blockers, and the tags of this version (candidates, final) with their tag objects and releases;
 * for a final, what came after its last candidate and what its gates look at (observe-final-gates.ts).
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { RemoteError } from "../../core/errors.js";
import type {
  ObservedCheck,
  ObservedCommit,
  ObservedTag,
  ReleaseObservation,
  InspectedTag,
  ObservedRelease,
} from "../../core/release-plan/observation.js";
import type { CutSettings } from "../../core/release-plan/cut-settings.js";
import { readTrailers } from "../../core/release-plan/release-trailers.js";
import {
  baseVersionOf,
  formatVersion,
  parseVersion,
  releaseBranchName,
  sameBaseVersion,
  taggedVersions,
} from "../../core/versions/index.js";
import { listTagRefs, peelTag, tagPatternPrefix } from "../../adapters/github/git-refs.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { observeFinalGates } from "./observe-final-gates.js";
import { observeProtection } from "./observe-protection.js";

async function readCommit(gh: GitHubClient, owner: string, repo: string, ref: string): Promise<ObservedCommit | null> {
  try {
    const { data } = await gh.rest.repos.getCommit({ owner, repo, ref, per_page: 1 });
    return {
      sha: data.sha,
      tree: data.commit.tree.sha,
      message: data.commit.message,
      parents: data.parents.map((p) => p.sha),
    };
  } catch (error) {
    if (isNotFound(error) || (error as { status?: number }).status === 422) return null;
    throw error;
  }
}

/** A branch's head commit and protection flag, or null when the branch does not exist. */
async function readBranch(
  gh: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<{ head: ObservedCommit; protected: boolean } | null> {
  try {
    const { data } = await gh.rest.repos.getBranch({ owner, repo, branch });
    return {
      head: {
        sha: data.commit.sha,
        tree: data.commit.commit.tree.sha,
        message: data.commit.commit.message,
        parents: data.commit.parents.map((p) => p.sha),
      },
      protected: data.protected,
    };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function readChecks(
  gh: GitHubClient,
  owner: string,
  repo: string,
  sha: string,
  wanted: readonly string[],
): Promise<ObservedCheck[]> {
  if (wanted.length === 0) return [];
  const checks: ObservedCheck[] = [];
  const runs = await gh.paginate(gh.rest.checks.listForRef, { owner, repo, ref: sha, per_page: 100 });
  for (const run of runs) {
    checks.push({
      name: run.name,
      state: run.status === "completed" ? (run.conclusion ?? "neutral") : "pending",
      source: "check-run",
    });
  }
  // Commit statuses only when a required name is not a check run (saves a request in the common case).
  if (wanted.some((name) => !checks.some((c) => c.name === name))) {
    const { data } = await gh.rest.repos.getCombinedStatusForRef({ owner, repo, ref: sha, per_page: 100 });
    for (const s of data.statuses) checks.push({ name: s.context, state: s.state, source: "status" });
  }
  return checks;
}

/** A tag read in full: its tag object (annotated tags) and its release. */
async function inspectTag(gh: GitHubClient, owner: string, repo: string, ref: ObservedTag): Promise<InspectedTag> {
  const peeled = await peelTag(gh, owner, repo, ref);
  const commit = peeled.commit;
  const object = peeled.annotated ? { sha: peeled.annotated.sha, commit, message: peeled.annotated.message } : null;
  let release: ObservedRelease | null = null;
  try {
    const { data } = await gh.rest.repos.getReleaseByTag({ owner, repo, tag: ref.name });
    release = { id: data.id, url: data.html_url, draft: data.draft, prerelease: data.prerelease };
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return { name: ref.name, object, commit, release };
}

/** Reads everything `planCut` needs. */
export async function observeRelease(gh: GitHubClient, settings: CutSettings): Promise<ReleaseObservation> {
  const { owner, repo } = splitRepo(settings.repo);
  let repoData;
  try {
    repoData = (await gh.rest.repos.get({ owner, repo })).data;
  } catch (error) {
    if (isNotFound(error))
      throw new RemoteError(
        `repository ${settings.repo} was not found (or the token cannot see it): check project.repo and the token`,
      );
    throw error;
  }
  const canPush = repoData.permissions === undefined ? null : repoData.permissions.push === true;
  const tags: ObservedTag[] = await listTagRefs(gh, owner, repo, tagPatternPrefix(settings.tagPattern));

  const branchName = releaseBranchName(settings.branchPattern, settings.baseVersion);
  // GET branches/{branch}: the head commit and the `protected` flag in one request.
  const releaseBranch = await readBranch(gh, owner, repo, branchName);
  const branch = releaseBranch?.head ?? null;
  const baseRef = settings.baseRef ?? repoData.default_branch;
  const baseCommit = branch ? null : await readCommit(gh, owner, repo, baseRef);
  const start = branch ?? baseCommit;

  const versionFiles = start
    ? await Promise.all(
        settings.versionFiles.map(async (f) => ({
          path: f.path,
          text: await readRepoText(gh, settings.repo, f.path, start.sha),
        })),
      )
    : settings.versionFiles.map((f) => ({ path: f.path, text: null }));
  const pyproject =
    start && settings.supportWarnings
      ? (versionFiles.find((f) => f.path === "pyproject.toml")?.text ??
        (await readRepoText(gh, settings.repo, "pyproject.toml", start.sha)))
      : null;
  // A release-kit bump commit changes only version files, so the code under test is that of the first commit
  // below it that is not one: CI results live there (CI may never run on a commit pushed through the API with
  // the workflow's token). Bumps stack (rc1, rc2, final on one branch), so walk down all of them.
  let checkSha = start?.sha;
  let below = start;
  for (let hops = 0; below && readTrailers(below.message).version !== undefined && below.parents[0]; hops++) {
    checkSha = below.parents[0];
    below = hops < 20 ? await readCommit(gh, owner, repo, below.parents[0]) : null;
  }
  const checks =
    checkSha && !settings.skipChecksReason ? await readChecks(gh, owner, repo, checkSha, settings.requiredChecks) : [];
  const blockerIssues = await gh.rest.issues.listForRepo({
    owner,
    repo,
    state: "open",
    labels: settings.blockerLabel,
    per_page: 100,
  });
  const blockers = blockerIssues.data
    .filter((i) => !i.pull_request)
    .map((i) => ({ number: i.number, title: i.title, url: i.html_url }));

  // Every tag of this base version (its candidates and final) in full; which one matters is the plan's decision.
  const base = parseVersion(settings.baseVersion, settings.scheme);
  const ofVersion = taggedVersions(
    tags.map((t) => t.name),
    settings.tagPattern,
    settings.scheme,
  ).filter((t) => sameBaseVersion(baseVersionOf(t.version), base));
  const versionTags = await Promise.all(
    ofVersion.map((t) =>
      inspectTag(
        gh,
        owner,
        repo,
        tags.find((ref) => ref.name === t.tag)!,
      ),
    ),
  );
  // For a final: what landed on the branch after the last candidate (oldest first; the first 100 are plenty to refuse).
  const lastCandidate = versionTags.filter((t) => ofVersion.find((v) => v.tag === t.name)?.version.pre).at(-1);
  let afterCandidate: ReleaseObservation["afterCandidate"] = null;
  if (settings.kind === "final" && branch && lastCandidate) {
    const { data } = await gh.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${lastCandidate.commit}...${branch.sha}`,
      per_page: 100,
    });
    afterCandidate = {
      tag: lastCandidate.name,
      commits: data.commits.map((c) => ({
        sha: c.sha,
        message: c.commit.message,
        parents: c.parents.map((p) => p.sha),
      })),
    };
  }
  // For a final: its gates, read about the last candidate (nothing to read without one, or once the final is tagged).
  const finalTagged = ofVersion.some((t) => !t.version.pre && !t.version.dev);
  const candidateVersion = lastCandidate && ofVersion.find((v) => v.tag === lastCandidate.name)?.version;
  const finalGates =
    settings.kind === "final" && settings.finalGates && candidateVersion && lastCandidate && !finalTagged
      ? await observeFinalGates(gh, settings.finalGates, {
          repo: settings.repo,
          baseVersion: settings.baseVersion,
          scheme: settings.scheme,
          candidate: { version: formatVersion(candidateVersion, "pep440"), tag: lastCandidate.name },
        })
      : null;
  const protection = await observeProtection(
    gh,
    owner,
    repo,
    { name: branchName, pattern: settings.branchPattern, protected: releaseBranch?.protected },
    repoData.permissions?.admin === true,
  );
  return {
    protection,
    afterCandidate,
    ...(settings.kind === "final" && settings.finalGates ? { finalGates } : {}),
    repo: { fullName: repoData.full_name, defaultBranch: repoData.default_branch, canPush },
    tags,
    branch,
    base: { ref: baseRef, commit: branch ? branch : baseCommit },
    versionFiles,
    checks,
    blockers,
    versionTags,
    pyproject,
  };
}
