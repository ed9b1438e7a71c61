/** Which keyed checklist items the observed facts prove done, each with a short note and a link. Pure. */
import type { ChecklistSettings } from "./checklist-settings.js";
import type { ReleaseFacts } from "./release-facts.js";
import type { ChecklistTick } from "./tick-items.js";
import { countOf } from "../plural.js";

/** The web URL of the project (for links to a branch or tag), derived from the issue's URL. */
function webRepoUrl(facts: ReleaseFacts, settings: ChecklistSettings): string | undefined {
  const url = facts.issue?.url;
  if (!url) return undefined;
  const at = url.indexOf(`/${settings.repo}/`);
  return at < 0 ? undefined : url.slice(0, at + settings.repo.length + 1);
}

/** The ticks the facts justify, in CHECKLIST_KEYS order. */
export function ticksFromFacts(facts: ReleaseFacts, settings: ChecklistSettings): ChecklistTick[] {
  const ticks: ChecklistTick[] = [];
  const web = webRepoUrl(facts, settings);
  const add = (key: string, note?: string, link?: string) =>
    ticks.push({ key, ...(note ? { note } : {}), ...(link ? { link } : {}) });

  if (facts.issue) add("checklist-opened");
  if (facts.branch?.exists) add("branch-created", facts.branch.name, web && `${web}/tree/${facts.branch.name}`);
  const rc = facts.tags?.rcs[facts.tags.rcs.length - 1];
  // A candidate's tag sits on the commit whose version files name it: once the final's bump has replaced the name
  // on the branch (a sync that runs only after the final), the tag still proves the candidate bump happened.
  const bumped = facts.bumpedTo ?? rc?.version;
  if (bumped) add("version-bumped", bumped);
  const releaseOf = (tag: string | undefined) => facts.releases?.find((r) => r.tag === tag && !r.draft);
  if (rc) add("rc-tagged", rc.tag, web && `${web}/tree/${rc.tag}`);
  const rcRelease = releaseOf(rc?.tag);
  if (rc && rcRelease) add("rc-release-published", rc.tag, rcRelease.url);
  if (facts.pypi?.rc)
    add("rc-on-pypi", `${facts.pypi.rc.version}: ${countOf(facts.pypi.rc.files, "file")}`, facts.pypi.rc.url);
  const rcPr = facts.feedstock?.rc;
  // Opened is opened: release-kit itself closes a candidate's PR once a later candidate's or the final's PR supersedes
  // it, and a sync that runs only after that (the demo's, or a weekly one) must still tick it.
  if (rcPr)
    add(
      "feedstock-rc-pr-opened",
      `#${rcPr.number}${rcPr.state === "closed" && !rcPr.merged ? " (closed)" : ""}`,
      rcPr.url,
    );
  if (rcPr?.ci?.state === "success") add("feedstock-rc-ci-green", `#${rcPr.number} green`, rcPr.url);
  const ds = facts.downstream;
  if (ds) add("downstream-report", `${ds.candidate}: ${ds.regressed} regressed`);
  const deps = ds?.dependents;
  if (ds && deps && deps.total > 0 && deps.green === deps.total)
    add("conda-forge-dependents-green", `${ds.candidate}: ${deps.green} platform builds green`);
  const partners = facts.partners ?? [];
  if (settings.partners.length > 0 && partners.length === settings.partners.length && partners.every((p) => p.issue))
    add("partners-notified", countOf(partners.length, "issue"));
  const final = facts.tags?.final;
  if (final) add("final-tagged", final, web && `${web}/tree/${final}`);
  const finalRelease = releaseOf(final);
  if (final && finalRelease && !finalRelease.prerelease) add("final-release-published", final, finalRelease.url);
  if (facts.pypi?.final) add("final-on-pypi", countOf(facts.pypi.final.files, "file"), facts.pypi.final.url);
  const finalPr = facts.feedstock?.final;
  if (finalPr && (finalPr.state === "open" || finalPr.merged))
    add("feedstock-final-pr-opened", `#${finalPr.number}`, finalPr.url);
  const lessons = facts.lessonsPr;
  if (lessons && (lessons.state === "open" || lessons.merged))
    add("lessons-collected", `#${lessons.number}`, lessons.url);
  return ticks;
}
