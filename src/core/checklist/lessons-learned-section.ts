/**
 * Reads the "Lessons learned" section people fill in the release issue: each non-empty bullet is one lesson. Editing
 * another user's issue needs triage or write access on GitHub, which is the same gate as `/lesson` comments.
 */
import { parseChecklist, stripEol } from "./parse-checklist.js";

/** The title of the section people fill. */
export const LESSONS_LEARNED_TITLE = "Lessons learned";

const BULLET = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]*)?(.*)$/s;

/** The texts of the bullets under the first "Lessons learned" heading, in order, trimmed, empty ones left out. */
export function parseLessonsLearned(body: string): string[] {
  const blocks = parseChecklist(body).blocks;
  const start = blocks.findIndex(
    (b) => b.kind === "heading" && b.title.toLowerCase() === LESSONS_LEARNED_TITLE.toLowerCase(),
  );
  if (start < 0) return [];
  const heading = blocks[start];
  const level = heading?.kind === "heading" ? heading.level : 2;
  const texts: string[] = [];
  for (const block of blocks.slice(start + 1)) {
    if (block.kind === "heading" && block.level <= level) break;
    if (block.kind === "status" || block.kind === "state") break;
    if (block.kind === "item") {
      if (block.lessonId === undefined && block.key === undefined && block.text !== "") texts.push(block.text);
      continue;
    }
    if (block.kind !== "text") continue;
    const match = BULLET.exec(stripEol(block.raw));
    const text = (match?.[1] ?? "").replace(/<!--.*?-->/g, "").trim();
    if (text !== "") texts.push(text);
  }
  return texts;
}
