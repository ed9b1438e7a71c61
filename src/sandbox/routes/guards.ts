/**
 * Checks shared by the sandbox's routes: find the repository or 404, require a token that may write it,
 * and read typed fields from a request body with GitHub's 422 on anything wrong.
 */
import { notFound, unauthorized, forbidden, validationFailed } from "../http-errors.js";
import { canWrite } from "../router.js";
import type { RouteContext } from "../router.js";
import type { RepoRecord } from "../state.js";

/** The repository named by `{owner}/{repo}`, or a 404. */
export function repoOr404(ctx: RouteContext): RepoRecord {
  const repo = ctx.state.repo(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!repo) throw notFound();
  return repo;
}

/** Throws 401 without a token and 403 when the token may not write `fullName`. */
export function requireWrite(ctx: RouteContext, fullName: string): void {
  if (!ctx.caller) throw unauthorized();
  if (!canWrite(ctx.caller, fullName)) throw forbidden();
}

/** Throws 401 without a token. */
export function requireToken(ctx: RouteContext): NonNullable<RouteContext["caller"]> {
  if (!ctx.caller) throw unauthorized();
  return ctx.caller;
}

/** The body as an object (OpenAPI validation has already checked types; this guards the rest). */
export function bodyObject(ctx: RouteContext): Record<string, unknown> {
  const body = ctx.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw validationFailed([
      { resource: "Request", field: "body", code: "invalid", message: "body must be an object" },
    ]);
  }
  return body as Record<string, unknown>;
}

/** A required string field, or 422 missing_field. */
export function requiredString(body: Record<string, unknown>, field: string, resource: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw validationFailed([{ resource, field, code: value === undefined ? "missing_field" : "invalid" }]);
  }
  return value;
}

/** An optional string field. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  return typeof value === "string" ? value : undefined;
}

/**
 * The per_page/page query of a list endpoint, applied to an array, with GitHub's Link header: `prev`, `next`,
 * `last`, `first` in that order, each present only when it leads somewhere (page 1 has no prev/first, the last page
 * no next/last), as api.github.com sends them.
 */
export function paginate<T>(ctx: RouteContext, items: readonly T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(ctx.query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(ctx.query.get("page") ?? 1) || 1, 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set("per_page", String(perPage));
    q.set("page", String(p));
    return `<${ctx.urls.api}${currentPath(ctx)}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

function currentPath(ctx: RouteContext): string {
  return ctx.template.replace(/\{(\w+)\}/g, (_m, name: string) => ctx.params[name] ?? "");
}
