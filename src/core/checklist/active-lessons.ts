/**
 * The lessons a new checklist carries: every lesson of every lesson file that no file retires.
 */
import type { Lesson } from "./lesson.js";
import { parseLessonFile } from "./lesson-file.js";

/** A lesson file as read from the repository. */
export interface LessonFileSource {
  /** The file's content. */
  readonly content: string;
  /** The version, e.g. from the file name `1.20.0.md`; used when the file has no title. */
  readonly version?: string;
}

/** Every lesson not retired (by its own entry or by any file's retirement list), ordered by version then number. */
export function activeLessons(files: readonly LessonFileSource[]): Lesson[] {
  const parsed = files.map((f) => parseLessonFile(f.content, f.version));
  const retired = new Set<string>();
  for (const file of parsed) {
    for (const r of file.retirements) retired.add(r.id);
    for (const l of file.lessons) if (l.retired) retired.add(l.id);
  }
  const seen = new Set<string>();
  const active: Lesson[] = [];
  for (const file of parsed) {
    for (const lesson of file.lessons) {
      if (retired.has(lesson.id) || seen.has(lesson.id) || lesson.text.trim() === "") continue;
      seen.add(lesson.id);
      active.push(lesson);
    }
  }
  return active.sort(compareLessonIds);
}

function compareLessonIds(a: Lesson, b: Lesson): number {
  return a.id.localeCompare(b.id, "en", { numeric: true });
}
