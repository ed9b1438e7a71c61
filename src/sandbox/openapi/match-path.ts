/**
 * Parameters whose values may contain slashes: git refs (`heads/main`), file paths (`recipe/meta.yaml`), branch and
 * tag names (`release/1.20`), and `base...head` comparisons. Octokit sends them either raw or with `%2F`; GitHub
 * accepts both, so the sandbox must too. Other parameters (owner, repo, numbers, SHAs) are one segment.
 */
const MULTI_SEGMENT_PARAMETERS = new Set(["ref", "path", "branch", "tag", "basehead"]);

/** A template compiled for matching: its segments and which parameters must be whole numbers. */
export interface PathTemplate {
  readonly template: string;
  readonly segments: readonly string[];
  /** Parameter names whose schema is `type: integer` (e.g. `issue_number`), so `/releases/latest` is no release id. */
  readonly integerParameters: ReadonlySet<string>;
}

/** The template a concrete path matched, with its decoded path parameters. */
export interface PathMatch {
  readonly template: string;
  readonly params: Record<string, string>;
}

/** Compiles a path template such as `/repos/{owner}/{repo}/git/ref/{ref}` for `matchPathTemplate`. */
export function compilePathTemplate(template: string, integerParameters: Iterable<string> = []): PathTemplate {
  return { template, segments: template.split("/").slice(1), integerParameters: new Set(integerParameters) };
}

/**
 * Finds the template a concrete path (query string allowed) belongs to. When several match, the one with the most
 * literal segments wins, as on GitHub: `/issues/comments/1` is a comment, `/releases/latest` is not release "latest",
 * and `/commits/main/check-runs` lists check runs rather than reading commit `main/check-runs`.
 */
export function matchPathTemplate(templates: readonly PathTemplate[], concretePath: string): PathMatch | undefined {
  const pathOnly = concretePath.split("?")[0] ?? "";
  if (!pathOnly.startsWith("/")) return undefined;
  const segments = pathOnly.split("/").slice(1);
  let best: { match: PathMatch; literals: number; length: number } | undefined;
  for (const template of templates) {
    const params = matchSegments(template, 0, segments, 0, {});
    if (!params) continue;
    const literals = template.segments.filter((s) => !isParameter(s)).length;
    const better =
      !best || literals > best.literals || (literals === best.literals && template.segments.length > best.length);
    if (better) best = { match: { template: template.template, params }, literals, length: template.segments.length };
  }
  return best?.match;
}

// Backtracking match: a multi-segment parameter tries the shortest span first, so literals after it still match.
function matchSegments(
  template: PathTemplate,
  t: number,
  segments: readonly string[],
  s: number,
  params: Record<string, string>,
): Record<string, string> | undefined {
  if (t === template.segments.length) return s === segments.length ? params : undefined;
  const part = template.segments[t] ?? "";
  if (!isParameter(part)) {
    return segments[s] === part ? matchSegments(template, t + 1, segments, s + 1, params) : undefined;
  }
  const name = part.slice(1, -1);
  const maxSpan = MULTI_SEGMENT_PARAMETERS.has(name) ? segments.length - s : 1;
  for (let span = 1; span <= maxSpan && s + span <= segments.length; span++) {
    const value = decodeSegments(segments.slice(s, s + span));
    if (value === undefined || !acceptable(template, name, value)) continue;
    const found = matchSegments(template, t + 1, segments, s + span, { ...params, [name]: value });
    if (found) return found;
  }
  return undefined;
}

function acceptable(template: PathTemplate, name: string, value: string): boolean {
  if (value === "" || value.split("/").includes("")) return false;
  return !template.integerParameters.has(name) || /^\d+$/.test(value);
}

function decodeSegments(raw: readonly string[]): string | undefined {
  try {
    return raw.map((segment) => decodeURIComponent(segment)).join("/");
  } catch {
    return undefined;
  }
}

function isParameter(segment: string): boolean {
  return segment.startsWith("{") && segment.endsWith("}");
}
