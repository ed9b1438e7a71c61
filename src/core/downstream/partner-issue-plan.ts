/**
 * Partner issues ("Integrate with <project> <version>"), planned purely: from each partner's rendered body and the
 * issue the token's user already opened there (found by exact title), one action per partner: create, update the
 * body, or nothing. Labels and state belong to the partner: a rerun never touches them, and never opens a second issue.
 */

/** The title every partner issue of a release has; the checklist looks issues up by it too. */
export function partnerIssueTitle(project: string, version: string): string {
  return `Integrate with ${project} ${version}`;
}

/** An issue as found in a partner repository. */
export interface ObservedPartnerIssue {
  readonly number: number;
  readonly url: string;
  readonly body: string;
  readonly state: "open" | "closed";
  readonly labels: readonly string[];
}

/** What the plan needs about one partner. */
export interface PartnerIssueInput {
  readonly repo: string;
  /** The body the template renders for this partner. */
  readonly body: string;
  /** The issue of this release that the token's user opened there, if any. */
  readonly existing?: ObservedPartnerIssue;
}

/** One planned action. */
export type PartnerIssueAction =
  | { readonly kind: "create"; readonly repo: string; readonly title: string; readonly body: string }
  | {
      readonly kind: "update";
      readonly repo: string;
      readonly title: string;
      readonly body: string;
      readonly issue: ObservedPartnerIssue;
    }
  | { readonly kind: "none"; readonly repo: string; readonly title: string; readonly issue: ObservedPartnerIssue };

/** One action per partner, in the order given: create when absent, update when the body differs, else none. */
export function planPartnerIssues(title: string, partners: readonly PartnerIssueInput[]): PartnerIssueAction[] {
  return partners.map((p): PartnerIssueAction => {
    if (p.existing === undefined) return { kind: "create", repo: p.repo, title, body: p.body };
    // GitHub stores what it was sent, but a browser edit turns \n into \r\n: compare without that difference.
    if (normalizeBody(p.existing.body) === normalizeBody(p.body)) {
      return { kind: "none", repo: p.repo, title, issue: p.existing };
    }
    return { kind: "update", repo: p.repo, title, body: p.body, issue: p.existing };
  });
}

/** The issue whose title is exactly `title` (the oldest when a person made a copy), else undefined. */
export function findPartnerIssue<T extends { readonly number: number; readonly title: string }>(
  issues: readonly T[],
  title: string,
): T | undefined {
  return issues.filter((i) => i.title === title).sort((a, b) => a.number - b.number)[0];
}

function normalizeBody(body: string): string {
  return body.replace(/\r\n/g, "\n").trimEnd();
}
