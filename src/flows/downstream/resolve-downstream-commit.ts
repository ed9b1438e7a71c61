/**
 * The commit a downstream's `ref` names right now, read with `git ls-remote` (no clone), so a baseline result can be
 * keyed by it and both sides built from it. It follows what `git checkout REF` does after a fresh clone: a full
 * commit id is itself, a tag wins over a branch of the same name (an annotated tag gives the commit it points to),
 * and no ref is the remote's HEAD. Anything it cannot resolve (a short commit id, an unreachable remote) is
 * undefined: the job then runs both sides as without a cache.
 */
import { runProcess } from "../../adapters/processes.js";
import { resolveCloneSource } from "./checkout-downstream.js";

/** How long ls-remote may take before the job gives up on the cache. */
const LS_REMOTE_TIMEOUT_MS = 120_000;

/** The full commit id `ref` of `repo` names now, or undefined. */
export async function resolveDownstreamCommit(
  repo: string,
  ref: string | undefined,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string | undefined> {
  if (ref !== undefined && /^[0-9a-f]{40}$/i.test(ref)) return ref.toLowerCase();
  const result = await runProcess("git", ["ls-remote", "--", resolveCloneSource(repo, env)], {
    env: { GIT_TERMINAL_PROMPT: "0" },
    timeoutMs: LS_REMOTE_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  });
  if (result.exitCode !== 0) return undefined;
  const refs = new Map<string, string>();
  for (const line of result.stdout.split("\n")) {
    const [sha, name] = line.split("\t");
    if (sha !== undefined && name !== undefined && /^[0-9a-f]{40}$/.test(sha)) refs.set(name.trim(), sha);
  }
  const order =
    ref === undefined
      ? ["HEAD"]
      : [`${ref}^{}`, ref, `refs/tags/${ref}^{}`, `refs/tags/${ref}`, `refs/heads/${ref}`, `refs/remotes/${ref}`];
  for (const name of order) {
    const sha = refs.get(name);
    if (sha !== undefined) return sha;
  }
  return undefined;
}
