/**
 * GitHub's automatically generated release notes, as the sandbox writes them for `POST releases/generate-notes` and
 * `generate_release_notes` on create: the merged pull requests between the previous tag and the target (never bare
 * commits), grouped by the categories of `.github/release.yml` and filtered by its exclusions, a "New Contributors"
 * section, and the "Full Changelog" link.
 * https://docs.github.com/repositories/releasing-projects-on-github/automatically-generated-release-notes
 */
import { parse } from "yaml";

/** A pull request merged between the two tags. */
export interface NotesPull {
  readonly number: number;
  readonly title: string;
  readonly author: string;
  readonly labels: readonly string[];
  readonly url: string;
}

/** Labels and authors a pull request is left out for. */
export interface NotesExclusions {
  readonly labels: readonly string[];
  readonly authors: readonly string[];
}

/** One `changelog.categories[]` entry. */
export interface NotesCategory {
  readonly title: string;
  /** `*` matches every pull request no earlier category took. */
  readonly labels: readonly string[];
  readonly exclude: NotesExclusions;
}

/** The `changelog` part of `.github/release.yml`. */
export interface NotesConfig {
  readonly exclude: NotesExclusions;
  readonly categories: readonly NotesCategory[];
}

/** Where GitHub reads the configuration (the first that exists at the target). */
export const RELEASE_CONFIG_PATHS = [".github/release.yml", ".github/release.yaml"];

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function exclusions(value: unknown): NotesExclusions {
  const r = (value ?? {}) as Record<string, unknown>;
  return { labels: stringList(r.labels), authors: stringList(r.authors) };
}

/** The configuration in a release.yml text, or undefined when it has no usable `changelog`. */
export function parseReleaseConfig(text: string): NotesConfig | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  const changelog = (doc as { changelog?: unknown } | null)?.changelog;
  if (!changelog || typeof changelog !== "object") return undefined;
  const c = changelog as Record<string, unknown>;
  const categories = (Array.isArray(c.categories) ? c.categories : [])
    .map((raw: unknown) => (raw ?? {}) as Record<string, unknown>)
    .filter((r) => typeof r.title === "string")
    .map((r) => ({ title: r.title as string, labels: stringList(r.labels), exclude: exclusions(r.exclude) }));
  return { exclude: exclusions(c.exclude), categories };
}

function excluded(pull: NotesPull, rule: NotesExclusions): boolean {
  const lower = (s: string) => s.toLowerCase();
  return (
    rule.authors.some((a) => lower(a) === lower(pull.author)) ||
    pull.labels.some((l) => rule.labels.some((x) => lower(x) === lower(l)))
  );
}

/** What the notes are built from. */
export interface NotesInput {
  /** Merged pull requests in the range, oldest first. */
  readonly pulls: readonly NotesPull[];
  /** Authors whose first merged pull request is in the range. */
  readonly firstTimers: ReadonlySet<string>;
  /** The configuration and the ref it was read at, when the repository has one. */
  readonly config?: { readonly value: NotesConfig; readonly path: string; readonly ref: string };
  /** The compare link (or the tag's commit list when there is no previous tag). */
  readonly changelogUrl: string;
}

/**
 * The notes' Markdown. A pull request goes into the first category that matches one of its labels (or `*`) and
 * does not exclude it; one that matches no category is left out, as GitHub does when there is no `*` category.
 */
export function renderReleaseNotes(input: NotesInput): string {
  const config = input.config?.value;
  const kept = input.pulls.filter((p) => !config || !excluded(p, config.exclude));
  const line = (p: NotesPull) => `* ${p.title} by @${p.author} in ${p.url}`;
  const sections: string[] = [];
  if (input.config)
    sections.push(
      `<!-- Release notes generated using configuration in ${input.config.path} at ${input.config.ref} -->`,
    );
  if (config && config.categories.length > 0) {
    const groups = new Map<string, NotesPull[]>();
    for (const pull of kept) {
      const category = config.categories.find(
        (c) =>
          !excluded(pull, c.exclude) &&
          (c.labels.includes("*") ||
            pull.labels.some((l) => c.labels.some((x) => x.toLowerCase() === l.toLowerCase()))),
      );
      if (category) groups.set(category.title, [...(groups.get(category.title) ?? []), pull]);
    }
    const body = config.categories
      .filter((c) => groups.has(c.title))
      .map((c) => `### ${c.title}\n${groups.get(c.title)!.map(line).join("\n")}`);
    if (body.length > 0) sections.push(`## What's Changed\n${body.join("\n")}`);
  } else if (kept.length > 0) {
    sections.push(`## What's Changed\n${kept.map(line).join("\n")}`);
  }
  const seen = new Set<string>();
  const newcomers = kept.filter((p) => {
    const key = p.author.toLowerCase();
    if (!input.firstTimers.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (newcomers.length > 0)
    sections.push(
      `## New Contributors\n${newcomers.map((p) => `* @${p.author} made their first contribution in ${p.url}`).join("\n")}`,
    );
  sections.push(`**Full Changelog**: ${input.changelogUrl}`);
  return sections.join("\n\n");
}
