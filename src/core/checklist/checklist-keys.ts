/**
 * The keys of the checklist items the automation ticks, and what proves each one done. The flows tick by these keys;
 * a template may leave any of them out (that item is then never ticked) but must not invent or repeat one.
 */

/** A key the automation knows how to tick, with the evidence it ticks on. */
export interface ChecklistKeyInfo {
  readonly key: string;
  /** What the sync observes before it ticks this item. */
  readonly evidence: string;
}

/** Every key the flows tick, in release order. */
export const CHECKLIST_KEYS: readonly ChecklistKeyInfo[] = [
  { key: "checklist-opened", evidence: "the checklist issue exists (ticked by `checklist open`)" },
  { key: "branch-created", evidence: "the release branch exists" },
  {
    key: "version-bumped",
    evidence: "the version files on the release branch name a candidate of this version, or a candidate is tagged",
  },
  { key: "rc-tagged", evidence: "a candidate tag of this version exists" },
  { key: "rc-release-published", evidence: "a GitHub pre-release exists for the newest candidate tag" },
  { key: "rc-on-pypi", evidence: "the package index lists files for the newest candidate" },
  {
    key: "feedstock-rc-pr-opened",
    evidence: "a feedstock PR for a candidate was opened (open, merged, or closed once a later PR superseded it)",
  },
  { key: "feedstock-rc-ci-green", evidence: "the feedstock candidate PR's checks all passed" },
  { key: "downstream-report", evidence: "a downstream report exists for the newest candidate" },
  {
    key: "conda-forge-dependents-green",
    evidence:
      "the downstream report holds the dependents' conda-forge builds against the candidate and every platform is green",
  },
  { key: "partners-notified", evidence: "every configured partner repository has its integration issue" },
  { key: "final-tagged", evidence: "the final tag exists" },
  { key: "final-release-published", evidence: "a full GitHub release exists for the final tag" },
  { key: "final-on-pypi", evidence: "the package index lists files for the final version" },
  { key: "feedstock-final-pr-opened", evidence: "a feedstock PR for the final version is open or merged" },
  { key: "lessons-collected", evidence: "the lessons PR for this version is open or merged" },
];

/** Problems with the keyed items of a template (unknown or repeated keys), one line each; empty when fine. */
export function checkTemplateKeys(keys: readonly string[], source = "template"): string[] {
  const known = new Set(CHECKLIST_KEYS.map((k) => k.key));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const key of keys) {
    if (!known.has(key)) problems.push(`${source}: unknown key release-kit:${key} (known: ${[...known].join(", ")})`);
    if (seen.has(key))
      problems.push(`${source}: key release-kit:${key} appears more than once (keep one item per key)`);
    seen.add(key);
  }
  return problems;
}
