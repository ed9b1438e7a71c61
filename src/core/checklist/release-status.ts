/**
 * The status section of the checklist, built from the facts alone (no clock reading), so a sync that observes nothing
 * new renders the same text and writes nothing. Also used by `release-kit status` for its one screen. Pure.
 */
import type { ChecklistSettings } from "./checklist-settings.js";
import { formatMemoryLine, type ObservationMemory } from "./observation-memory.js";
import type { PullFact, ReleaseFacts } from "./release-facts.js";
import { renderStatus } from "./render-status.js";
import { RELEASE_MILESTONES, type Milestone } from "./render-timeline.js";
import { countOf } from "../plural.js";

/** One row of the status table. */
export interface StatusFact {
  readonly label: string;
  readonly value: string;
}

function pr(p: PullFact | undefined): string {
  if (!p) return "none";
  const state = p.merged ? "merged" : p.state;
  return `[#${p.number}](${p.url}) ${state}${p.ci ? `, CI ${p.ci.state}` : ""}`;
}

/** The rows of the status table (Markdown values). */
export function statusFacts(facts: ReleaseFacts, settings: ChecklistSettings): StatusFact[] {
  const rows: StatusFact[] = [];
  const tags = facts.tags;
  const tagText = [
    ...(tags?.rcs ?? []).map((t) => `\`${t.tag}\``),
    ...(tags?.final ? [`\`${tags.final}\` (final)`] : []),
  ];
  rows.push({
    label: "Branch and tags",
    value: `${facts.branch?.exists ? `\`${settings.branch}\`` : `\`${settings.branch}\` not created`}; ${tagText.length > 0 ? tagText.join(", ") : "no tags yet"}`,
  });
  const releases = (facts.releases ?? []).filter((r) => !r.draft);
  rows.push({
    label: "GitHub releases",
    value:
      releases.length > 0
        ? releases
            .map(
              (r) =>
                `[${r.tag}](${r.url})${r.prerelease ? " (pre-release)" : ""}` +
                (r.untested
                  ? ` (ships ${r.untested.commits.length} commit(s) no candidate tested: ${r.untested.commits.join(", ")}; accepted: ${r.untested.reason})`
                  : ""),
            )
            .join(", ")
        : "none",
  });
  if (settings.pypi) {
    const p = facts.pypi;
    const parts = [
      ...(p?.rc ? [`${p.rc.version}: ${countOf(p.rc.files, "file")}`] : []),
      ...(p?.final ? [`${p.final.version}: ${countOf(p.final.files, "file")}`] : []),
    ];
    rows.push({
      label: `PyPI (${settings.pypi.package})`,
      value: parts.length > 0 ? parts.join("; ") : p?.missing ? "package not on the index" : "no files yet",
    });
  }
  if (settings.feedstock) {
    rows.push({ label: "Feedstock candidate PR", value: pr(facts.feedstock?.rc) });
    rows.push({ label: "Feedstock final PR", value: pr(facts.feedstock?.final) });
  }
  const ds = facts.downstream;
  rows.push({
    label: "Downstream",
    value: ds
      ? `${ds.candidate} vs ${ds.baseline}: ${Object.entries(ds.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ")}`
      : "no report yet",
  });
  const deps = ds?.dependents;
  if (deps && deps.total > 0)
    rows.push({
      label: "conda-forge dependents",
      value: `${deps.green} of ${deps.total} platform builds green against ${ds?.candidate ?? ""}${deps.pending > 0 ? `, ${deps.pending} still building` : ""}${deps.failing > 0 ? `, ${deps.failing} failing` : ""}`,
    });
  if (settings.partners.length > 0) {
    const partners = facts.partners ?? [];
    rows.push({
      label: "Partner issues",
      value: partners
        .map((p) => (p.issue ? `${p.repo} [#${p.issue.number}](${p.issue.url}) ${p.issue.state}` : `${p.repo}: none`))
        .join("; "),
    });
  }
  rows.push({ label: "Lessons PR", value: pr(facts.lessonsPr) });
  return rows;
}

/** The milestones of the timeline with the times the facts give. */
export function releaseMilestones(facts: ReleaseFacts): Milestone[] {
  const pr = facts.feedstock?.rc ?? facts.feedstock?.final;
  const final = facts.releases?.find((r) => r.tag === facts.tags?.final && !r.draft && !r.prerelease);
  const at: Record<string, string | undefined> = {
    "checklist-opened": facts.issue?.createdAt,
    "rc1-tagged": facts.rc1At,
    "feedstock-pr-opened": pr?.createdAt,
    "feedstock-ci-green": pr?.ci?.state === "success" ? pr.ci.at : undefined,
    "downstream-report": facts.downstream?.at,
    "final-released": final?.publishedAt,
  };
  return RELEASE_MILESTONES.map((m) => (at[m.id] ? { ...m, at: at[m.id] } : m));
}

/** The next step to take, as one line with the command that does it. */
export function nextStep(facts: ReleaseFacts, settings: ChecklistSettings): string {
  const v = settings.version;
  const rcs = facts.tags?.rcs ?? [];
  const rc = rcs[rcs.length - 1];
  if (!facts.issue) return `open the checklist: \`release-kit checklist open --version ${v}\``;
  if (facts.tags?.final) {
    const release = facts.releases?.find((r) => r.tag === facts.tags?.final && !r.draft);
    if (!release) return `publish the final release: \`release-kit final --version ${v}\``;
    if (settings.pypi && !facts.pypi?.final) return `wait for the final's files on PyPI (the publish workflow)`;
    if (settings.feedstock && !facts.feedstock?.final)
      return `open the final feedstock PR: \`release-kit conda-forge pr --version ${v}\``;
    if (facts.feedstock?.final && !facts.feedstock.final.merged) return `get the final feedstock PR merged`;
    if (!facts.lessonsPr) return `collect the lessons: \`release-kit lessons collect --version ${v}\``;
    return "close the checklist issue: the release is done";
  }
  if (!rc) return `cut the first candidate: \`release-kit rc --version ${v}\``;
  if (!facts.releases?.some((r) => r.tag === rc.tag && !r.draft))
    return `finish the candidate: \`release-kit rc --version ${v} --rc ${rc.rc}\``;
  if (settings.pypi && !facts.pypi?.rc) return `wait for ${rc.version} on PyPI (the publish workflow)`;
  if (settings.feedstock && !facts.feedstock?.rc)
    return `open the candidate's feedstock PR: \`release-kit conda-forge pr --version ${rc.version}\``;
  if (facts.feedstock?.rc?.ci?.state === "failure") return `fix the candidate's feedstock PR: its CI failed`;
  if (settings.partners.length > 0 && !(facts.partners ?? []).every((p) => p.issue))
    return `ask the partners to test: \`release-kit downstream notify --version ${v}\``;
  if (!facts.downstream) return `run the downstream checks against ${rc.version} and sync with \`--downstream-report\``;
  if (facts.downstream.regressed > 0)
    return `triage the ${facts.downstream.regressed} downstream regressions, then cut the next candidate`;
  return `decide go/no-go, then cut the final: \`release-kit final --version ${v}\``;
}

/** The whole status section content, with the observation memory as its last (hidden) line. */
export function renderStatusSection(
  facts: ReleaseFacts,
  settings: ChecklistSettings,
  etags: ObservationMemory["etags"],
): string {
  const text = renderStatus({
    facts: statusFacts(facts, settings),
    milestones: releaseMilestones(facts),
    next: nextStep(facts, settings),
    title: `${settings.project} ${settings.version}`,
  });
  return `${text}\n${formatMemoryLine({ facts, etags })}\n`;
}
