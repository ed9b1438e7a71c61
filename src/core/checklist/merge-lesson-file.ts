/**
 * Builds the content of `checklists/lessons/<version>.md` from what maintainers asked for, merged into the file that
 * may already exist. Idempotent: a lesson already there (same origin, or same text) is not added again, so collecting
 * twice gives the same file, and an unchanged file comes back as the identical string (no PR update).
 */
import type { Lesson, LessonRetirement, NewLesson } from "./lesson.js";
import { parseLessonFile, renderLessonFile } from "./lesson-file.js";

/** Input of {@link mergeLessonFile}. */
export interface LessonFileUpdate {
  /** The file's current content, or undefined when it does not exist yet. */
  readonly existing?: string;
  /** The release the lessons belong to; new ids are `<version>-<n>`. */
  readonly version: string;
  readonly lessons: readonly NewLesson[];
  /** Retirements; those of this file's lessons mark the entry, others are listed for earlier releases. */
  readonly retirements: readonly LessonRetirement[];
}

/** The new file content; `=== existing` when nothing is added or retired. */
export function mergeLessonFile(update: LessonFileUpdate): string {
  const file =
    update.existing === undefined
      ? { version: update.version, lessons: [], retirements: [] }
      : parseLessonFile(update.existing, update.version);
  const lessons: Lesson[] = [...file.lessons];
  const retirements: LessonRetirement[] = [...file.retirements];
  let changed = update.existing === undefined;

  let next = lessons.reduce((max, l) => Math.max(max, Number(/-(\d+)$/.exec(l.id)?.[1] ?? 0)), 0) + 1;
  for (const candidate of update.lessons) {
    const text = normalizeLessonText(candidate.text);
    if (text === "") continue;
    const duplicate = lessons.some(
      (l) =>
        (candidate.origin.url !== "" && l.origin?.url === candidate.origin.url) ||
        normalizeLessonText(l.text).toLowerCase() === text.toLowerCase(),
    );
    if (duplicate) continue;
    lessons.push({ id: `${update.version}-${next++}`, version: update.version, text, origin: candidate.origin });
    changed = true;
  }

  for (const retirement of update.retirements) {
    const index = lessons.findIndex((l) => l.id === retirement.id);
    if (index >= 0) {
      const lesson = lessons[index] as Lesson;
      if (lesson.retired) continue;
      lessons[index] = { ...lesson, retired: { by: retirement.origin.author, url: retirement.origin.url } };
      changed = true;
    } else if (!retirements.some((r) => r.id === retirement.id)) {
      retirements.push(retirement);
      changed = true;
    }
  }

  if (!changed && update.existing !== undefined) return update.existing;
  return renderLessonFile({ version: update.version, lessons, retirements });
}

/** One line, single spaces, trimmed: how lesson texts are stored and compared. */
export function normalizeLessonText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
