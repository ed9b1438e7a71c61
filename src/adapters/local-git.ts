/**
 * Reading a local git checkout (never writing it): tracked files, tags, branches (local and the origin's), the origin
 * remote and its default branch. Real git through the process adapter; `release-kit init` uses it.
 */
import { InputError } from "../core/errors.js";
import { runProcess } from "./processes.js";

/** Runs `git ARGS` in `dir`; stdout, or null when git fails (not a repository, no such remote). */
async function git(dir: string, args: readonly string[]): Promise<string | null> {
  const result = await runProcess("git", ["-C", dir, ...args], { env: { GIT_TERMINAL_PROMPT: "0" } });
  // No git at all is not "not a checkout": say what to install.
  if (result.startError) throw result.startError;
  return result.exitCode === 0 ? result.stdout : null;
}

function lines(text: string | null): string[] {
  return (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** What init reads of a checkout. */
export interface LocalCheckout {
  /** The top of the work tree. */
  readonly root: string;
  /** Tracked files, `/`-separated, relative to the root. */
  readonly paths: readonly string[];
  readonly tags: readonly string[];
  /** Branch names, local and origin's (without `origin/`), once each. */
  readonly branches: readonly string[];
  /** The URL of the `origin` remote, or null. */
  readonly originUrl: string | null;
  /** origin's default branch as the clone recorded it (refs/remotes/origin/HEAD), else the branch checked out. */
  readonly defaultBranch: string | null;
}

/** Reads a checkout; an InputError when `dir` is not inside a git work tree. */
export async function readLocalCheckout(dir: string): Promise<LocalCheckout> {
  const root = (await git(dir, ["rev-parse", "--show-toplevel"]))?.trim();
  if (root === undefined || root === "")
    throw new InputError(
      `${dir} is not a git checkout: run init in a clone of the project, or pass --repo OWNER/NAME to read it through the API`,
    );
  const [paths, tags, refs, origin, originHead, current] = await Promise.all([
    git(root, ["ls-files", "-z"]),
    git(root, ["tag", "--list"]),
    git(root, ["for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes/origin"]),
    git(root, ["remote", "get-url", "origin"]),
    git(root, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]),
    git(root, ["symbolic-ref", "--quiet", "--short", "HEAD"]),
  ]);
  const branches = new Set<string>();
  for (const ref of lines(refs)) {
    const name = ref.replace(/^refs\/heads\//, "").replace(/^refs\/remotes\/origin\//, "");
    if (name !== "HEAD") branches.add(name);
  }
  const fromOrigin = originHead?.trim().replace(/^refs\/remotes\/origin\//, "");
  return {
    root,
    paths: (paths ?? "").split("\0").filter((p) => p !== ""),
    tags: lines(tags),
    branches: [...branches].sort(),
    originUrl: origin?.trim() || null,
    defaultBranch: fromOrigin || current?.trim() || null,
  };
}

/**
 * `owner/name` of a GitHub remote URL (https://host/owner/name(.git), git@host:owner/name.git,
 * ssh://git@host/owner/name.git), or null.
 */
export function repositoryOfRemote(url: string): string | null {
  const match =
    /^(?:[a-z+]+:\/\/[^/]+\/|[^@/:]+@[^:]+:)(?:.*\/)?([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return match === null ? null : `${match[1]}/${match[2]}`;
}
