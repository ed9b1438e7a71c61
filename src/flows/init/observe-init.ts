/**
 * What `release-kit init` reads before it proposes anything: the version files (the ones detection asks for), the
 * tags and branches, the checks on the default branch's head, the package on its index and the conda-forge
 * feedstock with its recipe format. Reads that are only nice to have (checks, index, feedstock) become a note when
 * they fail: init still writes a configuration, and says what it could not check.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { errorMessage } from "../../core/errors.js";
import { versionFileCandidates, versionFileIndexes } from "../../core/init/detect-version-files.js";
import type { SeenCheck } from "../../core/init/render-init-config.js";
import type { Logger } from "../../core/logger.js";
import { readPackageIndex } from "../checklist/read-package-index.js";
import type { RepoReader } from "./repo-reader.js";

/** The remote facts init found, each null when there was nothing (or it could not be read: see `notes`). */
export interface InitObservation {
  /** Texts of the files detection asked for, by path. */
  readonly files: ReadonlyMap<string, string>;
  /** Checks on the default branch's head, or null when they could not be read. */
  readonly checks: readonly SeenCheck[] | null;
  /** Whether the package is on the index, or null when there is no name or the index did not answer. */
  readonly indexed: boolean | null;
  readonly feedstock: { readonly fullName: string; readonly recipe: string | null } | null;
  /** Which of the newest release branches are protected (null: not read). */
  readonly protectedBranches: readonly string[] | null;
  /** What could not be read, one line each. */
  readonly notes: readonly string[];
}

/** Reads the files detection needs: the indexes (pyproject.toml, setup.cfg) first, then what they point at. */
export async function readVersionCandidates(reader: RepoReader): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const readInto = async (paths: readonly string[]) => {
    const texts = await Promise.all(paths.filter((p) => !files.has(p)).map(async (p) => [p, await reader.read(p)]));
    for (const [p, text] of texts) if (typeof p === "string" && typeof text === "string") files.set(p, text);
  };
  await readInto(versionFileIndexes(reader.paths));
  await readInto(versionFileCandidates(reader.paths, files));
  return files;
}

/** Check runs and commit statuses on the head of the default branch, one entry per name. */
async function readChecks(gh: GitHubClient, repo: string, branch: string): Promise<SeenCheck[]> {
  const { owner, repo: name } = splitRepo(repo);
  const head = (await gh.rest.repos.getBranch({ owner, repo: name, branch })).data.commit.sha;
  const runs = await gh.paginate(gh.rest.checks.listForRef, { owner, repo: name, ref: head, per_page: 100 });
  const status = (await gh.rest.repos.getCombinedStatusForRef({ owner, repo: name, ref: head, per_page: 100 })).data;
  const seen = new Map<string, string>();
  for (const run of runs) seen.set(run.name, run.status === "completed" ? (run.conclusion ?? "neutral") : "pending");
  for (const s of status.statuses) if (!seen.has(s.context)) seen.set(s.context, s.state);
  return [...seen.entries()].map(([n, state]) => ({ name: n, state })).sort((a, b) => a.name.localeCompare(b.name));
}

/** `conda-forge/<name>-feedstock` and its recipe file, or null when there is no such repository. */
async function readFeedstock(
  gh: GitHubClient,
  name: string,
): Promise<{ fullName: string; recipe: string | null } | null> {
  const fullName = `conda-forge/${name.toLowerCase()}-feedstock`;
  try {
    await gh.rest.repos.get(splitRepo(fullName));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  for (const recipe of ["recipe.yaml", "meta.yaml"])
    if ((await readRepoText(gh, fullName, `recipe/${recipe}`)) !== null) return { fullName, recipe };
  return { fullName, recipe: null };
}

/** The release branches among `names` that GitHub reports protected (`GET branches/{branch}`, any token may read). */
async function readProtection(gh: GitHubClient, repo: string, names: readonly string[]): Promise<string[]> {
  const { owner, repo: name } = splitRepo(repo);
  const flags = await Promise.all(
    names.map(async (branch) => (await gh.rest.repos.getBranch({ owner, repo: name, branch })).data.protected),
  );
  return names.filter((_, i) => flags[i] === true);
}

/**
 * Reads the remote facts about `reader`'s project; `packageName` is the name detection found (or null),
 * `releaseBranches` the newest existing release branches.
 */
export async function observeInit(
  gh: GitHubClient,
  reader: RepoReader,
  packageName: string | null,
  indexUrl: string,
  releaseBranches: readonly string[],
  logger: Logger,
): Promise<Omit<InitObservation, "files">> {
  const notes: string[] = [...reader.notes];
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      notes.push(`could not read ${what}: ${errorMessage(error)}`);
      return null;
    }
  };
  logger.info(`reading the checks of ${reader.repo}@${reader.defaultBranch}, the package index and conda-forge`);
  const name = packageName ?? reader.repo.split("/")[1] ?? "";
  const [checks, indexed, feedstock, protectedBranches] = await Promise.all([
    attempt(`the checks of ${reader.repo}@${reader.defaultBranch}`, () =>
      readChecks(gh, reader.repo, reader.defaultBranch),
    ),
    packageName === null
      ? Promise.resolve(null)
      : attempt(`${packageName} on ${indexUrl}`, async () => {
          const answer = await readPackageIndex(indexUrl, packageName, undefined);
          return answer.modified ? !answer.missing : null;
        }),
    attempt(`conda-forge/${name}-feedstock`, () => readFeedstock(gh, name)),
    attempt(`the protection of ${releaseBranches.join(", ")}`, () => readProtection(gh, reader.repo, releaseBranches)),
  ]);
  return { checks, indexed, feedstock, protectedBranches, notes };
}
