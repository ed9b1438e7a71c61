/**
 * Commits as the REST API shows them (with their GitHub users, changed files and stats), comparisons of two
 * commits. Everything is read from the real git repository (branches are in branches.ts).
 * https://docs.github.com/rest/commits/commits
 */
import { notFound, unprocessable } from "../http-errors.js";
import type { Route, RouteContext } from "../router.js";
import type { GitPerson } from "../git-store.js";
import type { UserRecord } from "../state.js";
import { nodeId, simpleUser } from "../representations.js";
import { repoOr404 } from "./guards.js";

/** One changed file, GitHub's `diff-entry`. */
interface DiffEntry {
  sha: string | null;
  filename: string;
  status: "added" | "removed" | "modified";
  additions: number;
  deletions: number;
  changes: number;
  blob_url: string;
  raw_url: string;
  contents_url: string;
}

const NULL_SHA = /^0{40}$/;

/**
 * The GitHub user behind a commit's author or committer line, or undefined. GitHub matches by e-mail; the
 * sandbox writes `LOGIN@users.noreply.sandbox.invalid` for API commits, and seed users may also sign by login.
 */
export function userOfPerson(ctx: RouteContext, person: GitPerson): UserRecord | undefined {
  const noreply = /^(?:\d+\+)?([^@]+)@users\.noreply\./.exec(person.email);
  const login = noreply?.[1] ?? person.name;
  return ctx.state.data.users[login.toLowerCase()];
}

/** The files changed from `from` to `to` (from the root when `from` is undefined), with line counts. */
export async function diffEntries(
  ctx: RouteContext,
  fullName: string,
  from: string | undefined,
  to: string,
): Promise<DiffEntry[]> {
  const api = `${ctx.urls.api}/repos/${fullName}`;
  return (await ctx.git.diffEntries(fullName, from, to)).map(({ newSha, letter, path: file, additions, deletions }) => {
    const status = letter === "A" ? "added" : letter === "D" ? "removed" : "modified";
    const at = status === "removed" ? (from ?? to) : to;
    return {
      sha: NULL_SHA.test(newSha) ? null : newSha,
      filename: file,
      status,
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${ctx.urls.web}/${fullName}/blob/${at}/${file}`,
      raw_url: `${ctx.urls.web}/${fullName}/raw/${at}/${file}`,
      contents_url: `${api}/contents/${file}?ref=${at}`,
    };
  });
}

/** GitHub's `commit` for a SHA; `withFiles` adds `files` and `stats` (diff against the first parent). */
export async function commitJson(
  ctx: RouteContext,
  fullName: string,
  sha: string,
  withFiles: boolean,
): Promise<Record<string, unknown>> {
  const c = await ctx.git.readCommit(fullName, sha);
  const api = `${ctx.urls.api}/repos/${fullName}`;
  const author = userOfPerson(ctx, c.author);
  const committer = userOfPerson(ctx, c.committer);
  const result: Record<string, unknown> = {
    sha,
    node_id: nodeId("Commit", parseInt(sha.slice(0, 8), 16)),
    url: `${api}/commits/${sha}`,
    html_url: `${ctx.urls.web}/${fullName}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      author: { ...c.author },
      committer: { ...c.committer },
      message: c.message.replace(/\n$/, ""),
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      url: `${api}/git/commits/${sha}`,
      comment_count: 0,
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    author: author ? simpleUser(ctx.urls, author) : null,
    committer: committer ? simpleUser(ctx.urls, committer) : null,
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${api}/commits/${p}`,
      html_url: `${ctx.urls.web}/${fullName}/commit/${p}`,
    })),
  };
  if (withFiles) {
    const files = await diffEntries(ctx, fullName, c.parents[0], sha);
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    result.stats = { total: additions + deletions, additions, deletions };
    result.files = files;
  }
  return result;
}

/** Resolves `ref` (branch, tag, full ref or SHA) to a commit, or answers GitHub's 422 for commits. */
async function commitOr422(ctx: RouteContext, fullName: string, ref: string): Promise<string> {
  const sha = await ctx.git.resolveCommit(fullName, ref.replace(/^refs\//, ""));
  if (!sha) throw unprocessable(`No commit found for SHA: ${ref}`);
  return sha;
}

/** Splits `base...head` (or `base..head`, which GitHub treats the same way for this endpoint). */
function splitBasehead(basehead: string): [string, string] | undefined {
  const m = /^(.+?)\.{2,3}(.+)$/.exec(basehead);
  return m ? [m[1] ?? "", m[2] ?? ""] : undefined;
}

/** The commit routes: one commit, a comparison, a branch. */
export const commitRoutes: Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/commits/{ref}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const sha = await commitOr422(ctx, repo.fullName, ctx.params.ref ?? "");
      return { status: 200, body: await commitJson(ctx, repo.fullName, sha, true) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/compare/{basehead}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const basehead = ctx.params.basehead ?? "";
      const parts = splitBasehead(basehead);
      if (!parts) throw notFound();
      const [base, head] = await Promise.all(parts.map((r) => ctx.git.resolveCommit(repo.fullName, r)));
      if (!base || !head) throw notFound();
      // GitHub answers 404 for commits without a common ancestor.
      const mergeBase = await ctx.git.mergeBase(repo.fullName, base, head);
      if (!mergeBase) throw notFound();
      const ahead = (await ctx.git.commitsBetween(repo.fullName, base, head, 10_000)).reverse();
      const behind = await ctx.git.commitsBetween(repo.fullName, head, base, 10_000);
      const status =
        ahead.length === 0 && behind.length === 0
          ? "identical"
          : behind.length === 0
            ? "ahead"
            : ahead.length === 0
              ? "behind"
              : "diverged";
      const web = `${ctx.urls.web}/${repo.fullName}`;
      const files = await diffEntries(ctx, repo.fullName, mergeBase, head);
      return {
        status: 200,
        body: {
          url: `${ctx.urls.api}/repos/${repo.fullName}/compare/${basehead}`,
          html_url: `${web}/compare/${basehead}`,
          permalink_url: `${web}/compare/${repo.owner}:${repo.name}:${base}...${repo.owner}:${repo.name}:${head}`,
          diff_url: `${web}/compare/${basehead}.diff`,
          patch_url: `${web}/compare/${basehead}.patch`,
          base_commit: await commitJson(ctx, repo.fullName, base, false),
          merge_base_commit: await commitJson(ctx, repo.fullName, mergeBase, false),
          status,
          ahead_by: ahead.length,
          behind_by: behind.length,
          // GitHub lists at most 250 commits, oldest first; total_commits counts them all.
          total_commits: ahead.length,
          commits: await Promise.all(ahead.slice(0, 250).map((sha) => commitJson(ctx, repo.fullName, sha, false))),
          files,
        },
      };
    },
  },
];
