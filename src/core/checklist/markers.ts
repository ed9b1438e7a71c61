/**
 * The hidden HTML comments release-kit writes into a checklist issue. GitHub does not render them, so people see a
 * plain task list while the automation can find its own items, its status section and its memory of what it ticked.
 */

/** A key that names an item the automation owns: lowercase words joined by single dashes (never `--`, which would end an HTML comment). */
export const CHECKLIST_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Finds the key comment on an item line, e.g. `<!-- release-kit:rc-tagged -->`. */
export const KEY_COMMENT = /<!--[ \t]*release-kit:([a-z0-9]+(?:-[a-z0-9]+)*)[ \t]*-->/;

/** Finds the lesson id comment on a carried-over lesson line, e.g. `<!-- release-kit-lesson:1.20.0-1 -->`. */
export const LESSON_COMMENT = /<!--[ \t]*release-kit-lesson:([A-Za-z0-9.+_-]+?)[ \t]*-->/;

/** Opens the status section; everything up to {@link STATUS_END} is rewritten wholesale by the automation. */
export const STATUS_START = "<!-- release-kit:status:start -->";
/** Closes the status section. */
export const STATUS_END = "<!-- release-kit:status:end -->";
/** Matches the status start marker with any spacing a person may have introduced. */
export const STATUS_START_LINE = /^[ \t]*<!--[ \t]*release-kit:status:start[ \t]*-->[ \t]*$/;
/** Matches the status end marker. */
export const STATUS_END_LINE = /^[ \t]*<!--[ \t]*release-kit:status:end[ \t]*-->[ \t]*$/;

/** Matches the one-line state block; group 1 is its JSON. */
export const STATE_LINE = /^[ \t]*<!--[ \t]*release-kit:state[ \t]+(.*?)[ \t]*-->[ \t]*$/s;

/** The key comment for an item the automation owns. */
export function keyComment(key: string): string {
  return `<!-- release-kit:${key} -->`;
}

/** The id comment for a lesson carried into a checklist. */
export function lessonComment(id: string): string {
  return `<!-- release-kit-lesson:${id} -->`;
}
