/**
 * The candidate's tag must exist before anything waits for its sources: a tag archive of a tag that was never pushed
 * answers 404 forever, and retrying it for the whole source wait (30 minutes by default) is what a typo in `--version`
 * used to cost. One read, before the first download.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { InputError } from "../../core/errors.js";

/** Throws InputError (one line, exit 2) when `tag` is not a tag of `repo`. */
export async function requireTag(gh: GitHubClient, repo: string, tag: string, version: string): Promise<void> {
  const { owner, repo: name } = splitRepo(repo);
  try {
    await gh.rest.git.getRef({ owner, repo: name, ref: `tags/${tag}` });
  } catch (error) {
    if (isNotFound(error))
      throw new InputError(
        `${repo} has no tag ${tag}, so ${version} has no sources to package yet: cut it first (release-kit rc or final), or check --version`,
      );
    throw error;
  }
}
