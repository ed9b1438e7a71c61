/** The shape of a lesson learned in a release and carried into the next checklists. */

/** Where a lesson (or its retirement) came from: the comment or issue URL and its author's login. */
export interface LessonOrigin {
  readonly url: string;
  readonly author: string;
}

/** A lesson as stored in `checklists/lessons/<version>.md`. */
export interface Lesson {
  /** Stable id, `<version>-<n>` (e.g. `1.20.0-1`). */
  readonly id: string;
  /** The release it was learned in. */
  readonly version: string;
  /** One line of text, as the maintainer wrote it. */
  readonly text: string;
  readonly origin?: LessonOrigin;
  /** Set when the lesson no longer applies; it then stops appearing in new checklists. */
  readonly retired?: { readonly by?: string; readonly url?: string };
}

/** A lesson to add, before it has an id. */
export interface NewLesson {
  readonly text: string;
  readonly origin: LessonOrigin;
}

/** A request to retire a lesson by id. */
export interface LessonRetirement {
  readonly id: string;
  readonly origin: LessonOrigin;
}

/** A lesson id: a version, a dash, a number. */
export const LESSON_ID_PATTERN = /^[0-9][0-9A-Za-z.+]*-[1-9][0-9]*$/;
