/** The artifact contract diff as Markdown, as `release-kit artifacts diff` prints it. */
import type { ArtifactDiff } from "./diff-artifacts.js";

/** The diff as Markdown: regressions first, then files, symbols and metadata. */
export function renderArtifactDiff(diff: ArtifactDiff): string {
  const lines = [`# Artifact contract: ${diff.candidate.path} against ${diff.baseline.path}`, ""];
  if (diff.regressions.length === 0) lines.push("No contract regressions.", "");
  else lines.push(`## Regressions (${diff.regressions.length})`, "", ...diff.regressions.map((r) => `- ${r}`), "");
  const list = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push(`## ${title} (${items.length})`, "", ...items.map((i) => `- \`${i}\``), "");
  };
  list("Files removed", diff.filesRemoved);
  list("Files added", diff.filesAdded);
  for (const lib of diff.libraries) {
    const parts = [`${lib.removed.length} removed`, `${lib.added.length} added`].join(", ");
    lines.push(`## Symbols of \`${lib.path}\` (${parts})`, "");
    lines.push(...lib.removed.map((s) => `- removed \`${s}\``), ...lib.added.map((s) => `- added \`${s}\``), "");
  }
  const m = diff.metadata;
  const meta: string[] = [];
  if (m.version) meta.push(`- Version: ${m.version.before ?? "(none)"} -> ${m.version.after ?? "(none)"}`);
  if (m.requiresPython) {
    meta.push(`- Requires-Python: ${m.requiresPython.before ?? "(none)"} -> ${m.requiresPython.after ?? "(none)"}`);
  }
  meta.push(...m.requiresDistRemoved.map((d) => `- Requires-Dist removed: ${d}`));
  meta.push(...m.requiresDistAdded.map((d) => `- Requires-Dist added: ${d}`));
  if (meta.length > 0) lines.push("## Python metadata", "", ...meta, "");
  return lines.join("\n");
}
