/**
 * Releases: create (making the lightweight tag when it is missing, as GitHub does), list, latest, by tag, by id,
 * edit (publishing a draft), and generated release notes as GitHub builds them (release-notes.ts).
 * https://docs.github.com/rest/releases/releases
 */
import { notFound, validationFailed } from "../http-errors.js";
import { canWrite } from "../router.js";
import type { Route, RouteContext } from "../router.js";
import type { ReleaseRecord, RepoRecord, SandboxData, SandboxState } from "../state.js";
import { release } from "../representations.js";
import {
  RELEASE_CONFIG_PATHS,
  parseReleaseConfig,
  renderReleaseNotes,
  type NotesInput,
  type NotesPull,
} from "../release-notes.js";
import { bodyObject, optionalString, paginate, repoOr404, requireWrite, requiredString } from "./guards.js";

/**
 * GitHub's explicit "latest release" of each repository (`make_latest`), stored beside the framework's records:
 * repository (lower case) -> release id, 0 for "none"; absent means GitHub's legacy rule (newest published final).
 */
interface LatestMarks {
  latestReleaseIds?: Record<string, number>;
}

function latestMarks(state: SandboxState): Record<string, number> {
  const data = state.data as SandboxData & LatestMarks;
  data.latestReleaseIds ??= {};
  return data.latestReleaseIds;
}

/** Newest first: GitHub orders releases by creation. Ids break ties within one second. */
function newestFirst(a: ReleaseRecord, b: ReleaseRecord): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id - a.id;
}

function isFinal(r: ReleaseRecord): boolean {
  return !r.draft && !r.prerelease;
}

/**
 * The repository's latest release: the one marked latest, else the newest published non-prerelease.
 * `exceptTag` leaves one release out (the one being created or the tag notes are generated for).
 */
function latestRelease(ctx: RouteContext, repo: RepoRecord, exceptTag?: string): ReleaseRecord | undefined {
  const finals = ctx.state.data.releases
    .filter((r) => r.repo === repo.fullName && isFinal(r) && r.tagName !== exceptTag)
    .sort(newestFirst);
  const mark = latestMarks(ctx.state)[repo.fullName.toLowerCase()];
  if (mark === 0) return undefined;
  return finals.find((r) => r.id === mark) ?? finals[0];
}

/** Applies `make_latest` ("true" by default) to a release that is now published. */
function markLatest(ctx: RouteContext, repo: RepoRecord, r: ReleaseRecord, makeLatest: string | undefined): void {
  const marks = latestMarks(ctx.state);
  const key = repo.fullName.toLowerCase();
  if (!isFinal(r)) return;
  if (makeLatest === "legacy") delete marks[key];
  else if (makeLatest === "false") {
    // Keep whatever was latest before this release: pin it, so the newest-first rule does not pick this one.
    if (marks[key] === undefined) marks[key] = latestRelease(ctx, repo, r.tagName)?.id ?? 0;
    if (marks[key] === r.id) marks[key] = 0;
  } else marks[key] = r.id;
}

function visible(ctx: RouteContext, repo: RepoRecord, r: ReleaseRecord): boolean {
  return !r.draft || canWrite(ctx.caller, repo.fullName);
}

function releaseJson(ctx: RouteContext, r: ReleaseRecord): Record<string, unknown> {
  return release(ctx.urls, r, ctx.state.user(r.author));
}

function releaseOr404(ctx: RouteContext, repo: RepoRecord): ReleaseRecord {
  const r = ctx.state.data.releases.find((x) => x.repo === repo.fullName && String(x.id) === ctx.params.release_id);
  if (!r || !visible(ctx, repo, r)) throw notFound();
  return r;
}

function tagTaken(ctx: RouteContext, repo: RepoRecord, tag: string, except?: number): boolean {
  return ctx.state.data.releases.some((r) => r.repo === repo.fullName && r.tagName === tag && r.id !== except);
}

function alreadyExists(): never {
  throw validationFailed([{ resource: "Release", code: "already_exists", field: "tag_name" }]);
}

/**
 * Makes sure `refs/tags/<tag>` exists, creating a lightweight tag at `target` (a branch or SHA) when it does not,
 * as GitHub does when a release is published for a tag that does not exist yet.
 */
async function ensureTag(ctx: RouteContext, repo: RepoRecord, tag: string, target: string): Promise<void> {
  if (await ctx.git.readRef(repo.fullName, `refs/tags/${tag}`)) return;
  const sha = await ctx.git.resolveCommit(repo.fullName, target);
  if (!sha) throw validationFailed([{ resource: "Release", code: "invalid", field: "target_commitish" }]);
  if (!(await ctx.git.updateRef(repo.fullName, `refs/tags/${tag}`, sha, "")))
    throw validationFailed([{ resource: "Release", code: "invalid", field: "tag_name" }]);
  repo.pushedAt = ctx.now();
}

/**
 * GitHub's generated notes for `tag` (see release-notes.ts): the pull requests merged between the previous tag and
 * the target. A pull request counts as merged into the range when its head commit is in it: GitHub marks a pull
 * request merged when its head is pushed to the base, and that is how pull requests are merged in the sandbox
 * (it has no merge endpoint).
 */
async function generateNotes(
  ctx: RouteContext,
  repo: RepoRecord,
  tag: string,
  targetCommitish: string | undefined,
  previousTag: string | undefined,
): Promise<{ name: string; body: string }> {
  const tagged = await ctx.git.readRef(repo.fullName, `refs/tags/${tag}`);
  const targetRef = tagged ? `refs/tags/${tag}` : (targetCommitish ?? repo.defaultBranch);
  const target = await ctx.git.resolveCommit(repo.fullName, targetRef);
  if (!target) throw notFound();
  let previous = previousTag;
  // GitHub starts at the latest release (other than this one) when no previous tag is given.
  if (previous === undefined) previous = latestRelease(ctx, repo, tag)?.tagName;
  const base = previous === undefined ? undefined : await ctx.git.resolveCommit(repo.fullName, `refs/tags/${previous}`);
  if (previous !== undefined && !base) throw notFound();
  const inRange = new Set(await ctx.git.commitsBetween(repo.fullName, base, target, 100_000));
  const web = `${ctx.urls.web}/${repo.fullName}`;

  const pulls: (NotesPull & { head: string | undefined })[] = [];
  for (const record of ctx.state.data.issues) {
    if (!record.pull || record.repo.toLowerCase() !== repo.fullName.toLowerCase()) continue;
    // The head recorded when the pull request was last read, or its branch now (same-repository heads).
    const recorded = await ctx.git.readRef(repo.fullName, `refs/pull/${record.number}/head`);
    const live =
      record.pull.headRepo.toLowerCase() === repo.fullName.toLowerCase()
        ? await ctx.git.readRef(repo.fullName, `refs/heads/${record.pull.headRef}`)
        : undefined;
    const head = live && inRange.has(live) ? live : recorded;
    pulls.push({
      number: record.number,
      title: record.title,
      author: record.user,
      labels: record.labels,
      url: `${web}/pull/${record.number}`,
      head,
    });
  }
  const listed = pulls.filter((p) => p.head !== undefined && inRange.has(p.head)).sort((a, b) => a.number - b.number);
  // A first-timer has no pull request merged before the range (its head reachable from the previous tag).
  const firstTimers = new Set<string>();
  for (const author of new Set(listed.map((p) => p.author.toLowerCase()))) {
    let before = false;
    for (const p of pulls.filter((x) => x.author.toLowerCase() === author && x.head !== undefined)) {
      if (base && !inRange.has(p.head!) && (await ctx.git.isAncestor(repo.fullName, p.head!, base))) before = true;
    }
    if (!before) firstTimers.add(author);
  }
  let config: NotesInput["config"];
  for (const path of RELEASE_CONFIG_PATHS) {
    const entry = await ctx.git.lookupPath(repo.fullName, target, path);
    if (entry?.type !== "blob") continue;
    const value = parseReleaseConfig((await ctx.git.readBlob(repo.fullName, entry.sha)).toString("utf8"));
    if (value) config = { value, path, ref: tagged ? tag : (targetCommitish ?? repo.defaultBranch) };
    break;
  }
  const changelogUrl = previous === undefined ? `${web}/commits/${tag}` : `${web}/compare/${previous}...${tag}`;
  return { name: tag, body: renderReleaseNotes({ pulls: listed, firstTimers, config, changelogUrl }) };
}

/** The release routes. */
export const releaseRoutes: Route[] = [
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/releases",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const tag = requiredString(body, "tag_name", "Release");
      if (tagTaken(ctx, repo, tag)) alreadyExists();
      const target = optionalString(body, "target_commitish") ?? repo.defaultBranch;
      const draft = body.draft === true;
      // A draft's tag is made only when it is published.
      if (!draft) await ensureTag(ctx, repo, tag, target);
      let name = optionalString(body, "name") ?? null;
      let text = optionalString(body, "body") ?? null;
      if (body.generate_release_notes === true) {
        const notes = await generateNotes(ctx, repo, tag, target, undefined);
        name ??= notes.name;
        // GitHub puts a given body before the generated notes.
        text = text ? `${text}\n\n${notes.body}` : notes.body;
      }
      const now = ctx.now();
      const record: ReleaseRecord = {
        id: ctx.state.id(),
        repo: repo.fullName,
        tagName: tag,
        targetCommitish: target,
        name,
        body: text,
        draft,
        prerelease: body.prerelease === true,
        author: ctx.caller?.login ?? "ghost",
        createdAt: now,
        publishedAt: draft ? null : now,
      };
      ctx.state.data.releases.push(record);
      markLatest(ctx, repo, record, optionalString(body, "make_latest"));
      return {
        status: 201,
        body: releaseJson(ctx, record),
        headers: { location: `${ctx.urls.api}/repos/${repo.fullName}/releases/${record.id}` },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/releases",
    handler(ctx) {
      const repo = repoOr404(ctx);
      const all = ctx.state.data.releases
        .filter((r) => r.repo === repo.fullName && visible(ctx, repo, r))
        .sort(newestFirst);
      const page = paginate(ctx, all);
      return { status: 200, body: page.items.map((r) => releaseJson(ctx, r)), headers: page.headers };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/releases/latest",
    handler(ctx) {
      const latest = latestRelease(ctx, repoOr404(ctx));
      if (!latest) throw notFound();
      return { status: 200, body: releaseJson(ctx, latest) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/releases/tags/{tag}",
    handler(ctx) {
      const repo = repoOr404(ctx);
      // GitHub finds only published releases by tag, whoever asks: a draft is not bound to its tag until it is
      // published (https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name). Writers find drafts
      // in the list.
      const r = ctx.state.data.releases.find(
        (x) => x.repo === repo.fullName && x.tagName === ctx.params.tag && !x.draft,
      );
      if (!r) throw notFound();
      return { status: 200, body: releaseJson(ctx, r) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/releases/{release_id}",
    handler(ctx) {
      const repo = repoOr404(ctx);
      return { status: 200, body: releaseJson(ctx, releaseOr404(ctx, repo)) };
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/releases/{release_id}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const r = releaseOr404(ctx, repo);
      const body = bodyObject(ctx);
      const tag = optionalString(body, "tag_name") ?? r.tagName;
      if (tagTaken(ctx, repo, tag, r.id)) alreadyExists();
      const target = optionalString(body, "target_commitish") ?? r.targetCommitish;
      const draft = typeof body.draft === "boolean" ? body.draft : r.draft;
      if (!draft) await ensureTag(ctx, repo, tag, target);
      const wasDraft = r.draft;
      const wasPrerelease = r.prerelease;
      r.tagName = tag;
      r.targetCommitish = target;
      r.name = optionalString(body, "name") ?? r.name;
      r.body = optionalString(body, "body") ?? r.body;
      r.draft = draft;
      if (typeof body.prerelease === "boolean") r.prerelease = body.prerelease;
      if (wasDraft && !draft) r.publishedAt = ctx.now();
      const becameFinal = (wasDraft && !draft) || (wasPrerelease && !r.prerelease);
      if (body.make_latest !== undefined || becameFinal) markLatest(ctx, repo, r, optionalString(body, "make_latest"));
      return { status: 200, body: releaseJson(ctx, r) };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/releases/generate-notes",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const notes = await generateNotes(
        ctx,
        repo,
        requiredString(body, "tag_name", "Release"),
        optionalString(body, "target_commitish"),
        optionalString(body, "previous_tag_name"),
      );
      return { status: 200, body: notes };
    },
  },
];
