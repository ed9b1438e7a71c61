/**
 * Where `release-kit init` reads a project from: a local checkout (files from disk, tags and branches from git, the
 * repository's name from the origin remote) or the GitHub API (`--repo OWNER/NAME`: the default branch's tree, its
 * files, the tags and branches). Both answer the same questions, so detection does not care which it is.
 */
import path from "node:path";
import { readTextIfExists } from "../../adapters/files.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { readLocalCheckout, repositoryOfRemote } from "../../adapters/local-git.js";
import { InputError, RemoteError } from "../../core/errors.js";

/** A project as init reads it. */
export interface RepoReader {
  /** owner/name on GitHub. */
  readonly repo: string;
  /** Where it was read from, for messages: a directory or `the API`. */
  readonly from: string;
  readonly defaultBranch: string;
  /** Tracked files of the default branch (or of the checkout), `/`-separated. */
  readonly paths: readonly string[];
  readonly tags: readonly string[];
  readonly branches: readonly string[];
  /** A file's text, or null when it does not exist. */
  read(file: string): Promise<string | null>;
  /** A note about what could not be read completely, if any. */
  readonly notes: readonly string[];
}

/** Reads the checkout that contains `dir`. */
export async function localReader(dir: string): Promise<RepoReader & { readonly root: string }> {
  const checkout = await readLocalCheckout(dir);
  const repo = checkout.originUrl === null ? null : repositoryOfRemote(checkout.originUrl);
  if (repo === null)
    throw new InputError(
      checkout.originUrl === null
        ? `the checkout ${checkout.root} has no "origin" remote, so its GitHub repository is unknown: add it (git remote add origin URL) or pass --repo OWNER/NAME`
        : `the origin remote ${checkout.originUrl} does not name a GitHub repository (owner/name): fix it or pass --repo OWNER/NAME`,
    );
  return {
    repo,
    root: checkout.root,
    from: checkout.root,
    defaultBranch: checkout.defaultBranch ?? "main",
    paths: checkout.paths,
    tags: checkout.tags,
    branches: checkout.branches,
    notes: [],
    read: (file) => readTextIfExists(path.join(checkout.root, file)),
  };
}

/** Reads `repo`'s default branch through the API (one tree listing, then each file asked for). */
export async function apiReader(gh: GitHubClient, repo: string): Promise<RepoReader> {
  const { owner, repo: name } = splitRepo(repo);
  let defaultBranch: string;
  try {
    defaultBranch = (await gh.rest.repos.get({ owner, repo: name })).data.default_branch;
  } catch (error) {
    if (isNotFound(error))
      throw new RemoteError(
        `repository ${repo} was not found (or the token cannot see it): check --repo and GITHUB_TOKEN`,
      );
    throw error;
  }
  const notes: string[] = [];
  const branch = (await gh.rest.repos.getBranch({ owner, repo: name, branch: defaultBranch })).data;
  const tree = (
    await gh.rest.git.getTree({ owner, repo: name, tree_sha: branch.commit.commit.tree.sha, recursive: "1" })
  ).data;
  if (tree.truncated) notes.push(`the file list of ${repo} is too long for one API answer; some files were not seen`);
  const [tagRefs, branches] = await Promise.all([
    gh.paginate(gh.rest.git.listMatchingRefs, { owner, repo: name, ref: "tags/", per_page: 100 }),
    gh.paginate(gh.rest.repos.listBranches, { owner, repo: name, per_page: 100 }),
  ]);
  return {
    repo,
    from: "the API",
    defaultBranch,
    paths: tree.tree.filter((e) => e.type === "blob" && e.path !== undefined).map((e) => e.path),
    tags: tagRefs.map((r) => r.ref.replace(/^refs\/tags\//, "")),
    branches: branches.map((b) => b.name),
    notes,
    read: (file) => readRepoText(gh, repo, file, defaultBranch),
  };
}
