/**
 * The parsed form of a checklist issue body. Every block keeps its exact source text (`raw`, line ending included), so
 * joining the raws gives back the body byte for byte; the automation edits only the blocks it owns.
 */

/** A Markdown ATX heading (`## Release candidate`). */
export interface HeadingBlock {
  readonly kind: "heading";
  readonly raw: string;
  /** 1 to 6. */
  readonly level: number;
  /** Heading text without the `#`s. */
  readonly title: string;
}

/** A task-list item (`- [ ] text`), checked or not, owned by the automation when it carries a key. */
export interface ItemBlock {
  readonly kind: "item";
  readonly raw: string;
  readonly checked: boolean;
  /** Automation key from `<!-- release-kit:KEY -->`; absent for items that belong to people. */
  readonly key?: string;
  /** Id of a carried-over lesson from `<!-- release-kit-lesson:ID -->`. */
  readonly lessonId?: string;
  /** The visible text: after the box, without release-kit comments, trimmed. */
  readonly text: string;
  /** Title of the nearest heading above, or undefined before the first heading. */
  readonly section?: string;
  /** Offset of the box character (space or x) in `raw`. */
  readonly boxOffset: number;
  /** Offset in `raw` of the key comment, where a tick note is inserted; end of the line's content when unkeyed. */
  readonly noteOffset: number;
}

/** The status section, from its start marker line to its end marker line, both included. */
export interface StatusBlock {
  readonly kind: "status";
  readonly raw: string;
  /** The text between the marker lines. */
  readonly inner: string;
}

/** The one-line hidden state block (`<!-- release-kit:state {...} -->`). */
export interface StateBlock {
  readonly kind: "state";
  readonly raw: string;
  /** The JSON text inside the comment, unparsed. */
  readonly json: string;
}

/** Any other line: prose, blank lines, code, comments. Kept as opaque text. */
export interface TextBlock {
  readonly kind: "text";
  readonly raw: string;
}

/** One block of a checklist body. */
export type ChecklistBlock = HeadingBlock | ItemBlock | StatusBlock | StateBlock | TextBlock;

/** A checklist body as a list of blocks whose raws concatenate to the original text. */
export interface ChecklistDocument {
  readonly blocks: readonly ChecklistBlock[];
}
