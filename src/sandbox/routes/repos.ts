/**
 * Repositories: the authenticated user and any user by login, a repository with the caller's permissions, forks (a
 * real copy, ready after some reads as on GitHub; a repository's forks), file contents read from git, tags, fork sync
 * (merge-upstream), a collaborator's permission.
 */
import { HttpError, forbidden, notFound, conflict, unprocessable } from "../http-errors.js";
import { canWrite } from "../router.js";
import type { Route, RouteContext } from "../router.js";
import type { RepoRecord } from "../state.js";
import { authenticatedUser, fullRepository, nodeId, publicUser, repository, simpleUser } from "../representations.js";
import { DEFAULT_FORK_READY_AFTER_POLLS } from "../fork-readiness.js";
import type { RepoPermissions } from "../representations.js";
import { bodyObject, optionalString, paginate, repoOr404, requireToken, requiredString } from "./guards.js";

const SYNC_DOCS = "https://docs.github.com/rest/branches/branches#sync-a-fork-branch-with-the-upstream-repository";

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function permissionsOf(ctx: RouteContext, repo: RepoRecord): RepoPermissions | undefined {
  if (!ctx.caller) return undefined;
  const push = canWrite(ctx.caller, repo.fullName);
  return {
    admin: push && ctx.caller.login.toLowerCase() === repo.owner.toLowerCase(),
    maintain: push,
    push,
    triage: push,
    pull: true,
  };
}

/** `full-repository` of a record, as the caller sees it. */
export function repoJson(ctx: RouteContext, repo: RepoRecord): Record<string, unknown> {
  const parentRecord = repo.parent ? ctx.state.repo(repo.parent) : undefined;
  return fullRepository(
    ctx.urls,
    repo,
    ctx.state.user(repo.owner),
    permissionsOf(ctx, repo),
    parentRecord ? { repo: parentRecord, owner: ctx.state.user(parentRecord.owner) } : undefined,
  );
}

/** The repository routes. */
export const repoRoutes: Route[] = [
  {
    method: "GET",
    template: "/user",
    handler(ctx) {
      const caller = requireToken(ctx);
      return { status: 200, body: authenticatedUser(ctx.urls, ctx.state.user(caller.login)) };
    },
  },
  {
    method: "GET",
    template: "/users/{username}",
    handler(ctx) {
      // Known logins: a token's user or a repository owner (users and organisations); GitHub knows no others here.
      const user = ctx.state.data.users[(ctx.params.username ?? "").toLowerCase()];
      if (!user) throw notFound();
      return { status: 200, body: publicUser(ctx.urls, user) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}",
    handler(ctx) {
      return { status: 200, body: repoJson(ctx, repoOr404(ctx)) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/forks",
    handler(ctx) {
      const upstream = repoOr404(ctx);
      // Direct forks, newest first (GitHub's default `sort=newest`; oldest on request), each a minimal-repository.
      const forks = Object.values(ctx.state.data.repos)
        .filter((r) => r.parent?.toLowerCase() === upstream.fullName.toLowerCase())
        .sort((a, b) => (a.createdAt === b.createdAt ? a.id - b.id : a.createdAt.localeCompare(b.createdAt)));
      if (ctx.query.get("sort") !== "oldest") forks.reverse();
      const page = paginate(
        ctx,
        forks.map((r) => repository(ctx.urls, r, ctx.state.user(r.owner), permissionsOf(ctx, r))),
      );
      return { status: 200, body: page.items, headers: page.headers };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/forks",
    async handler(ctx) {
      const upstream = repoOr404(ctx);
      const caller = requireToken(ctx);
      const body = bodyObject(ctx);
      const owner = optionalString(body, "organization") ?? caller.login;
      const wanted = optionalString(body, "name") ?? upstream.name;
      if (owner.toLowerCase() !== caller.login.toLowerCase() && !canWrite(caller, `${owner}/${wanted}`))
        throw forbidden();
      // GitHub answers with the owner's existing fork of this repository, whatever it is called now (a renamed fork
      // is still the owner's fork: an account holds one fork per network).
      const existing = Object.values(ctx.state.data.repos).find(
        (r) => sameName(r.owner, owner) && sameName(r.parent ?? "", upstream.fullName),
      );
      if (existing) return { status: 202, body: repoJson(ctx, existing) };
      // A name the owner already uses for another repository gets GitHub's numbered fork: name-1, name-2, ...
      let name = wanted;
      for (let n = 1; ctx.state.repo(`${owner}/${name}`); n++) name = `${wanted}-${n}`;
      const fullName = `${owner}/${name}`;
      ctx.state.user(owner);
      await ctx.git.copy(upstream.fullName, fullName);
      if (body.default_branch_only === true) {
        for (const r of await ctx.git.listRefs(fullName, "refs/heads/")) {
          if (r.ref !== `refs/heads/${upstream.defaultBranch}`) await ctx.git.deleteRef(fullName, r.ref);
        }
      }
      const now = ctx.now();
      const record: RepoRecord = {
        id: ctx.state.id(),
        owner,
        name,
        fullName,
        defaultBranch: upstream.defaultBranch,
        description: upstream.description,
        fork: true,
        parent: upstream.fullName,
        createdAt: now,
        updatedAt: now,
        pushedAt: now,
        nextNumber: 1,
        // The copy is asynchronous on GitHub: the fork reads as empty for a while (fork-readiness.ts).
        forkCopyPendingReads: ctx.state.data.forkReadyAfterPolls ?? DEFAULT_FORK_READY_AFTER_POLLS,
      };
      ctx.state.addRepo(record);
      return { status: 202, body: repoJson(ctx, record) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/contents/{path}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const refName = ctx.query.get("ref") ?? repo.defaultBranch;
      const commit = await ctx.git.resolveCommit(repo.fullName, refName);
      if (!commit) throw notFound();
      const filePath = (ctx.params.path ?? "").replace(/\/+$/, "");
      const entry =
        filePath === ""
          ? { type: "tree", sha: (await ctx.git.readCommit(repo.fullName, commit)).tree, path: "" }
          : await ctx.git.lookupPath(repo.fullName, commit, filePath);
      if (!entry) throw notFound();
      const api = `${ctx.urls.api}/repos/${repo.fullName}`;
      const item = (e: { path: string; sha: string; type: string; size?: number }) => {
        const isDir = e.type === "tree";
        const self = `${api}/contents/${e.path}?ref=${encodeURIComponent(refName)}`;
        return {
          type: isDir ? "dir" : e.type === "commit" ? "submodule" : "file",
          size: e.size ?? 0,
          name: e.path.split("/").pop() ?? e.path,
          path: e.path,
          sha: e.sha,
          url: self,
          git_url: `${api}/git/${isDir ? "trees" : "blobs"}/${e.sha}`,
          html_url: `${ctx.urls.web}/${repo.fullName}/${isDir ? "tree" : "blob"}/${refName}/${e.path}`,
          download_url: isDir ? null : `${ctx.urls.web}/${repo.fullName}/raw/${refName}/${e.path}`,
          _links: {
            self,
            git: `${api}/git/${isDir ? "trees" : "blobs"}/${e.sha}`,
            html: `${ctx.urls.web}/${repo.fullName}/blob/${refName}/${e.path}`,
          },
        };
      };
      if (entry.type === "tree") {
        const children = await ctx.git.listTree(repo.fullName, entry.sha, false);
        const prefix = filePath === "" ? "" : `${filePath}/`;
        return { status: 200, body: children.map((c) => item({ ...c, path: `${prefix}${c.path}` })) };
      }
      const bytes = await ctx.git.readBlob(repo.fullName, entry.sha);
      // The raw media type answers with the file itself (https://docs.github.com/rest/using-the-rest-api/media-types).
      if (/^application\/vnd\.github(?:\.v3)?\.raw/.test(String(ctx.headers.accept ?? "")))
        return {
          status: 200,
          body: bytes.toString("utf8"),
          headers: { "content-type": "application/vnd.github.v3.raw; charset=utf-8" },
        };
      // GitHub wraps base64 content at 60 characters per line.
      const content = (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
      return { status: 200, body: { ...item(entry), size: bytes.length, content, encoding: "base64" } };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/tags",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const refs = await ctx.git.listRefs(repo.fullName, "refs/tags/");
      const items = [];
      for (const r of refs.sort((a, b) => b.ref.localeCompare(a.ref))) {
        const name = r.ref.slice("refs/tags/".length);
        const commit = (await ctx.git.resolveCommit(repo.fullName, r.ref)) ?? r.sha;
        items.push({
          name,
          commit: { sha: commit, url: `${ctx.urls.api}/repos/${repo.fullName}/commits/${commit}` },
          zipball_url: `${ctx.urls.api}/repos/${repo.fullName}/zipball/refs/tags/${name}`,
          tarball_url: `${ctx.urls.api}/repos/${repo.fullName}/tarball/refs/tags/${name}`,
          node_id: nodeId("Tag", parseInt(commit.slice(0, 8), 16)),
        });
      }
      const page = paginate(ctx, items);
      return { status: 200, body: page.items, headers: page.headers };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/merge-upstream",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const caller = requireToken(ctx);
      if (!canWrite(caller, repo.fullName)) throw forbidden();
      const branch = requiredString(bodyObject(ctx), "branch", "Repository");
      if (!repo.parent) throw unprocessable("This repository is not a fork");
      const upstream = ctx.state.repo(repo.parent);
      if (!upstream) throw notFound();
      const theirs = await ctx.git.readRef(upstream.fullName, `refs/heads/${branch}`);
      const ours = await ctx.git.readRef(repo.fullName, `refs/heads/${branch}`);
      if (!theirs || !ours)
        throw new HttpError(404, { message: "Branch not found", documentation_url: SYNC_DOCS, status: "404" });
      const baseBranch = `${upstream.owner}:${branch}`;
      await ctx.git.fetchFrom(repo.fullName, upstream.fullName, branch);
      // Nothing to take when the fork's branch already holds the upstream's head (equal, or ahead of it).
      if (await ctx.git.isAncestor(repo.fullName, theirs, ours))
        return {
          status: 200,
          body: { message: "This branch is not behind the upstream", merge_type: "none", base_branch: baseBranch },
        };
      let head = theirs;
      let mergeType: "fast-forward" | "merge" = "fast-forward";
      if (!(await ctx.git.isAncestor(repo.fullName, ours, theirs))) {
        // Diverged: GitHub merges the upstream into the fork's branch when the merge is clean (a merge commit whose
        // parents are the fork's head and the upstream's), and answers 409 only for a real conflict.
        const tree = await ctx.git.mergeTrees(repo.fullName, ours, theirs);
        if (!tree) throw conflict("There are merge conflicts");
        const when = ctx.now();
        head = await ctx.git.commitTree(
          repo.fullName,
          tree,
          [ours, theirs],
          `Merge branch '${branch}' of ${ctx.urls.web}/${upstream.fullName} into ${branch}\n`,
          { name: caller.login, email: `${caller.login}@users.noreply.sandbox.invalid`, date: when },
          { name: "GitHub", email: "noreply@github.com", date: when },
        );
        mergeType = "merge";
      }
      await ctx.git.updateRef(repo.fullName, `refs/heads/${branch}`, head, ours);
      return {
        status: 200,
        body: {
          message:
            mergeType === "merge"
              ? `Successfully fetched and merged from upstream ${baseBranch}.`
              : `Successfully fetched and fast-forwarded from upstream ${baseBranch}.`,
          merge_type: mergeType,
          base_branch: baseBranch,
        },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/collaborators/{username}/permission",
    handler(ctx) {
      const repo = repoOr404(ctx);
      requireToken(ctx);
      const login = ctx.params.username ?? "";
      const token = ctx.tokens.find((t) => t.login.toLowerCase() === login.toLowerCase());
      const write = token ? canWrite(token, repo.fullName) : false;
      const admin = write && login.toLowerCase() === repo.owner.toLowerCase();
      const permission = admin ? "admin" : write ? "write" : "read";
      return {
        status: 200,
        body: {
          permission,
          role_name: permission,
          user: {
            ...simpleUser(ctx.urls, ctx.state.user(login)),
            permissions: { admin, maintain: write, push: write, triage: write, pull: true },
            role_name: permission,
          },
        },
      };
    },
  },
];
