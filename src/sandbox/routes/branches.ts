/**
 * Branches as the REST API shows them: one branch, the list (with the `protected` filter), and a branch's
 * protection. Heads are read from the real git repository; protection comes from the seed's `protected-branches`.
 * https://docs.github.com/rest/branches/branches and https://docs.github.com/rest/branches/branch-protection
 */
import { HttpError, notFound } from "../http-errors.js";
import type { Route } from "../router.js";
import { canWrite } from "../router.js";
import { branchProtectionSummary, protectionJson, protectionRule } from "../branch-protection.js";
import { simpleUser } from "../representations.js";
import { commitJson } from "./commits.js";
import { paginate, repoOr404 } from "./guards.js";

const BRANCH_DOCS = "https://docs.github.com/rest/branches/branches#get-a-branch";
const PROTECTION_DOCS = "https://docs.github.com/rest/branches/branch-protection#get-branch-protection";

function branchNotFound(): HttpError {
  return new HttpError(404, { message: "Branch not found", documentation_url: BRANCH_DOCS, status: "404" });
}

/** Branch routes. */
export const branchRoutes: Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/branches",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const heads = (await ctx.git.listRefs(repo.fullName, "refs/heads/"))
        .map((r) => ({ name: r.ref.slice("refs/heads/".length), sha: r.sha }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const filter = ctx.query.get("protected");
      const wanted =
        filter === null
          ? heads
          : heads.filter((h) => (protectionRule(repo, h.name) !== undefined) === (filter === "true"));
      const { items, headers } = paginate(ctx, wanted);
      const api = `${ctx.urls.api}/repos/${repo.fullName}`;
      return {
        status: 200,
        headers,
        body: items.map((h) => ({
          name: h.name,
          commit: { sha: h.sha, url: `${api}/commits/${h.sha}` },
          ...branchProtectionSummary(repo, h.name),
          protection_url: `${api}/branches/${encodeURIComponent(h.name)}/protection`,
        })),
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/branches/{branch}",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      const branch = ctx.params.branch ?? "";
      const sha = await ctx.git.readRef(repo.fullName, `refs/heads/${branch}`);
      if (!sha) throw branchNotFound();
      const api = `${ctx.urls.api}/repos/${repo.fullName}/branches/${encodeURIComponent(branch)}`;
      return {
        status: 200,
        body: {
          name: branch,
          commit: await commitJson(ctx, repo.fullName, sha, false),
          _links: { self: api, html: `${ctx.urls.web}/${repo.fullName}/tree/${branch}` },
          ...branchProtectionSummary(repo, branch),
          protection_url: `${api}/protection`,
        },
      };
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/branches/{branch}/protection",
    async handler(ctx) {
      const repo = repoOr404(ctx);
      // Reading protection needs admin rights on GitHub; the sandbox's nearest notion is write access, and a
      // caller without it gets the 404 GitHub gives to those who may not see the settings.
      if (!canWrite(ctx.caller, repo.fullName)) throw notFound();
      const branch = ctx.params.branch ?? "";
      if (!(await ctx.git.readRef(repo.fullName, `refs/heads/${branch}`))) throw branchNotFound();
      const rule = protectionRule(repo, branch);
      if (!rule) {
        throw new HttpError(404, {
          message: "Branch not protected",
          documentation_url: PROTECTION_DOCS,
          status: "404",
        });
      }
      const bypass = ctx.tokens
        .filter((t) => t.bypassBranchProtection === true && canWrite(t, repo.fullName))
        .map((t) => simpleUser(ctx.urls, ctx.state.user(t.login)));
      return { status: 200, body: protectionJson(ctx.urls, repo, branch, rule, bypass) };
    },
  },
];
