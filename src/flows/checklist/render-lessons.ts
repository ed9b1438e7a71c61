/** Text and JSON of `lessons collect`. */
import type { CollectResult } from "./collect-lessons.js";

/** One screen of text. */
export function renderCollectText(result: CollectResult): string {
  const lines: string[] = [];
  if (result.dryRun) lines.push("Dry run, nothing written.");
  lines.push(`${result.lessons} lessons and ${result.retirements} retirements from the release issue`);
  for (const i of result.ignored) lines.push(`Ignored ${i.url} (${i.author}): ${i.reason}`);
  lines.push(
    result.commit === "created"
      ? `Committed ${result.path} on ${result.branch}`
      : result.commit === "would create"
        ? `Would commit ${result.path} on ${result.branch}`
        : `${result.path} unchanged`,
  );
  if (result.pr) lines.push(`${result.pr.created ? "Opened" : "Updated"} ${result.pr.url}`);
  if (result.dryRun && result.commit === "would create") lines.push("", result.content);
  return `${lines.join("\n")}\n`;
}

/** JSON for `--json`. */
export function collectJson(result: CollectResult): Record<string, unknown> {
  return {
    path: result.path,
    branch: result.branch,
    lessons: result.lessons,
    retirements: result.retirements,
    ignored: result.ignored,
    commit: result.commit,
    pr: result.pr ?? null,
    dryRun: result.dryRun,
  };
}
