/**
 * Clones a downstream's repository at a ref for one side of a run, from a URL, a path, or owner/name on this run's
 * GitHub server.
 */
import { isAbsolute } from "node:path";
import { pathExistsNow } from "../../adapters/files.js";
import type { StepOutcome } from "./run-step.js";
import { runStep } from "./run-step.js";

/** Where to clone from: a URL or path as given, `owner/name` on the GitHub server of this run. */
export function resolveCloneSource(repo: string, env: NodeJS.ProcessEnv): string {
  const isPath = isAbsolute(repo) || repo.startsWith(".") || pathExistsNow(repo);
  if (!isPath && /^[\w.-]+\/[\w.-]+$/.test(repo)) {
    const server = (env["GITHUB_SERVER_URL"] ?? "https://github.com").replace(/\/$/, "");
    return `${server}/${repo}.git`;
  }
  return repo;
}

/** Clones `repo` fresh into `dir` and checks out `ref`; git's output goes to the log. */
export async function checkoutDownstream(
  repo: string,
  ref: string | undefined,
  dir: string,
  options: { log: string; timeoutMs: number; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<StepOutcome> {
  // Never wait for credentials on a terminal: a private or missing repository must fail, not hang.
  const env = { GIT_TERMINAL_PROMPT: "0" };
  const common = { cwd: dir, env, timeoutMs: options.timeoutMs, log: options.log, signal: options.signal };
  const source = resolveCloneSource(repo, options.env);
  const cloned = await runStep(["git", "clone", "--quiet", "--", source, "."], common);
  if (!cloned.ok || ref === undefined) return cloned;
  return runStep(["git", "-c", "advice.detachedHead=false", "checkout", "--quiet", ref, "--"], common);
}
