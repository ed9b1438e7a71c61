/** The one screen of `release-kit status` and its JSON. */
import { formatDuration } from "../../core/checklist/index.js";
import type { ReleaseStatus } from "./read-release-status.js";

/** Strips Markdown links and code marks for the terminal: `[#3](url)` -> `#3 (url)`. */
function plain(text: string): string {
  return text.replace(/\[([^\]]+)\]\(([^)]+)\)/g, "$1 ($2)").replace(/`/g, "");
}

/** Text for a terminal. */
export function renderReleaseStatusText(status: ReleaseStatus): string {
  const lines = [`${status.repo} ${status.version}`, ""];
  const width = Math.max(...status.rows.map((r) => r.label.length), "Checklist".length);
  const checklist = status.checklist
    ? `${status.checklist.progress.done}/${status.checklist.progress.total} done (${status.checklist.url})`
    : "not opened";
  lines.push(`${"Checklist".padEnd(width)}  ${checklist}`);
  for (const row of status.rows) lines.push(`${row.label.padEnd(width)}  ${plain(row.value)}`);
  lines.push("", "Timeline");
  const dated = status.milestones.filter((m) => m.at !== undefined);
  dated.forEach((m, i) => {
    const prev = dated[i - 1];
    const took = prev ? ` (+${formatDuration(Date.parse(m.at!) - Date.parse(prev.at!))})` : "";
    lines.push(`  ${m.label.padEnd(20)} ${m.at!.slice(0, 16).replace("T", " ")}${took}`);
  });
  for (const m of status.milestones.filter((x) => x.at === undefined)) lines.push(`  ${m.label.padEnd(20)} pending`);
  lines.push("", `Next: ${plain(status.next)}`);
  return `${lines.join("\n")}\n`;
}

/** JSON for `--json`. */
export function releaseStatusJson(status: ReleaseStatus): Record<string, unknown> {
  return {
    repo: status.repo,
    version: status.version,
    checklist: status.checklist
      ? {
          number: status.checklist.number,
          url: status.checklist.url,
          done: status.checklist.progress.done,
          total: status.checklist.progress.total,
        }
      : null,
    facts: status.facts,
    milestones: status.milestones,
    next: status.next,
  };
}
