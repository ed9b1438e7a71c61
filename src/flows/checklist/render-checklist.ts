/** Text, JSON and job-summary renderings of `checklist open` and `checklist sync`. */
import type { OpenResult } from "./open-checklist.js";
import type { SyncResult } from "./sync-checklist.js";

/** One screen of text for `checklist open`. */
export function renderOpenText(result: OpenResult): string {
  const lines: string[] = [];
  if (result.dryRun && !result.issue) {
    lines.push(`Dry run, nothing written. Would create the checklist with ${result.lessons} lessons carried over:`, "");
    lines.push(result.body ?? "");
    return `${lines.join("\n")}\n`;
  }
  if (result.dryRun) lines.push("Dry run, nothing written.");
  lines.push(`${result.created ? "Created" : "Found"} ${result.issue?.url ?? ""}`);
  if (result.created) lines.push(`${result.lessons} lessons from earlier releases carried over`);
  for (const n of result.closed) lines.push(`Closed duplicate #${n}`);
  return `${lines.join("\n")}\n`;
}

/** JSON for `checklist open --json` and the action outputs. */
export function openJson(result: OpenResult): Record<string, unknown> {
  return {
    issue: result.issue?.number ?? null,
    url: result.issue?.url ?? null,
    created: result.created,
    closed: result.closed,
    lessons: result.lessons,
    dryRun: result.dryRun,
  };
}

/** One screen of text for `checklist sync`. */
export function renderSyncText(result: SyncResult): string {
  const lines: string[] = [];
  if (result.dryRun) lines.push("Dry run, nothing written.");
  lines.push(`Checklist ${result.issue.url}: ${result.progress.done}/${result.progress.total} done`);
  if (result.plan.ticked.length > 0)
    lines.push(`${result.dryRun ? "Would tick" : "Ticked"}: ${result.plan.ticked.join(", ")}`);
  for (const s of result.plan.skipped) lines.push(`Left alone: ${s.key} (${s.reason})`);
  if (!result.plan.changed) lines.push("Nothing changed, nothing written.");
  else if (result.dryRun) lines.push("", "Would write this body:", "", result.plan.body);
  else if (!result.wrote) lines.push("A concurrent edit already holds our changes: nothing written.");
  return `${lines.join("\n")}\n`;
}

/** JSON for `checklist sync --json` and the action outputs. */
export function syncJson(result: SyncResult): Record<string, unknown> {
  return {
    issue: result.issue.number,
    url: result.issue.url,
    ticked: result.plan.ticked,
    skipped: result.plan.skipped,
    changed: result.plan.changed,
    wrote: result.wrote,
    dryRun: result.dryRun,
    reads: result.reads,
    done: result.progress.done,
    total: result.progress.total,
  };
}
