/**
 * Reading and committing repository files through the API (no clone): the one implementation the flows share.
 */
import type { GitHubClient } from "./client.js";
import { isNotFound, splitRepo } from "./requests.js";

/** A text file of `owner/name` at `ref` (default branch when absent), or null when the file does not exist. */
export async function readRepoText(
  gh: GitHubClient,
  fullName: string,
  path: string,
  ref?: string,
): Promise<string | null> {
  try {
    const { data } = await gh.rest.repos.getContent({ ...splitRepo(fullName), path, ...(ref ? { ref } : {}) });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** A file of a commit: new content, or `null` to delete the path. */
export interface FileChange {
  readonly path: string;
  readonly content: string | null;
}

/**
 * Makes one commit with `files` changed on top of `parent` (whose tree is `baseTree`): a tree and a commit object,
 * two requests. It moves no ref; the caller creates or fast-forwards the branch, so it decides what a race means.
 */
export async function commitFiles(
  gh: GitHubClient,
  fullName: string,
  commit: {
    readonly parent: string;
    readonly baseTree: string;
    readonly message: string;
    readonly files: readonly FileChange[];
    /** The commit's author (and committer); absent: GitHub's default, the token's user. */
    readonly author?: { readonly name: string; readonly email: string };
  },
): Promise<string> {
  const repo = splitRepo(fullName);
  const tree = await gh.rest.git.createTree({
    ...repo,
    base_tree: commit.baseTree,
    tree: commit.files.map((f) =>
      f.content === null
        ? { path: f.path, mode: "100644" as const, type: "blob" as const, sha: null }
        : { path: f.path, mode: "100644" as const, type: "blob" as const, content: f.content },
    ),
  });
  const created = await gh.rest.git.createCommit({
    ...repo,
    message: commit.message,
    tree: tree.data.sha,
    parents: [commit.parent],
    ...(commit.author ? { author: { name: commit.author.name, email: commit.author.email } } : {}),
  });
  return created.data.sha;
}
