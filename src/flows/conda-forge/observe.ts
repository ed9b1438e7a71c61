/**
 * Reads what a feedstock PR needs, with as few requests as the plan allows: the feedstock (default branch, whether
 * the token may push), the target branch and its recipe files, the fork (under the name GitHub gives it) and its
 * branch heads, the open PRs, the head commit of the PR branch when a rerun finds one, and for a final what the rc
 * branch changed since it left.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { listPullsFromFork } from "../../adapters/github/pull-requests.js";
import { isNotFound, splitRepo, statusOf } from "../../adapters/github/requests.js";
import { ConflictError, RemoteError } from "../../core/errors.js";
import type {
  FeedstockObservation,
  ObservedBranch,
  ObservedTreeFile,
  RcBranchChanges,
} from "../../core/feedstock-plan/feedstock-observation.js";
import type { FeedstockPrSettings } from "../../core/feedstock-plan/feedstock-pr-settings.js";
import { targetBase } from "../../core/feedstock-plan/feedstock-pr-settings.js";
import { prBranchName } from "../../core/feedstock-plan/pr-identity.js";
import type { Logger } from "../../core/logger.js";
import { checkFeedstockToken } from "./token-preflight.js";
import { observeFork } from "./find-fork.js";
import type { RecipeFormat } from "../../core/recipe/recipe-layout.js";

const recipeFormats: readonly RecipeFormat[] = ["meta.yaml", "recipe.yaml"];
const cbcPath = "recipe/conda_build_config.yaml";

async function readBranch(gh: GitHubClient, fullName: string, branch: string): Promise<ObservedBranch | null> {
  const { owner, repo } = splitRepo(fullName);
  try {
    const { data } = await gh.rest.repos.getBranch({ owner, repo, branch });
    return { name: branch, sha: data.commit.sha, treeSha: data.commit.commit.tree.sha };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The files under recipe/ of a tree, with their blob SHAs (one request: the recursive tree). */
async function recipeTree(gh: GitHubClient, fullName: string, treeSha: string): Promise<ObservedTreeFile[]> {
  const { owner, repo } = splitRepo(fullName);
  const { data } = await gh.rest.git.getTree({ owner, repo, tree_sha: treeSha, recursive: "1" });
  if (data.truncated)
    throw new RemoteError(`the tree of ${fullName} is too large for one listing; release-kit cannot read its recipe`);
  return data.tree
    .filter((e) => e.type === "blob" && e.path.startsWith("recipe/"))
    .map((e) => ({ path: e.path, blobSha: e.sha, mode: e.mode }));
}

/** A blob's text. */
export async function readBlob(gh: GitHubClient, fullName: string, sha: string): Promise<string> {
  const { owner, repo } = splitRepo(fullName);
  const { data } = await gh.rest.git.getBlob({ owner, repo, file_sha: sha });
  return Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8").toString("utf8");
}

async function readRcChanges(
  gh: GitHubClient,
  feedstock: string,
  defaultBranch: string,
  rcBranch: string,
  mainFiles: readonly ObservedTreeFile[],
  recipePath: string,
): Promise<RcBranchChanges | null> {
  const { owner, repo } = splitRepo(feedstock);
  let compare;
  try {
    compare = (
      await gh.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${defaultBranch}...${rcBranch}` })
    ).data;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  const rcSha = compare.commits.at(-1)?.sha ?? compare.merge_base_commit.sha;
  const recipeChanges = (compare.files ?? []).filter((f) => f.filename.startsWith("recipe/"));
  if (recipeChanges.length === 0) return { rcSha, mergeBaseSha: compare.merge_base_commit.sha, changed: [] };
  const baseFiles = await recipeTree(gh, feedstock, compare.merge_base_commit.commit.tree.sha);
  const baseBlob = new Map(baseFiles.map((f) => [f.path, f.blobSha]));
  const mainBlob = new Map(mainFiles.map((f) => [f.path, f.blobSha]));
  const changed = [];
  for (const f of recipeChanges) {
    const status = f.status === "added" || f.status === "removed" ? f.status : "modified";
    const rcBlobSha = status === "removed" ? null : f.sha;
    const baseBlobSha = baseBlob.get(f.filename) ?? null;
    // Texts only where they decide the carry: the recipe and the build config always, other files when the
    // default branch still has the merge base's version (otherwise they are a conflict or already there).
    const decides = f.filename === recipePath || f.filename === cbcPath;
    const carryable = (mainBlob.get(f.filename) ?? null) === baseBlobSha && rcBlobSha !== baseBlobSha;
    const rcText = rcBlobSha && (decides || carryable) ? await readBlob(gh, feedstock, rcBlobSha) : undefined;
    const baseText = baseBlobSha && (decides || carryable) ? await readBlob(gh, feedstock, baseBlobSha) : undefined;
    changed.push({ path: f.filename, status, rcBlobSha, baseBlobSha, rcText, baseText } as const);
  }
  return { rcSha, mergeBaseSha: compare.merge_base_commit.sha, changed };
}

/** Reads everything `planEditRequest` and `planFeedstockPr` need. */
export async function observeFeedstock(
  gh: GitHubClient,
  settings: FeedstockPrSettings,
  /** A dry run's logger: without a token it reads what is public instead of stopping in the token pre-flight. */
  dryRun?: { readonly logger: Logger },
): Promise<FeedstockObservation> {
  const { owner, repo } = splitRepo(settings.feedstock);
  let repoData;
  try {
    const answer = await gh.rest.repos.get({ owner, repo });
    repoData = answer.data;
    // Pre-flight, before reading more and long before any write: a token that cannot open the PR stops here.
    await checkFeedstockToken(gh, settings.feedstock, settings.forkOwner, answer.headers, dryRun);
  } catch (error) {
    if (isNotFound(error))
      throw new RemoteError(
        `feedstock ${settings.feedstock} was not found (or the token cannot see it): check conda-forge.feedstock`,
      );
    throw error;
  }
  const defaultBranch = repoData.default_branch;
  const baseName = targetBase(settings, defaultBranch);
  const base = await readBranch(gh, settings.feedstock, baseName);
  // Without the rc branch, stop before reading more unless we may create it.
  const defaultBranchHead =
    base === null && baseName !== defaultBranch && settings.createRcBranch
      ? await readBranch(gh, settings.feedstock, defaultBranch)
      : null;
  const canPushFeedstock = base === null ? repoData.permissions?.push === true : undefined;
  const contentHead = base ?? defaultBranchHead;
  const emptyFork = { fullName: `${settings.forkOwner ?? "?"}/${repo}`, exists: false, branches: {} };
  if (!contentHead) {
    return {
      feedstock: { fullName: repoData.full_name, defaultBranch },
      base,
      defaultBranchHead,
      canPushFeedstock,
      recipeFiles: [],
      recipe: null,
      condaBuildConfig: undefined,
      forkOwner: settings.forkOwner ?? "?",
      fork: emptyFork,
      pulls: [],
      branchCommit: null,
      rcChanges: null,
    };
  }

  const recipeFiles = await recipeTree(gh, settings.feedstock, contentHead.treeSha);
  const present = recipeFormats.filter((format) => recipeFiles.some((f) => f.path === `recipe/${format}`));
  if (present.length > 1)
    throw new ConflictError(
      `${settings.feedstock} has both recipe/meta.yaml and recipe/recipe.yaml on ${contentHead.name}; a maintainer removes the stale one first`,
    );
  const format = present[0];
  const recipeBlob = format ? recipeFiles.find((f) => f.path === `recipe/${format}`) : undefined;
  const recipe =
    format && recipeBlob ? { format, text: await readBlob(gh, settings.feedstock, recipeBlob.blobSha) } : null;
  const cbcBlob = recipeFiles.find((f) => f.path === cbcPath);
  const condaBuildConfig = cbcBlob ? await readBlob(gh, settings.feedstock, cbcBlob.blobSha) : undefined;

  const forkOwner = settings.forkOwner ?? (await gh.rest.users.getAuthenticated()).data.login;
  const fork = await observeFork(gh, repoData.full_name, forkOwner);
  const forkName = fork.fullName;
  const branches = fork.branches;
  const pulls = await listPullsFromFork(gh, settings.feedstock, forkName);
  const branch = prBranchName(settings.package, settings.version);
  let branchCommit = null;
  const branchSha = branches[branch];
  if (branchSha) {
    const { data } = await gh.rest.git.getCommit({ ...splitRepo(forkName), commit_sha: branchSha });
    branchCommit = { sha: data.sha, parents: data.parents.map((p) => p.sha), message: data.message };
  }
  const rcChanges =
    settings.kind === "final" && settings.strategy === "rc-branch" && recipe
      ? await readRcChanges(
          gh,
          settings.feedstock,
          defaultBranch,
          settings.rcBranch,
          recipeFiles,
          `recipe/${recipe.format}`,
        )
      : null;
  return {
    feedstock: { fullName: repoData.full_name, defaultBranch },
    base,
    defaultBranchHead,
    canPushFeedstock,
    recipeFiles,
    recipe,
    condaBuildConfig,
    forkOwner,
    fork,
    pulls,
    branchCommit,
    rcChanges,
  };
}

/** Whether an Octokit error is GitHub's 409/422 for a sync that cannot fast-forward. */
export function isSyncConflict(error: unknown): boolean {
  return statusOf(error) === 409;
}
