/**
 * Ticks the items the automation owns, as the remote state proves them done. The rules that keep people in charge:
 * never untick, never rewrite a person's text (a note is only inserted before our key comment when we tick), and
 * never tick again an item we ticked before that a person has since unticked.
 */
import { mergeChecklistStates, readChecklistState, writeChecklistState } from "./checklist-state.js";
import type { ChecklistBlock, ChecklistDocument, ItemBlock } from "./model.js";
import { parseChecklist, serializeChecklist, stripEol } from "./parse-checklist.js";

/** A keyed item to tick, with an optional short note and link shown after its text. */
export interface ChecklistTick {
  readonly key: string;
  /** A few words, e.g. `v1.20.0rc1`; one line, Markdown-escaped when written. */
  readonly note?: string;
  /** An http(s) URL; the note (or the URL itself) links to it. */
  readonly link?: string;
}

/** Why a requested tick was not applied. */
export type TickSkipReason = "already-ticked" | "unticked-by-person" | "not-in-checklist";

/** The outcome of {@link planTicks}: the new body and what happened to each key. */
export interface TickPlan {
  /** The new body; identical (===) to the input when nothing changed. */
  readonly body: string;
  readonly changed: boolean;
  readonly ticked: readonly string[];
  readonly skipped: readonly { readonly key: string; readonly reason: TickSkipReason }[];
}

/** A tick with its final text to insert, as the merge replays it. */
export interface KeyedTickEdit {
  readonly key: string;
  /** Inserted verbatim before the key comment (empty for none). */
  readonly suffix: string;
}

/** Ticks keyed items and reports what it did; see {@link tickItems}. */
export function planTicks(body: string, ticks: readonly ChecklistTick[]): TickPlan {
  const edits = ticks.map((t) => ({ key: t.key, suffix: formatTickNote(t) }));
  const result = applyKeyedTicks(parseChecklist(body), edits);
  if (result.ticked.length === 0) return { body, changed: false, ticked: [], skipped: result.skipped };
  return { body: serializeChecklist(result.doc), changed: true, ticked: result.ticked, skipped: result.skipped };
}

/** Ticks the keyed items not yet ticked and appends their note; returns the identical string when nothing changed. */
export function tickItems(body: string, ticks: readonly ChecklistTick[]): string {
  return planTicks(body, ticks).body;
}

/**
 * Applies tick edits to a parsed document under the rules above and records the ticked keys in its state.
 * Shared by ticking and merging, so a merge ticks exactly as a sync of the merged body would.
 */
export function applyKeyedTicks(
  doc: ChecklistDocument,
  edits: readonly KeyedTickEdit[],
): { doc: ChecklistDocument; ticked: string[]; skipped: { key: string; reason: TickSkipReason }[] } {
  const state = readChecklistState(doc);
  const remembered = new Set(state.ticked);
  const blocks: ChecklistBlock[] = [...doc.blocks];
  const ticked: string[] = [];
  const skipped: { key: string; reason: TickSkipReason }[] = [];
  const seen = new Set<string>();

  for (const edit of edits) {
    if (seen.has(edit.key)) continue;
    seen.add(edit.key);
    const indexes = blocks.flatMap((b, i) => (b.kind === "item" && b.key === edit.key ? [i] : []));
    if (indexes.length === 0) {
      skipped.push({ key: edit.key, reason: "not-in-checklist" });
      continue;
    }
    const open = indexes.filter((i) => !(blocks[i] as ItemBlock).checked);
    if (open.length === 0) {
      skipped.push({ key: edit.key, reason: "already-ticked" });
      continue;
    }
    if (remembered.has(edit.key)) {
      skipped.push({ key: edit.key, reason: "unticked-by-person" });
      continue;
    }
    for (const i of open) blocks[i] = tickBlock(blocks[i] as ItemBlock, edit.suffix);
    ticked.push(edit.key);
  }

  if (ticked.length === 0) return { doc, ticked, skipped };
  const newState = mergeChecklistStates(state, { ticked });
  return { doc: writeChecklistState({ blocks }, newState), ticked, skipped };
}

/** The text inserted after an item's own text when we tick it: ` — [note](link)`, ` — note` or ` — <link>`. */
export function formatTickNote(tick: ChecklistTick): string {
  const note = tick.note === undefined ? "" : escapeNote(tick.note);
  const link = tick.link !== undefined && isSafeUrl(tick.link) ? tick.link : undefined;
  if (note && link) return ` — [${note}](${link})`;
  if (note) return ` — ${note}`;
  if (link) return ` — <${link}>`;
  return "";
}

function tickBlock(item: ItemBlock, suffix: string): ItemBlock {
  const content = stripEol(item.raw);
  const eol = item.raw.slice(content.length);
  const boxed = `${content.slice(0, item.boxOffset)}x${content.slice(item.boxOffset + 1)}`;
  if (suffix === "") return { ...item, raw: boxed + eol, checked: true };
  // Insert the note where our key comment starts, keeping the spacing a person left before it.
  let cut = item.noteOffset;
  while (cut > item.boxOffset + 2 && (boxed[cut - 1] === " " || boxed[cut - 1] === "\t")) cut--;
  const spacing = boxed.slice(cut, item.noteOffset);
  const after = boxed.slice(item.noteOffset);
  const raw = `${boxed.slice(0, cut)}${suffix}${after === "" ? "" : spacing || " "}${after}${eol}`;
  return { ...item, raw, checked: true, noteOffset: cut + suffix.length + (after === "" ? 0 : spacing.length || 1) };
}

function escapeNote(note: string): string {
  return note
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\[\]<>`*_]/g, (c) => `\\${c}`);
}

function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>()[\]`"']+$/.test(url);
}
