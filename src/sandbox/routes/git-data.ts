/**
 * The Git Data API: blobs, trees, commits, refs and annotated tags, as real git objects.
 * https://docs.github.com/rest/git
 */
import { isValidRefName } from "../git-ref-reader.js";
import { notFound, unprocessable, validationFailed } from "../http-errors.js";
import type { Route, RouteContext } from "../router.js";
import type { GitPerson, TreeEntryInput } from "../git-store.js";
import { nodeId } from "../representations.js";
import { assertMayWriteBranch } from "../branch-protection.js";
import { bodyObject, repoOr404, requireWrite, requiredString, optionalString } from "./guards.js";

const SHA = /^[0-9a-f]{40}$/;

function apiBase(ctx: RouteContext, fullName: string): string {
  return `${ctx.urls.api}/repos/${fullName}`;
}

function blobJson(ctx: RouteContext, fullName: string, sha: string): Record<string, unknown> {
  return { url: `${apiBase(ctx, fullName)}/git/blobs/${sha}`, sha };
}

async function treeJson(ctx: RouteContext, fullName: string, sha: string, recursive: boolean) {
  const entries = await ctx.git.listTree(fullName, sha, recursive);
  return {
    sha,
    url: `${apiBase(ctx, fullName)}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === "blob" ? { size: e.size ?? 0 } : {}),
      url: `${apiBase(ctx, fullName)}/git/${e.type === "blob" ? "blobs" : "trees"}/${e.sha}`,
    })),
  };
}

function personJson(p: GitPerson) {
  return { name: p.name, email: p.email, date: p.date };
}

/** `git-commit` for a commit SHA. */
export async function gitCommitJson(ctx: RouteContext, fullName: string, sha: string) {
  const c = await ctx.git.readCommit(fullName, sha);
  const base = apiBase(ctx, fullName);
  return {
    sha,
    node_id: nodeId("Commit", parseInt(sha.slice(0, 8), 16)),
    url: `${base}/git/commits/${sha}`,
    html_url: `${ctx.urls.web}/${fullName}/commit/${sha}`,
    author: personJson(c.author),
    committer: personJson(c.committer),
    message: c.message,
    tree: { sha: c.tree, url: `${base}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${base}/git/commits/${p}`,
      html_url: `${ctx.urls.web}/${fullName}/commit/${p}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

/** `git-ref` for a full ref name. */
export async function gitRefJson(ctx: RouteContext, fullName: string, ref: string, sha: string) {
  const type = (await ctx.git.objectType(fullName, sha)) ?? "commit";
  const base = apiBase(ctx, fullName);
  return {
    ref,
    node_id: nodeId("Ref", parseInt(sha.slice(0, 8), 16)),
    url: `${base}/git/${ref}`,
    object: { type, sha, url: `${base}/git/${type === "tag" ? "tags" : "commits"}/${sha}` },
  };
}

async function tagJson(ctx: RouteContext, fullName: string, sha: string) {
  const t = await ctx.git.readTag(fullName, sha);
  const base = apiBase(ctx, fullName);
  return {
    node_id: nodeId("Tag", parseInt(sha.slice(0, 8), 16)),
    tag: t.tag,
    sha,
    url: `${base}/git/tags/${sha}`,
    message: t.message,
    tagger: personJson(t.tagger),
    object: { sha: t.object, type: t.type, url: `${base}/git/${t.type === "tag" ? "tags" : "commits"}/${t.object}` },
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

function person(ctx: RouteContext, raw: unknown): GitPerson {
  const login = ctx.caller?.login ?? "ghost";
  const fallback = { name: login, email: `${login}@users.noreply.sandbox.invalid`, date: ctx.now() };
  if (!raw || typeof raw !== "object") return fallback;
  const r = raw as Record<string, unknown>;
  return {
    name: typeof r.name === "string" ? r.name : fallback.name,
    email: typeof r.email === "string" ? r.email : fallback.email,
    date: typeof r.date === "string" ? r.date : fallback.date,
  };
}

function validRefName(ref: string): boolean {
  if (!ref.startsWith("refs/") || ref.split("/").length < 3) return false;
  return isValidRefName(ref);
}

function fullRef(param: string): string {
  return param.startsWith("refs/") ? param : `refs/${param}`;
}

/** The Git Data routes. */
export const gitDataRoutes: Route[] = [
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/blobs",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const content = body.content;
      if (typeof content !== "string")
        throw validationFailed([{ resource: "Blob", field: "content", code: "missing_field" }]);
      const encoding = optionalString(body, "encoding") ?? "utf-8";
      if (encoding !== "utf-8" && encoding !== "utf8" && encoding !== "base64")
        throw unprocessable(`encoding must be "utf-8" or "base64"`);
      const bytes = encoding === "base64" ? Buffer.from(content, "base64") : Buffer.from(content, "utf8");
      const sha = await ctx.git.writeBlob(repo.fullName, bytes);
      return {
        status: 201,
        body: blobJson(ctx, repo.fullName, sha),
        headers: { location: `${apiBase(ctx, repo.fullName)}/git/blobs/${sha}` },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/blobs/{file_sha}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const sha = ctx.params.file_sha ?? "";
      if ((await ctx.git.objectType(repo.fullName, sha)) !== "blob") throw notFound();
      const bytes = await ctx.git.readBlob(repo.fullName, sha);
      return {
        status: 200,
        body: {
          ...blobJson(ctx, repo.fullName, sha),
          node_id: nodeId("Blob", parseInt(sha.slice(0, 8), 16)),
          size: bytes.length,
          content: bytes.toString("base64"),
          encoding: "base64",
        },
      };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/trees",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const base = optionalString(body, "base_tree");
      if (base !== undefined && (await ctx.git.objectType(repo.fullName, base)) !== "tree")
        throw unprocessable("base_tree is not a valid tree oid");
      const entries = (Array.isArray(body.tree) ? body.tree : []) as Record<string, unknown>[];
      const inputs: TreeEntryInput[] = [];
      for (const e of entries) {
        const p = typeof e.path === "string" ? e.path : "";
        if (!p || p.startsWith("/") || p.split("/").some((s) => s === "" || s === "." || s === "..")) {
          throw validationFailed([
            { resource: "Tree", field: "path", code: "invalid", message: `tree.path "${p}" is invalid` },
          ]);
        }
        const type = (e.type as TreeEntryInput["type"]) ?? "blob";
        if (e.sha !== undefined && e.sha !== null && e.content !== undefined)
          throw unprocessable(
            "Must supply either tree.sha or tree.content. Request will be rejected if both are present.",
          );
        if (typeof e.sha === "string") {
          const actual = await ctx.git.objectType(repo.fullName, e.sha);
          if (actual !== type) throw unprocessable(`tree.sha ${e.sha} is not a valid ${type}`);
        }
        inputs.push({
          path: p,
          mode: String(e.mode),
          type,
          sha: e.sha as string | null | undefined,
          content: typeof e.content === "string" ? e.content : undefined,
        });
      }
      const sha = await ctx.git.createTree(repo.fullName, base, inputs);
      return {
        status: 201,
        body: await treeJson(ctx, repo.fullName, sha, false),
        headers: { location: `${apiBase(ctx, repo.fullName)}/git/trees/${sha}` },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/trees/{tree_sha}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      let sha = ctx.params.tree_sha ?? "";
      if (!SHA.test(sha)) sha = (await ctx.git.resolveCommit(repo.fullName, sha)) ?? "";
      const type = SHA.test(sha) ? await ctx.git.objectType(repo.fullName, sha) : undefined;
      if (type === "commit") sha = (await ctx.git.readCommit(repo.fullName, sha)).tree;
      else if (type !== "tree") throw notFound();
      const recursive = ["1", "true"].includes(ctx.query.get("recursive") ?? "");
      return { status: 200, body: await treeJson(ctx, repo.fullName, sha, recursive) };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/commits",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const message = body.message;
      if (typeof message !== "string")
        throw validationFailed([{ resource: "Commit", field: "message", code: "missing_field" }]);
      const tree = requiredString(body, "tree", "Commit");
      if ((await ctx.git.objectType(repo.fullName, tree)) !== "tree") throw unprocessable("Tree SHA does not exist");
      const parents = (Array.isArray(body.parents) ? body.parents : []) as string[];
      for (const p of parents) {
        if ((await ctx.git.objectType(repo.fullName, p)) !== "commit")
          throw unprocessable("Parent SHA does not exist or is not a commit object");
      }
      const author = person(ctx, body.author);
      const committer = body.committer ? person(ctx, body.committer) : author;
      const sha = await ctx.git.commitTree(repo.fullName, tree, parents, message, author, committer);
      return {
        status: 201,
        body: await gitCommitJson(ctx, repo.fullName, sha),
        headers: { location: `${apiBase(ctx, repo.fullName)}/git/commits/${sha}` },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const sha = ctx.params.commit_sha ?? "";
      if ((await ctx.git.objectType(repo.fullName, sha)) !== "commit") throw notFound();
      return { status: 200, body: await gitCommitJson(ctx, repo.fullName, sha) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/ref/{ref}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const ref = fullRef(ctx.params.ref ?? "");
      const sha = await ctx.git.readRef(repo.fullName, ref);
      if (!sha || !validRefName(ref)) throw notFound();
      return { status: 200, body: await gitRefJson(ctx, repo.fullName, ref, sha) };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/matching-refs/{ref}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const prefix = fullRef(ctx.params.ref ?? "");
      const refs = (await ctx.git.listRefs(repo.fullName, "refs/"))
        .filter((r) => r.ref.startsWith(prefix))
        .sort((a, b) => a.ref.localeCompare(b.ref));
      return { status: 200, body: await Promise.all(refs.map((r) => gitRefJson(ctx, repo.fullName, r.ref, r.sha))) };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/refs",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const ref = requiredString(body, "ref", "Reference");
      const sha = requiredString(body, "sha", "Reference");
      if (!validRefName(ref))
        throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
      if (!SHA.test(sha) || !(await ctx.git.objectType(repo.fullName, sha)))
        throw unprocessable("Object does not exist");
      if (!(await ctx.git.readRef(repo.fullName, ref))) assertMayWriteBranch(repo, ref, "create", ctx.caller);
      if (!(await ctx.git.updateRef(repo.fullName, ref, sha, ""))) throw unprocessable("Reference already exists");
      repo.pushedAt = ctx.now();
      return {
        status: 201,
        body: await gitRefJson(ctx, repo.fullName, ref, sha),
        headers: { location: `${apiBase(ctx, repo.fullName)}/git/${ref}` },
      };
    },
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/git/refs/{ref}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const sha = requiredString(body, "sha", "Reference");
      const ref = fullRef(ctx.params.ref ?? "");
      const current = await ctx.git.readRef(repo.fullName, ref);
      if (!current) throw unprocessable("Reference does not exist");
      if (!SHA.test(sha) || !(await ctx.git.objectType(repo.fullName, sha)))
        throw unprocessable("Object does not exist");
      const force = body.force === true;
      const fastForward = await ctx.git.isAncestor(repo.fullName, current, sha);
      if (!force && ref.startsWith("refs/heads/") && !fastForward) {
        throw unprocessable("Update is not a fast forward");
      }
      // A protected branch refuses the update even when it is a fast-forward (GitHub checks the rule after the
      // fast-forward test: a non-fast-forward without force is still "not a fast forward").
      if (current !== sha) assertMayWriteBranch(repo, ref, fastForward ? "update" : "force-update", ctx.caller);
      if (!(await ctx.git.updateRef(repo.fullName, ref, sha, current)))
        throw unprocessable("Reference cannot be updated");
      repo.pushedAt = ctx.now();
      return { status: 200, body: await gitRefJson(ctx, repo.fullName, ref, sha) };
    },
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/git/refs/{ref}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const ref = fullRef(ctx.params.ref ?? "");
      if (!(await ctx.git.readRef(repo.fullName, ref))) throw unprocessable("Reference does not exist");
      assertMayWriteBranch(repo, ref, "delete", ctx.caller);
      await ctx.git.deleteRef(repo.fullName, ref);
      return { status: 204 };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/git/tags",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const tag = requiredString(body, "tag", "Tag");
      const message = typeof body.message === "string" ? body.message : "";
      const object = requiredString(body, "object", "Tag");
      const type = requiredString(body, "type", "Tag");
      const actual = await ctx.git.objectType(repo.fullName, object);
      if (!actual || actual !== type) throw unprocessable("Object does not exist");
      if (!validRefName(`refs/tags/${tag}`))
        throw validationFailed([{ resource: "Tag", field: "tag", code: "invalid" }]);
      const sha = await ctx.git.makeTag(repo.fullName, object, type, tag, person(ctx, body.tagger), message);
      return {
        status: 201,
        body: await tagJson(ctx, repo.fullName, sha),
        headers: { location: `${apiBase(ctx, repo.fullName)}/git/tags/${sha}` },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/git/tags/{tag_sha}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const sha = ctx.params.tag_sha ?? "";
      if ((await ctx.git.objectType(repo.fullName, sha)) !== "tag") throw notFound();
      return { status: 200, body: await tagJson(ctx, repo.fullName, sha) };
    },
  },
];
