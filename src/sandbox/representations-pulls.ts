/**
 * GitHub's pull-request shapes (`pull-request-simple` for lists, `pull-request` for one), built from the
 * sandbox's records plus what git says about the branches. Pure: the routes resolve SHAs and counts first.
 */
import type { IssueRecord, LabelRecord, RepoRecord, UserRecord } from "./state.js";
import { label, nodeId, repository, simpleUser } from "./representations.js";
import type { Urls } from "./representations.js";

/** One side of a pull request (head or base), resolved. */
export interface PullSide {
  readonly repo: RepoRecord;
  readonly owner: UserRecord;
  readonly ref: string;
  /** The branch's commit, resolved live from git. */
  readonly sha: string;
}

/** Everything `pullRequestSimple` needs besides the record. */
export interface PullView {
  readonly record: IssueRecord;
  readonly author: UserRecord;
  readonly association: string;
  readonly labels: readonly LabelRecord[];
  readonly assignees: readonly UserRecord[];
  readonly head: PullSide;
  readonly base: PullSide;
  /** Who merged it, once merged. */
  readonly mergedBy?: UserRecord;
}

/** The diff and conversation totals of `pull-request`. */
export interface PullTotals {
  readonly commits: number;
  readonly additions: number;
  readonly deletions: number;
  readonly changedFiles: number;
  readonly comments: number;
}

function side(urls: Urls, s: PullSide): Record<string, unknown> {
  return {
    label: `${s.owner.login}:${s.ref}`,
    ref: s.ref,
    sha: s.sha,
    user: simpleUser(urls, s.owner),
    repo: repository(urls, s.repo, s.owner),
  };
}

/** `pull-request-simple` (GET /repos/{owner}/{repo}/pulls). */
export function pullRequestSimple(urls: Urls, view: PullView): Record<string, unknown> {
  const r = view.record;
  const pull = r.pull;
  if (!pull) throw new Error(`issue ${r.repo}#${r.number} is not a pull request`);
  const api = `${urls.api}/repos/${r.repo}`;
  const self = `${api}/pulls/${r.number}`;
  const html = `${urls.web}/${r.repo}/pull/${r.number}`;
  const issueApi = `${api}/issues/${r.number}`;
  const statuses = `${api}/statuses/${view.head.sha}`;
  const assignees = view.assignees.map((u) => simpleUser(urls, u));
  return {
    url: self,
    id: r.id,
    node_id: nodeId("PullRequest", r.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueApi,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: statuses,
    number: r.number,
    state: r.state,
    locked: r.locked,
    title: r.title,
    user: simpleUser(urls, view.author),
    body: r.body,
    // The list shape declares a label's description a plain string, so an unset one is sent empty.
    labels: view.labels.map((l) => ({
      id: l.id,
      node_id: nodeId("Label", l.id),
      url: `${api}/labels/${encodeURIComponent(l.name)}`,
      name: l.name,
      description: l.description ?? "",
      color: l.color,
      default: false,
    })),
    milestone: null,
    active_lock_reason: null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    closed_at: r.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha ?? null,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: side(urls, view.head),
    base: side(urls, view.base),
    _links: {
      self: { href: self },
      html: { href: html },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${self}/commits` },
      statuses: { href: statuses },
    },
    author_association: view.association,
    auto_merge: null,
    draft: pull.draft,
  };
}

/** `pull-request` (one pull request): the list shape plus merge state and diff totals. */
export function pullRequest(urls: Urls, view: PullView, totals: PullTotals): Record<string, unknown> {
  const pull = view.record.pull;
  if (!pull) throw new Error(`issue ${view.record.repo}#${view.record.number} is not a pull request`);
  const simple = pullRequestSimple(urls, view);
  return {
    ...simple,
    // The single shape allows a null description, as GitHub sends it.
    labels: view.labels.map((l) => label(urls, l)),
    merged: pull.merged,
    // GitHub computes mergeability in the background and answers null until it has; the sandbox never does.
    mergeable: null,
    rebaseable: null,
    mergeable_state: "unknown",
    merged_by: view.mergedBy ? simpleUser(urls, view.mergedBy) : null,
    comments: totals.comments,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: totals.commits,
    additions: totals.additions,
    deletions: totals.deletions,
    changed_files: totals.changedFiles,
  };
}
