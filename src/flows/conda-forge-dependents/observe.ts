/**
 * Reads what one dependent's draft PR needs: the feedstock (default branch), the target branch and its recipe,
 * build config and build scripts (one recursive tree, then only the blobs used), the fork and its branch heads,
 * the open PRs from the fork, the head commit of the PR branch on a rerun, and for a vendored-source dependent the
 * line of its own sources that names the commit it vendors.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { listPullsFromFork } from "../../adapters/github/pull-requests.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { ConflictError, RemoteError } from "../../core/errors.js";
import type { DependentObservation, DependentTarget } from "../../core/dependents-plan/plan-dependent-pr.js";
import { cbcPath, dependentBranchName } from "../../core/dependents-plan/plan-dependent-pr.js";
import type { RecipeFormat } from "../../core/recipe/recipe-layout.js";
import { checkFeedstockToken } from "../conda-forge/token-preflight.js";
import { observeFork } from "../conda-forge/find-fork.js";
import { readBlob } from "../conda-forge/observe.js";

const recipeFormats: readonly RecipeFormat[] = ["meta.yaml", "recipe.yaml"];

/** The recipe's version (`{% set version = "1.26.0" %}` or a recipe.yaml context `version:`), if it says one. */
export function recipeVersion(text: string): string | undefined {
  return (
    /\{%-?\s*set\s+version\s*=\s*["']([^"']+)["']/.exec(text)?.[1] ??
    /^\s{2}version\s*:\s*["']?([0-9][^"'\s#]*)/m.exec(text)?.[1]
  );
}

/** The line of a pin file (`owner/name:path`, read at the dependent's tag v<version>) that names `pkg`. */
async function readVendoredPin(
  gh: GitHubClient,
  pinFile: string,
  version: string | undefined,
  pkg: string,
): Promise<NonNullable<DependentObservation["vendoredPin"]>> {
  const colon = pinFile.indexOf(":");
  const repo = pinFile.slice(0, colon);
  const file = pinFile.slice(colon + 1);
  if (!version) return { where: pinFile, line: null, note: "the recipe names no version to read the pin file at" };
  const ref = `v${version}`;
  const where = `${repo}:${file} at ${ref}`;
  const text = await readRepoText(gh, repo, file, ref);
  if (text === null) return { where, line: null, note: `${where} was not found` };
  // deps.txt: `name;url;sha1`; anything else: the first line naming the package.
  const line =
    text.split(/\r?\n/).find((l) => l.startsWith(`${pkg};`)) ??
    text.split(/\r?\n/).find((l) => !l.trimStart().startsWith("#") && new RegExp(`\\b${pkg}\\b`).test(l));
  return line ? { where, line: line.trim() } : { where, line: null, note: `${where} does not mention ${pkg}` };
}

/** Reads one dependent. */
export async function observeDependent(
  gh: GitHubClient,
  target: DependentTarget & { readonly pinFile?: string },
  pkg: string,
  version: string,
  forkOwnerSetting: string | undefined,
): Promise<DependentObservation> {
  const { owner, repo } = splitRepo(target.feedstock);
  let repoData;
  try {
    const answer = await gh.rest.repos.get({ owner, repo });
    repoData = answer.data;
    // The same pre-flight as the feedstock PR's: a token that cannot open the draft PR stops before any write.
    await checkFeedstockToken(gh, target.feedstock, forkOwnerSetting, answer.headers);
  } catch (error) {
    if (isNotFound(error))
      throw new RemoteError(
        `dependent feedstock ${target.feedstock} was not found (or the token cannot see it): check conda-forge.dependents`,
      );
    throw error;
  }
  const baseName = target.branch ?? repoData.default_branch;
  let branch;
  try {
    branch = (await gh.rest.repos.getBranch({ owner, repo, branch: baseName })).data;
  } catch (error) {
    if (isNotFound(error))
      throw new ConflictError(
        `${target.feedstock} has no branch ${baseName}; fix its branch in conda-forge.dependents`,
      );
    throw error;
  }
  const base = { name: baseName, sha: branch.commit.sha, treeSha: branch.commit.commit.tree.sha };
  const { data: tree } = await gh.rest.git.getTree({ owner, repo, tree_sha: base.treeSha, recursive: "1" });
  if (tree.truncated) throw new RemoteError(`the tree of ${target.feedstock} is too large for one listing`);
  const blobs = new Map(tree.tree.filter((e) => e.type === "blob").map((e) => [e.path, e.sha]));
  const present = recipeFormats.filter((f) => blobs.has(`recipe/${f}`));
  if (present.length !== 1)
    throw new ConflictError(
      present.length === 0
        ? `${target.feedstock} has no recipe/meta.yaml or recipe/recipe.yaml on ${baseName}; check conda-forge.dependents`
        : `${target.feedstock} has both recipe/meta.yaml and recipe/recipe.yaml on ${baseName}; a maintainer removes the stale one first`,
    );
  const format = present[0]!;
  const recipePath = `recipe/${format}`;
  const recipeText = await readBlob(gh, target.feedstock, blobs.get(recipePath)!);
  const cbcSha = blobs.get(cbcPath);
  const condaBuildConfig =
    target.mode === "conda-package" && cbcSha ? await readBlob(gh, target.feedstock, cbcSha) : undefined;
  const scripts: Record<string, string | undefined> = {};
  if (target.mode === "vendored-source")
    for (const script of target.buildScripts) {
      const sha = blobs.get(script);
      scripts[script] = sha ? await readBlob(gh, target.feedstock, sha) : undefined;
    }

  const forkOwner = forkOwnerSetting ?? (await gh.rest.users.getAuthenticated()).data.login;
  const fork = await observeFork(gh, repoData.full_name, forkOwner);
  const forkName = fork.fullName;
  const branches = fork.branches;
  const pulls = await listPullsFromFork(gh, target.feedstock, forkName);
  const prBranch = dependentBranchName(pkg, version);
  const branchSha = branches[prBranch];
  let branchCommit = null;
  if (branchSha) {
    const { data } = await gh.rest.git.getCommit({ ...splitRepo(forkName), commit_sha: branchSha });
    branchCommit = { sha: data.sha, parents: data.parents.map((p) => p.sha), message: data.message };
  }
  const vendoredPin =
    target.mode === "vendored-source" && target.pinFile
      ? await readVendoredPin(gh, target.pinFile, recipeVersion(recipeText), pkg)
      : undefined;
  return {
    feedstock: repoData.full_name,
    defaultBranch: repoData.default_branch,
    base,
    recipe: { format, path: recipePath, text: recipeText },
    condaBuildConfig,
    scripts,
    forkOwner,
    fork,
    pulls,
    branchCommit,
    ...(vendoredPin ? { vendoredPin } : {}),
  };
}
