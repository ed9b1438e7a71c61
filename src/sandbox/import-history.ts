/**
 * Seeding a repository with an existing history (`from:` in the seed): the branches and tags of a git directory or
 * bundle file that match the seed's `refs:` patterns are fetched, with every object they reach, into the sandbox's
 * bare repository under the same names, so SHAs, annotated tags and dates are the source's own.
 */
import { matchesBranchPattern } from "./branch-protection.js";
import type { GitStore } from "./git-store.js";

/** What an import brought in. */
export interface ImportedHistory {
  readonly branches: readonly string[];
  readonly tags: readonly string[];
  /** The commit the default branch points to. */
  readonly head: string;
}

/**
 * Whether a full ref (`refs/heads/rel-1.0`, `refs/tags/v1.0`) is kept by the `refs:` patterns: a pattern naming
 * `refs/heads/...` or `refs/tags/...` matches that kind only, a short pattern matches a branch or a tag by its
 * short name. No patterns: everything is kept.
 */
export function keepsRef(patterns: readonly string[] | undefined, ref: string): boolean {
  if (patterns === undefined) return true;
  const short = ref.replace(/^refs\/(heads|tags)\//, "");
  return patterns.some((pattern) =>
    pattern.startsWith("refs/") ? matchesBranchPattern(pattern, ref) : matchesBranchPattern(pattern, short),
  );
}

/**
 * Imports `source`'s kept refs into the (already initialized) bare repository `fullName` and checks that the default
 * branch is among them. Throws a seed error naming what to change when nothing matches or the default branch is
 * missing.
 */
export async function importHistory(
  git: GitStore,
  fullName: string,
  options: { source: string; refs: readonly string[] | undefined; defaultBranch: string; where: string },
): Promise<ImportedHistory> {
  const { source, refs, defaultBranch, where } = options;
  const available = await git.listSourceRefs(source);
  const kept = available.filter((r) => keepsRef(refs, r.ref)).map((r) => r.ref);
  const branches = kept.filter((r) => r.startsWith("refs/heads/")).map((r) => r.slice("refs/heads/".length));
  const tags = kept.filter((r) => r.startsWith("refs/tags/")).map((r) => r.slice("refs/tags/".length));
  if (kept.length === 0)
    throw new Error(
      `sandbox seed: ${where}.refs: no branch or tag of ${source} matches ${JSON.stringify(refs ?? ["**"])} (it has ${available.length} refs); fix the patterns`,
    );
  if (!branches.includes(defaultBranch))
    throw new Error(
      `sandbox seed: ${where}.default_branch: ${defaultBranch} is not among the imported branches (${branches.join(", ") || "none"}); set default_branch or add it to refs`,
    );
  await git.fetchRefs(fullName, source, kept);
  const head = await git.readRef(fullName, `refs/heads/${defaultBranch}`);
  if (!head) throw new Error(`sandbox seed: ${where}: importing ${source} left no ${defaultBranch} branch`);
  return { branches, tags, head };
}
