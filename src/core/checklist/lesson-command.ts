/**
 * `/lesson` commands in comments on the release issue. Only the first line counts, and its text is data: it is
 * stored and rendered (escaped), never evaluated and never passed to a shell.
 */
import { LESSON_ID_PATTERN } from "./lesson.js";
import type { LessonRetirement, NewLesson } from "./lesson.js";

/** A parsed `/lesson` command. */
export type LessonCommand =
  | { readonly kind: "add"; readonly text: string }
  | { readonly kind: "retire"; readonly id: string }
  | { readonly kind: "invalid"; readonly reason: string };

/** GitHub author associations of people with write access; only they may add or retire lessons. */
export const LESSON_AUTHOR_ASSOCIATIONS: readonly string[] = ["OWNER", "MEMBER", "COLLABORATOR"];

/** An issue comment, as the flow reads it from GitHub. */
export interface LessonComment {
  readonly body: string;
  /** GitHub's `author_association` (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE...). */
  readonly authorAssociation: string;
  readonly author: string;
  /** The comment's html_url: the lesson's origin. */
  readonly url: string;
}

/** What a set of comments asks for, and what was ignored and why. */
export interface LessonCommands {
  readonly lessons: readonly NewLesson[];
  readonly retirements: readonly LessonRetirement[];
  readonly ignored: readonly { readonly url: string; readonly author: string; readonly reason: string }[];
}

/** Parses the first line of a comment; undefined when it is not a `/lesson` command. */
export function parseLessonCommand(commentBody: string): LessonCommand | undefined {
  const firstLine = (commentBody.split(/\r?\n/, 1)[0] ?? "").trim();
  // `s`: a Unicode line separator (U+2028) inside the line is text, not an end of line.
  const match = /^\/lesson(?:\s+(.*))?$/s.exec(firstLine);
  if (!match) return undefined;
  const rest = (match[1] ?? "").trim();
  if (rest === "") return { kind: "invalid", reason: "no lesson text after /lesson" };
  const retire = /^retire(?:\s+(\S+))?$/.exec(rest);
  if (retire) {
    const id = retire[1];
    if (id === undefined) return { kind: "invalid", reason: "/lesson retire needs a lesson id, e.g. 1.20.0-1" };
    if (!LESSON_ID_PATTERN.test(id))
      return { kind: "invalid", reason: `not a lesson id: ${id} (expected e.g. 1.20.0-1)` };
    return { kind: "retire", id };
  }
  return { kind: "add", text: rest };
}

/** True when a comment author's association lets them record lessons. */
export function canRecordLessons(authorAssociation: string): boolean {
  return LESSON_AUTHOR_ASSOCIATIONS.includes(authorAssociation.toUpperCase());
}

/** The lessons and retirements asked for by comments from people with write access, in comment order. */
export function collectLessonCommands(comments: readonly LessonComment[]): LessonCommands {
  const lessons: NewLesson[] = [];
  const retirements: LessonRetirement[] = [];
  const ignored: { url: string; author: string; reason: string }[] = [];
  for (const comment of comments) {
    const command = parseLessonCommand(comment.body);
    if (command === undefined) continue;
    const origin = { url: comment.url, author: comment.author };
    if (!canRecordLessons(comment.authorAssociation)) {
      ignored.push({ ...origin, reason: `author association ${comment.authorAssociation} cannot record lessons` });
    } else if (command.kind === "invalid") {
      ignored.push({ ...origin, reason: command.reason });
    } else if (command.kind === "add") {
      lessons.push({ text: command.text, origin });
    } else {
      retirements.push({ id: command.id, origin });
    }
  }
  return { lessons, retirements, ignored };
}
