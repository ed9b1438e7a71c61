/**
 * The release timeline in the status section: a mermaid gantt chart (GitHub renders ```mermaid blocks) with one bar
 * per step between consecutive milestones, and the same facts as a table, which reads well where mermaid does not.
 */

/** A milestone of the release; `at` is an ISO 8601 timestamp, absent while pending. */
export interface Milestone {
  readonly id: string;
  readonly label: string;
  readonly at?: string;
}

/** The milestones the status section tracks, in release order, without timestamps. */
export const RELEASE_MILESTONES: readonly Milestone[] = [
  { id: "checklist-opened", label: "Checklist opened" },
  { id: "rc1-tagged", label: "RC1 tagged" },
  { id: "feedstock-pr-opened", label: "Feedstock PR opened" },
  { id: "feedstock-ci-green", label: "Feedstock CI green" },
  { id: "downstream-report", label: "Downstream report" },
  { id: "final-released", label: "Final released" },
];

/** Renders the timeline Markdown (mermaid gantt plus a table); deterministic for the same input. */
export function renderTimeline(milestones: readonly Milestone[], title = "Release timeline"): string {
  const dated = milestones
    .map((m, order) => ({ ...m, order, time: m.at === undefined ? Number.NaN : Date.parse(m.at) }))
    .filter((m) => !Number.isNaN(m.time))
    .sort((a, b) => a.time - b.time || a.order - b.order);
  const pending = milestones.filter((m) => m.at === undefined || Number.isNaN(Date.parse(m.at)));

  const out: string[] = [];
  if (dated.length > 0) {
    out.push(
      "```mermaid",
      "gantt",
      `    title ${mermaidText(title)}`,
      "    dateFormat YYYY-MM-DD HH:mm",
      "    axisFormat %b %d",
    );
    out.push("    section Steps");
    const first = dated[0];
    if (dated.length === 1 && first) {
      out.push(`    ${mermaidText(first.label)} :milestone, m1, ${formatTime(first.time)}, 0d`);
    }
    for (let i = 1; i < dated.length; i++) {
      const from = dated[i - 1];
      const to = dated[i];
      if (!from || !to) continue;
      const name = `${mermaidText(from.label)} to ${mermaidText(to.label)} (${formatDuration(to.time - from.time)})`;
      out.push(`    ${name} :done, s${i}, ${formatTime(from.time)}, ${formatTime(to.time)}`);
    }
    out.push("```", "");
  }
  out.push("| Milestone | When (UTC) | Took |", "| --- | --- | --- |");
  dated.forEach((m, i) => {
    const prev = dated[i - 1];
    out.push(`| ${tableText(m.label)} | ${formatTime(m.time)} | ${prev ? formatDuration(m.time - prev.time) : "—"} |`);
  });
  for (const m of pending) out.push(`| ${tableText(m.label)} | pending | |`);
  return `${out.join("\n")}\n`;
}

/** A duration as `2d 3h`, `3h 12m`, `12m` or `<1m`. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "<1m";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return `${m}m`;
}

function formatTime(time: number): string {
  return new Date(time).toISOString().slice(0, 16).replace("T", " ");
}

/** Mermaid task names end at `:` and lines at `#`/`;`; keep names to what cannot be misread. */
function mermaidText(text: string): string {
  return text
    .replace(/[:;#\r\n`]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function tableText(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;").trim();
}
