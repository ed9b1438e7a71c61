/** Replacing literal spans of a text, all at once, leaving every other byte alone. */
import type { TextSpan } from "./recipe-layout.js";

/** One replacement: the span's bytes become `text`. */
export interface SpanEdit {
  readonly span: TextSpan;
  readonly text: string;
}

/** Applies non-overlapping edits (in any order); identical edits of the same span count once. */
export function spliceText(text: string, edits: readonly SpanEdit[]): string {
  const unique = new Map<string, SpanEdit>();
  for (const edit of edits) {
    const key = `${edit.span.start}:${edit.span.end}`;
    const seen = unique.get(key);
    if (seen && seen.text !== edit.text) {
      throw new Error(`two different edits of the same span at offset ${edit.span.start}`);
    }
    unique.set(key, edit);
  }
  const sorted = [...unique.values()].sort((x, y) => x.span.start - y.span.start);
  let out = "";
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.span.start < cursor) throw new Error(`overlapping edits at offset ${edit.span.start}`);
    out += text.slice(cursor, edit.span.start) + edit.text;
    cursor = edit.span.end;
  }
  return out + text.slice(cursor);
}

/** The literal `value` written with the quote style of `span`. */
export function quoteLike(span: TextSpan, value: string): string {
  return `${span.quote}${value}${span.quote}`;
}
