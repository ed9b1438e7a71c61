/**
 * Renders the body of a new release checklist issue: the template with its placeholders filled, the lessons of
 * earlier releases that are not retired (one checkbox each, with where it came from), a "Lessons learned" section for
 * people, the status section and an empty state block.
 */
import { formatStateComment } from "./checklist-state.js";
import { fillPlaceholders } from "./fill-placeholders.js";
import type { Lesson } from "./lesson.js";
import { LESSONS_LEARNED_TITLE } from "./lessons-learned-section.js";
import { lessonComment } from "./markers.js";
import { parseChecklist } from "./parse-checklist.js";
import { formatStatusBlock } from "./status-section.js";

/** The title of the section that carries lessons of earlier releases. */
export const EARLIER_LESSONS_TITLE = "Lessons from earlier releases";

/** Input of {@link renderChecklistBody}. */
export interface ChecklistBodyInput {
  /** The template text (e.g. checklists/release.md). */
  readonly template: string;
  /** Placeholder values: version, repo, branch, tag... Every placeholder in the template needs one. */
  readonly values: Readonly<Record<string, string>>;
  /** Lessons to carry; pass `activeLessons(...)`. */
  readonly lessons: readonly Lesson[];
  /** Initial status section content (Markdown); empty when omitted. */
  readonly status?: string;
  /** Names the template in errors. */
  readonly source?: string;
}

/** The issue body for a new checklist. */
export function renderChecklistBody(input: ChecklistBodyInput): string {
  const filled = fillPlaceholders(input.template, input.values, input.source).replace(/\s+$/, "");
  const titles = new Set(
    parseChecklist(filled).blocks.flatMap((b) => (b.kind === "heading" ? [b.title.toLowerCase()] : [])),
  );
  const parts = [filled];

  if (!titles.has(EARLIER_LESSONS_TITLE.toLowerCase())) {
    const lines = input.lessons.map(renderLessonItem);
    parts.push(`## ${EARLIER_LESSONS_TITLE}\n\n${lines.length > 0 ? lines.join("\n") : "_None yet._"}`);
  }
  if (!titles.has(LESSONS_LEARNED_TITLE.toLowerCase())) {
    parts.push(
      `## ${LESSONS_LEARNED_TITLE}\n\n` +
        "<!-- One lesson per bullet. Maintainers can also comment `/lesson <text>` on this issue, or " +
        "`/lesson retire <id>` to retire an earlier one. `release-kit lessons collect` files them. -->\n\n-",
    );
  }
  const status = formatStatusBlock(input.status ?? "").replace(/\n$/, "");
  return `${parts.join("\n\n")}\n\n${status}\n${formatStateComment({ ticked: [] })}\n`;
}

/** One carried lesson as an unticked checkbox with its origin. */
export function renderLessonItem(lesson: Lesson): string {
  const id =
    lesson.origin?.url && /^https?:\/\/\S+$/.test(lesson.origin.url)
      ? `[${lesson.id}](${lesson.origin.url})`
      : lesson.id;
  const who = lesson.origin?.author ? ` (${escapeInline(lesson.origin.author)})` : "";
  return `- [ ] ${escapeInline(lesson.text)} — from ${id}${who} ${lessonComment(lesson.id)}`;
}

/**
 * Makes text safe on one checklist line: one line, and no `<`/`>` so it can open no HTML comment or tag (a lesson
 * must not be able to forge a key comment and get ticked by the automation). GitHub shows the entities as the characters.
 */
function escapeInline(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
