/**
 * GitHub's JSON shapes, built from the sandbox's records. Every response goes through the OpenAPI check, so
 * these carry every field GitHub's description marks as required, with values of the right types.
 */
import type { RepoRecord, UserRecord, LabelRecord, IssueRecord, CommentRecord, ReleaseRecord } from "./state.js";

/** Base URLs the representations link to. */
export interface Urls {
  /** API base, e.g. http://127.0.0.1:PORT/api/v3 */
  readonly api: string;
  /** Web base, e.g. http://127.0.0.1:PORT */
  readonly web: string;
}

/** A stable pseudo node id. */
export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

/** `simple-user`. */
export function simpleUser(urls: Urls, user: UserRecord): Record<string, unknown> {
  // A bot's login (`github-actions[bot]`) is percent-encoded in URLs, as GitHub writes it.
  const login = encodeURIComponent(user.login);
  const api = `${urls.api}/users/${login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("User", user.id),
    avatar_url: `${urls.web}/${login}.png`,
    gravatar_id: "",
    url: api,
    html_url: `${urls.web}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    site_admin: false,
    user_view_type: "public",
  };
}

/** `public-user`: any user or organisation as GET /users/{username} shows it. */
export function publicUser(urls: Urls, user: UserRecord): Record<string, unknown> {
  return {
    ...simpleUser(urls, user),
    name: user.login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
  };
}

/** `private-user`/`public-user` for GET /user. */
export function authenticatedUser(urls: Urls, user: UserRecord): Record<string, unknown> {
  return {
    ...publicUser(urls, user),
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: false,
    plan: { name: "free", space: 976562499, private_repos: 10000, collaborators: 0 },
  };
}

/** The URL fields every repository shape carries. */
function repoUrls(urls: Urls, repo: RepoRecord): Record<string, string> {
  const api = `${urls.api}/repos/${repo.fullName}`;
  return {
    html_url: `${urls.web}/${repo.fullName}`,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    git_url: `${urls.web.replace(/^http/, "git")}/${repo.fullName}.git`,
    ssh_url: `git@sandbox.invalid:${repo.fullName}.git`,
    clone_url: `${urls.web}/${repo.fullName}.git`,
    svn_url: `${urls.web}/${repo.fullName}`,
    mirror_url: "",
  };
}

/** Permissions of the caller on a repository. */
export interface RepoPermissions {
  readonly admin: boolean;
  readonly maintain: boolean;
  readonly push: boolean;
  readonly triage: boolean;
  readonly pull: boolean;
}

/** `repository` (the nested shape in forks' parent/source and PR heads). */
export function repository(
  urls: Urls,
  repo: RepoRecord,
  owner: UserRecord,
  permissions?: RepoPermissions,
): Record<string, unknown> {
  const result: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: simpleUser(urls, owner),
    private: false,
    description: repo.description,
    fork: repo.fork,
    ...repoUrls(urls, repo),
    mirror_url: null,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: "public",
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
  };
  if (permissions) result.permissions = permissions;
  return result;
}

/** `full-repository` (GET /repos/{owner}/{repo}, POST forks). */
export function fullRepository(
  urls: Urls,
  repo: RepoRecord,
  owner: UserRecord,
  permissions: RepoPermissions | undefined,
  parent?: { repo: RepoRecord; owner: UserRecord },
): Record<string, unknown> {
  const result: Record<string, unknown> = {
    ...repository(urls, repo, owner, permissions),
    subscribers_count: 0,
    network_count: 0,
  };
  // GitHub shows the merge settings and a clone token only to callers who may push, and names the organization
  // of an organization's repository.
  if (permissions?.push) {
    Object.assign(result, {
      temp_clone_token: "",
      allow_squash_merge: true,
      allow_merge_commit: true,
      allow_rebase_merge: true,
      allow_auto_merge: false,
      delete_branch_on_merge: false,
      allow_update_branch: false,
      use_squash_pr_title_as_default: false,
    });
  }
  if (owner.type === "Organization") result.organization = simpleUser(urls, owner);
  if (parent) {
    result.parent = repository(urls, parent.repo, parent.owner);
    result.source = repository(urls, parent.repo, parent.owner);
  }
  return result;
}

/** `label`. */
export function label(urls: Urls, l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId("Label", l.id),
    url: `${urls.api}/repos/${l.repo}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: false,
  };
}

/** `reaction-rollup` with no reactions. */
export function reactions(url: string): Record<string, unknown> {
  return {
    url,
    total_count: 0,
    "+1": 0,
    "-1": 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
}

/** `issue`. `labels` are the label records of the issue's label names. */
export function issue(
  urls: Urls,
  i: IssueRecord,
  user: UserRecord,
  labels: LabelRecord[],
  comments: number,
  association: string,
): Record<string, unknown> {
  const api = `${urls.api}/repos/${i.repo}/issues/${i.number}`;
  const result: Record<string, unknown> = {
    id: i.id,
    node_id: nodeId("Issue", i.id),
    url: api,
    repository_url: `${urls.api}/repos/${i.repo}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${urls.web}/${i.repo}/${i.pull ? "pull" : "issues"}/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: simpleUser(urls, user),
    labels: labels.map((l) => label(urls, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: i.locked,
    active_lock_reason: null,
    comments,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: association,
    // The sandbox has no reactions or timeline events; GitHub sends these keys on every issue all the same.
    reactions: reactions(`${api}/reactions`),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
  };
  if (i.pull) {
    result.pull_request = {
      url: `${urls.api}/repos/${i.repo}/pulls/${i.number}`,
      html_url: `${urls.web}/${i.repo}/pull/${i.number}`,
      diff_url: `${urls.web}/${i.repo}/pull/${i.number}.diff`,
      patch_url: `${urls.web}/${i.repo}/pull/${i.number}.patch`,
      merged_at: i.pull.mergedAt,
    };
  }
  return result;
}

/** `issue-comment`. */
export function issueComment(
  urls: Urls,
  c: CommentRecord,
  user: UserRecord,
  association: string,
): Record<string, unknown> {
  return {
    id: c.id,
    node_id: nodeId("IssueComment", c.id),
    url: `${urls.api}/repos/${c.repo}/issues/comments/${c.id}`,
    html_url: `${urls.web}/${c.repo}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${urls.api}/repos/${c.repo}/issues/${c.issueNumber}`,
    body: c.body,
    user: simpleUser(urls, user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: association,
  };
}

/** `release`. */
export function release(urls: Urls, r: ReleaseRecord, author: UserRecord): Record<string, unknown> {
  const api = `${urls.api}/repos/${r.repo}/releases/${r.id}`;
  return {
    url: api,
    html_url: `${urls.web}/${r.repo}/releases/tag/${encodeURIComponent(r.tagName)}`,
    assets_url: `${api}/assets`,
    upload_url: `${urls.api}/repos/${r.repo}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${urls.api}/repos/${r.repo}/tarball/${encodeURIComponent(r.tagName)}`,
    zipball_url: `${urls.api}/repos/${r.repo}/zipball/${encodeURIComponent(r.tagName)}`,
    id: r.id,
    node_id: nodeId("Release", r.id),
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: false,
    created_at: r.createdAt,
    published_at: r.publishedAt,
    updated_at: r.publishedAt ?? r.createdAt,
    author: simpleUser(urls, author),
    assets: [],
  };
}
