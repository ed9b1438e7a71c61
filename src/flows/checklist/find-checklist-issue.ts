/**
 * Finds the checklist issue of a release: the repository's issues with the checklist labels and the exact title. One
 * list request finds it and returns its body; with a cache from an earlier call in the same process the request is
 * conditional and a 304 costs nothing against the rate limit.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { readConditionally } from "./conditional-read.js";
import type { ChecklistSettings } from "../../core/checklist/index.js";

/** An issue as the checklist flows use it. */
export interface ChecklistIssue {
  readonly number: number;
  readonly title: string;
  readonly state: "open" | "closed";
  readonly body: string;
  readonly url: string;
  readonly createdAt: string;
}

/** Remembers the last issue list and its ETag between calls in one process (a long-running action, the benchmark). */
export interface ChecklistReadCache {
  issues?: { readonly etag: string; readonly list: readonly ChecklistIssue[] };
}

/** Maps GitHub's issue JSON. */
export function toChecklistIssue(i: {
  number: number;
  title: string;
  state: string;
  body?: string | null;
  html_url: string;
  created_at: string;
}): ChecklistIssue {
  return {
    number: i.number,
    title: i.title,
    state: i.state === "closed" ? "closed" : "open",
    body: i.body ?? "",
    url: i.html_url,
    createdAt: i.created_at,
  };
}

/** Every issue (open or closed) with the checklist's labels and exact title, lowest number first. */
export async function listChecklistIssues(
  gh: GitHubClient,
  settings: Pick<ChecklistSettings, "repo" | "labels" | "title">,
  cache?: ChecklistReadCache,
): Promise<ChecklistIssue[]> {
  const { owner, repo } = splitRepo(settings.repo);
  const cached = cache?.issues;
  const answer = await readConditionally(cached?.etag, (o) =>
    gh.rest.issues.listForRepo({
      owner,
      repo,
      state: "all",
      labels: settings.labels.join(","),
      sort: "created",
      direction: "asc",
      per_page: 100,
      ...o,
    }),
  );
  const list = answer.modified
    ? answer.data.filter((i) => !i.pull_request).map(toChecklistIssue)
    : (cached?.list ?? []);
  if (cache && answer.etag) cache.issues = { etag: answer.etag, list };
  return list.filter((i) => i.title === settings.title).sort((a, b) => a.number - b.number);
}

/** The issue to work on: the lowest-numbered open one, else the lowest-numbered closed one. */
export function pickChecklistIssue(issues: readonly ChecklistIssue[]): ChecklistIssue | undefined {
  return issues.find((i) => i.state === "open") ?? issues[0];
}
