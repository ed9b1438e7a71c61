/**
 * The git ref idioms every flow repeats, said once: the tags that start like a tag pattern, a tag's name without
 * `refs/tags/`, the commit behind a tag (an annotated tag is an object of its own that points at the commit),
 * creating a ref unless it already exists (a rerun, or a concurrent run, made it first), and a branch head that may
 * not exist yet.
 */
import type { GitHubClient } from "./client.js";
import { isAlreadyExists, isNotFound } from "./requests.js";

/** A tag as the refs API lists it: its name and the object it names (a commit, or an annotated tag object). */
export interface TagRef {
  readonly name: string;
  readonly sha: string;
  readonly type: "commit" | "tag";
}

/** The commit behind a tag, and the annotated tag object when there is one. */
export interface PeeledTag {
  readonly commit: string;
  readonly annotated?: { readonly sha: string; readonly message: string; readonly taggerDate: string };
}

/** The tag name of a full ref: `refs/tags/v1.20.0` -> `v1.20.0` (a bare name is returned as it is). */
export function tagNameOfRef(ref: string): string {
  return ref.replace(/^refs\/tags\//, "");
}

/** The fixed text a tag pattern starts with, before `{version}` (`v{version}` -> `v`). */
export function tagPatternPrefix(tagPattern: string): string {
  const at = tagPattern.indexOf("{version}");
  return at < 0 ? tagPattern : tagPattern.slice(0, at);
}

/** Every tag whose name starts with `prefix` (one paginated request; GitHub matches refs by prefix). */
export async function listTagRefs(gh: GitHubClient, owner: string, repo: string, prefix: string): Promise<TagRef[]> {
  const refs = await gh.paginate(gh.rest.git.listMatchingRefs, { owner, repo, ref: `tags/${prefix}`, per_page: 100 });
  return refs.map((r) => ({
    name: tagNameOfRef(r.ref),
    sha: r.object.sha,
    type: r.object.type === "tag" ? "tag" : "commit",
  }));
}

/**
 * The commit a tag points to: a lightweight tag names it directly, an annotated one through its tag object (one more
 * request, whose message and tagger date come along).
 */
export async function peelTag(
  gh: GitHubClient,
  owner: string,
  repo: string,
  object: { readonly sha: string; readonly type: string },
): Promise<PeeledTag> {
  if (object.type !== "tag") return { commit: object.sha };
  const { data } = await gh.rest.git.getTag({ owner, repo, tag_sha: object.sha });
  return { commit: data.object.sha, annotated: { sha: data.sha, message: data.message, taggerDate: data.tagger.date } };
}

/**
 * Creates `ref` (`refs/heads/...` or `refs/tags/...`) at `sha`. "exists" when GitHub answers that it already does;
 * what that means (done by an earlier run, or moved by someone else) is the caller's to decide.
 */
export async function createRefIfAbsent(
  gh: GitHubClient,
  owner: string,
  repo: string,
  ref: string,
  sha: string,
): Promise<"created" | "exists"> {
  try {
    await gh.rest.git.createRef({ owner, repo, ref, sha });
    return "created";
  } catch (error) {
    if (isAlreadyExists(error)) return "exists";
    throw error;
  }
}

/** The commit a branch points at, or null when the branch does not exist (a first run, or a deleted branch). */
export async function readBranchHead(
  gh: GitHubClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<string | null> {
  try {
    return (await gh.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
