/**
 * Labels of a repository, and the label lookups issues share: names match case-insensitively, and a name an
 * issue asks for that the repository lacks is created, as GitHub does.
 * https://docs.github.com/rest/issues/labels
 */
import { validationFailed } from "../http-errors.js";
import type { Route, RouteContext } from "../router.js";
import type { LabelRecord, RepoRecord } from "../state.js";
import { label } from "../representations.js";
import { bodyObject, optionalString, paginate, repoOr404, requireWrite, requiredString } from "./guards.js";

/** The color GitHub's web UI gives a label created implicitly (the sandbox fixes it so bodies are deterministic). */
const DEFAULT_COLOR = "ededed";

/** The label of a repository with this name (case-insensitive), or undefined. */
export function findLabel(ctx: RouteContext, repo: RepoRecord, name: string): LabelRecord | undefined {
  const key = name.toLowerCase();
  return ctx.state.data.labels.find(
    (l) => l.repo.toLowerCase() === repo.fullName.toLowerCase() && l.name.toLowerCase() === key,
  );
}

/** The label records for names, creating the missing ones; returns the repository's spelling of each name. */
export function ensureLabels(ctx: RouteContext, repo: RepoRecord, names: readonly string[]): LabelRecord[] {
  const records: LabelRecord[] = [];
  for (const name of names) {
    let record = findLabel(ctx, repo, name);
    if (!record) {
      record = { id: ctx.state.id(), repo: repo.fullName, name, color: DEFAULT_COLOR, description: null };
      ctx.state.data.labels.push(record);
    }
    if (!records.includes(record)) records.push(record);
  }
  return records;
}

/** Label names from a request's `labels` (strings or `{ name }` objects, as GitHub accepts both). */
export function labelNames(value: unknown, resource: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationFailed([{ resource, field: "labels", code: "invalid" }]);
  return value.map((item: unknown) => {
    const name = typeof item === "string" ? item : (item as { name?: unknown } | null)?.name;
    if (typeof name !== "string" || name.trim() === "")
      throw validationFailed([{ resource: "Label", field: "name", code: "missing_field" }]);
    return name.trim();
  });
}

/** Label records sorted the way GitHub lists them: by name, case-insensitively. */
export function sortLabels(labels: readonly LabelRecord[]): LabelRecord[] {
  return [...labels].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id);
}

/** The records of an issue's label names (names whose label was deleted are skipped). */
export function labelsOf(ctx: RouteContext, repo: RepoRecord, names: readonly string[]): LabelRecord[] {
  return sortLabels(names.map((n) => findLabel(ctx, repo, n)).filter((l): l is LabelRecord => l !== undefined));
}

/** The label routes. */
export const labelRoutes: Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/labels",
    handler(ctx) {
      const repo = repoOr404(ctx);
      const all = sortLabels(ctx.state.data.labels.filter((l) => l.repo.toLowerCase() === repo.fullName.toLowerCase()));
      const page = paginate(ctx, all);
      return { status: 200, body: page.items.map((l) => label(ctx.urls, l)), headers: page.headers };
    },
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/labels",
    handler(ctx) {
      const repo = repoOr404(ctx);
      requireWrite(ctx, repo.fullName);
      const body = bodyObject(ctx);
      const name = requiredString(body, "name", "Label").trim();
      // GitHub takes the color without '#', and accepts it with one.
      const color = (optionalString(body, "color") ?? DEFAULT_COLOR).replace(/^#/, "");
      if (!/^[0-9a-fA-F]{6}$/.test(color))
        throw validationFailed([{ resource: "Label", field: "color", code: "invalid" }]);
      if (findLabel(ctx, repo, name))
        throw validationFailed([{ resource: "Label", field: "name", code: "already_exists" }]);
      const record: LabelRecord = {
        id: ctx.state.id(),
        repo: repo.fullName,
        name,
        color: color.toLowerCase(),
        description: optionalString(body, "description") ?? null,
      };
      ctx.state.data.labels.push(record);
      return {
        status: 201,
        body: label(ctx.urls, record),
        headers: { location: `${ctx.urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(name)}` },
      };
    },
  },
];
