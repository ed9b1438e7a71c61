/**
 * `checklist open`: find the release's checklist issue or create it (template, lessons not retired, status), never
 * leaving two. Find before create; after a create, list again: when two runs raced, the lowest number wins and the
 * other run closes its own issue with a comment pointing to the winner. A crash between any two writes is repaired by
 * the rerun: it finds the issue, finishes the status, and closes a leftover duplicate (commenting only once).
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { splitRepo } from "../../adapters/github/requests.js";
import {
  activeLessons,
  planTicks,
  readMemory,
  readStatusSection,
  renderChecklistBody,
  renderStatusSection,
  replaceStatusSection,
  type ChecklistSettings,
} from "../../core/checklist/index.js";
import type { Logger } from "../../core/logger.js";
import {
  listChecklistIssues,
  toChecklistIssue,
  type ChecklistIssue,
  type ChecklistReadCache,
} from "./find-checklist-issue.js";
import { readChecklistTemplate, readLessonFiles } from "./read-checklist-sources.js";
import { writeChecklistBody } from "./write-checklist-body.js";

/** Options of `checklist open`. */
export interface OpenOptions {
  readonly dryRun: boolean;
  readonly cache?: ChecklistReadCache;
}

/** What `checklist open` did. */
export interface OpenResult {
  /** Absent in a dry run that would create the issue. */
  readonly issue?: { readonly number: number; readonly url: string };
  readonly created: boolean;
  /** Duplicates closed (numbers). */
  readonly closed: readonly number[];
  readonly dryRun: boolean;
  /** The body created, or that a dry run would create. */
  readonly body?: string;
  readonly lessons: number;
}

const duplicateMarker = (keep: number) => `<!-- release-kit:duplicate-of:${keep} -->`;

/** The body of a new checklist: template, lessons, status, `checklist-opened` ticked. */
export async function renderNewChecklist(
  gh: GitHubClient,
  settings: ChecklistSettings,
): Promise<{ body: string; lessons: number; notice?: string }> {
  const template = await readChecklistTemplate(gh, settings);
  const lessons = activeLessons(await readLessonFiles(gh, settings));
  const [major = 0, minor = 0] = settings.version.split(".").map(Number);
  const body = renderChecklistBody({
    template: template.text,
    source: template.source,
    values: {
      version: settings.version,
      project: settings.project,
      repo: settings.repo,
      branch: settings.branch,
      tag: settings.finalTag,
      "pypi-package": settings.pypi?.package ?? settings.project,
      feedstock: settings.feedstock?.repo ?? "",
      "conda-label": settings.feedstock?.rcLabel ?? "",
      "next-version": `${major}.${minor + 1}.0`,
    },
    lessons,
    status: renderStatusSection({}, settings, {}),
  });
  return {
    body: planTicks(body, [{ key: "checklist-opened" }]).body,
    lessons: lessons.length,
    ...(template.notice ? { notice: template.notice } : {}),
  };
}

/** Opens (or finds) the checklist issue. */
export async function openChecklist(
  gh: GitHubClient,
  settings: ChecklistSettings,
  logger: Logger,
  options: OpenOptions,
): Promise<OpenResult> {
  const { owner, repo } = splitRepo(settings.repo);
  let open = (await listChecklistIssues(gh, settings, options.cache)).filter((i) => i.state === "open");
  let created: ChecklistIssue | undefined;
  let lessons = 0;
  let body: string | undefined;

  if (open.length === 0) {
    const rendered = await renderNewChecklist(gh, settings);
    if (rendered.notice) logger.warning(rendered.notice);
    lessons = rendered.lessons;
    body = rendered.body;
    if (options.dryRun) {
      // The result says it (the text report, --json): logged here only for --verbose, so it is said once.
      logger.debug(`dry run: would create "${settings.title}" with ${lessons} lessons carried over`);
      return { created: false, closed: [], dryRun: true, body, lessons };
    }
    const response = await gh.rest.issues.create({
      owner,
      repo,
      title: settings.title,
      body,
      labels: [...settings.labels],
    });
    created = toChecklistIssue(response.data);
    logger.debug(`created ${created.url}`);
    // Another run may have created one between our list and our create: look again.
    open = (await listChecklistIssues(gh, settings)).filter((i) => i.state === "open");
    if (!open.some((i) => i.number === created!.number)) open = [...open, created].sort((a, b) => a.number - b.number);
  }

  const keep = open[0]!;
  // After our own create, close only our issue (the other run closes its own); otherwise close every extra one.
  const duplicates = open.slice(1).filter((d) => created === undefined || d.number === created.number);
  const closed: number[] = [];
  for (const dup of duplicates) {
    if (options.dryRun) {
      logger.debug(`dry run: would close duplicate #${dup.number} in favour of #${keep.number}`);
      continue;
    }
    await closeDuplicate(gh, settings, dup, keep);
    closed.push(dup.number);
    logger.debug(`closed duplicate #${dup.number} in favour of #${keep.number}`);
  }

  // Finish the issue: `checklist-opened` ticked and the status showing when it was opened.
  const memory = readMemory(readStatusSection(keep.body));
  if (memory.facts.issue === undefined) {
    const facts = { ...memory.facts, issue: { number: keep.number, url: keep.url, createdAt: keep.createdAt } };
    const ticked = planTicks(keep.body, [{ key: "checklist-opened" }]).body;
    const next = replaceStatusSection(ticked, renderStatusSection(facts, settings, memory.etags));
    if (next !== keep.body) {
      if (options.dryRun) logger.debug(`dry run: would update the status of ${keep.url}`);
      else await writeChecklistBody(gh, settings, keep.number, keep.body, next);
    }
  }
  return {
    issue: { number: keep.number, url: keep.url },
    created: created !== undefined && created.number === keep.number,
    closed,
    dryRun: options.dryRun,
    ...(body !== undefined ? { body } : {}),
    lessons,
  };
}

/** Comments on a duplicate (once: the marker is looked for first) and closes it as not planned. */
async function closeDuplicate(
  gh: GitHubClient,
  settings: ChecklistSettings,
  dup: ChecklistIssue,
  keep: ChecklistIssue,
): Promise<void> {
  const { owner, repo } = splitRepo(settings.repo);
  const comments = await gh.paginate(gh.rest.issues.listComments, {
    owner,
    repo,
    issue_number: dup.number,
    per_page: 100,
  });
  if (!comments.some((c) => (c.body ?? "").includes(duplicateMarker(keep.number)))) {
    await gh.rest.issues.createComment({
      owner,
      repo,
      issue_number: dup.number,
      body: `Duplicate of #${keep.number}: two runs of \`release-kit checklist open\` raced; the checklist lives there. ${duplicateMarker(keep.number)}`,
    });
  }
  await gh.rest.issues.update({ owner, repo, issue_number: dup.number, state: "closed", state_reason: "not_planned" });
}
