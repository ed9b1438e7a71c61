/**
 * `lessons collect`: turn the `/lesson` comments (by people with write access) and the "Lessons learned" section of the
 * release issue into `checklists/lessons/<version>.md`, proposed by ONE pull request from the branch
 * `release-kit/lessons-<version>` of the project repository. One commit through the Git Data API; a rerun with the
 * same content writes nothing; new content is a new commit on the same branch, which updates the same PR.
 */
import { createHash } from "node:crypto";
import type { GitHubClient } from "../../adapters/github/client.js";
import { createRefIfAbsent, readBranchHead } from "../../adapters/github/git-refs.js";
import { listPullsFromBranch } from "../../adapters/github/pull-requests.js";
import { isNotFastForward, splitRepo } from "../../adapters/github/requests.js";
import {
  collectLessonCommands,
  mergeLessonFile,
  parseLessonsLearned,
  type ChecklistSettings,
  type LessonComment,
  type NewLesson,
} from "../../core/checklist/index.js";
import { ConflictError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { listChecklistIssues, pickChecklistIssue } from "./find-checklist-issue.js";
import { lessonsBranch } from "./observe-release-facts.js";
import { commitFiles, readRepoText } from "../../adapters/github/repo-files.js";

/** Options of `lessons collect`. */
export interface CollectOptions {
  readonly dryRun: boolean;
}

/** What `lessons collect` did. */
export interface CollectResult {
  readonly path: string;
  readonly branch: string;
  /** The file as it is (or would be) proposed. */
  readonly content: string;
  readonly lessons: number;
  readonly retirements: number;
  readonly ignored: readonly { readonly url: string; readonly author: string; readonly reason: string }[];
  readonly commit: "created" | "unchanged" | "would create";
  readonly pr?: { readonly number: number; readonly url: string; readonly created: boolean };
  readonly dryRun: boolean;
}

/** Collects the lessons of `settings.version` into the lessons PR. */
export async function collectLessons(
  gh: GitHubClient,
  settings: ChecklistSettings,
  logger: Logger,
  options: CollectOptions,
): Promise<CollectResult> {
  const { owner, repo } = splitRepo(settings.repo);
  const issue = pickChecklistIssue(await listChecklistIssues(gh, settings));
  if (!issue) {
    throw new ConflictError(
      `no checklist issue "${settings.title}" in ${settings.repo}: run release-kit checklist open --version ${settings.version} first`,
    );
  }
  const comments = await gh.paginate(gh.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issue.number,
    per_page: 100,
  });
  const commands = collectLessonCommands(
    comments.map((c): LessonComment => ({
      body: c.body ?? "",
      authorAssociation: c.author_association ?? "NONE",
      author: c.user?.login ?? "",
      url: c.html_url,
    })),
  );
  for (const i of commands.ignored) logger.info(`ignored ${i.url} by ${i.author}: ${i.reason}`);
  // Bullets of the section: the anchor makes each text's origin distinct (the merge treats one origin as one lesson).
  const fromSection: NewLesson[] = parseLessonsLearned(issue.body).map((text) => ({
    text,
    origin: { url: `${issue.url}#lesson-${createHash("sha1").update(text).digest("hex").slice(0, 8)}`, author: "" },
  }));
  const lessons = [...commands.lessons, ...fromSection];

  const path = `${settings.lessonsDir}/${settings.version}.md`;
  const branch = lessonsBranch(settings);
  const repoData = (await gh.rest.repos.get({ owner, repo })).data;
  const branchHead = await readBranchHead(gh, owner, repo, branch);
  const existing =
    (branchHead ? await readRepoText(gh, settings.repo, path, branch) : null) ??
    (await readRepoText(gh, settings.repo, path, repoData.default_branch));
  const content = mergeLessonFile({
    ...(existing !== null ? { existing } : {}),
    version: settings.version,
    lessons,
    retirements: commands.retirements,
  });
  const base = {
    path,
    branch,
    content,
    lessons: lessons.length,
    retirements: commands.retirements.length,
    ignored: commands.ignored,
    dryRun: options.dryRun,
  };
  const onBranch = branchHead ? existing : null;
  const needsCommit = content !== onBranch && !(branchHead === null && content === existing);
  if (options.dryRun) {
    logger.info(needsCommit ? `dry run: would commit ${path} on ${branch}` : `${path} is up to date on ${branch}`);
    return { ...base, commit: needsCommit ? "would create" : "unchanged" };
  }
  if (!needsCommit && branchHead === null) {
    logger.info(`${path} on ${repoData.default_branch} already holds every lesson: no PR needed`);
    return { ...base, commit: "unchanged" };
  }
  if (needsCommit) {
    const parent = branchHead ?? (await readBranchHead(gh, owner, repo, repoData.default_branch));
    if (!parent) throw new ConflictError(`${settings.repo} has no ${repoData.default_branch} branch to start from`);
    const parentCommit = await gh.rest.git.getCommit({ owner, repo, commit_sha: parent });
    const commitSha = await commitFiles(gh, settings.repo, {
      parent,
      baseTree: parentCommit.data.tree.sha,
      message: `Lessons learned in ${settings.project} ${settings.version}\n\nCollected by release-kit from ${issue.url}`,
      files: [{ path, content }],
    });
    const moved = new ConflictError(
      `${branch} moved while the lessons were committed (another run?): run lessons collect again`,
    );
    if (branchHead) {
      try {
        await gh.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commitSha });
      } catch (error) {
        if (isNotFastForward(error)) throw moved;
        throw error;
      }
    } else if ((await createRefIfAbsent(gh, owner, repo, `refs/heads/${branch}`, commitSha)) === "exists") throw moved;
    logger.info(`committed ${path} on ${branch} (${commitSha.slice(0, 7)})`);
  }
  const pr = await ensurePullRequest(gh, settings, branch, repoData.default_branch, issue.url);
  return { ...base, commit: needsCommit ? "created" : "unchanged", pr };
}

/** The open PR from the branch, or a new one. A merged PR is not reopened: new lessons after it need a new PR. */
async function ensurePullRequest(
  gh: GitHubClient,
  settings: ChecklistSettings,
  branch: string,
  baseBranch: string,
  issueUrl: string,
): Promise<{ number: number; url: string; created: boolean }> {
  const { owner, repo } = splitRepo(settings.repo);
  const [open] = await listPullsFromBranch(gh, owner, repo, branch, { state: "open" });
  if (open) return { number: open.number, url: open.url, created: false };
  try {
    const created = await gh.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: baseBranch,
      title: `Lessons learned in ${settings.project} ${settings.version}`,
      body: `The lessons of ${settings.project} ${settings.version}, collected by \`release-kit lessons collect\` from ${issueUrl} (\`/lesson\` comments by maintainers and the "Lessons learned" section). Edit the text freely before merging; keep the ids. Every lesson not retired is carried into the next release's checklist.`,
    });
    return { number: created.data.number, url: created.data.html_url, created: true };
  } catch (error) {
    // A concurrent run opened it between our list and our create.
    if ((error as { status?: number }).status !== 422) throw error;
    const [pr] = await listPullsFromBranch(gh, owner, repo, branch, { state: "open" });
    if (!pr) throw error;
    return { number: pr.number, url: pr.url, created: false };
  }
}
