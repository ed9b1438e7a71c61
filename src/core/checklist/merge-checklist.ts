/**
 * Three-way merge for a checklist a person edited between our read (`base`) and our write (`ours`): their body
 * (`theirs`) is kept as they left it, and our own changes are replayed on top — the keyed ticks we made, the status
 * section and the keys recorded in the state block. Our changes are small and well defined, so replaying them is exact where a line diff
 * would guess.
 */
import type { ChecklistDocument, ItemBlock, StatusBlock } from "./model.js";
import { parseChecklist, serializeChecklist, stripEol } from "./parse-checklist.js";
import { replaceStatusInDocument } from "./status-section.js";
import { applyKeyedTicks } from "./tick-items.js";
import type { KeyedTickEdit } from "./tick-items.js";

/** Keeps every edit in `theirs` and applies what `ours` changed relative to `base` (ticks, status, state). */
export function mergeChecklist(base: string, ours: string, theirs: string): string {
  if (theirs === base) return ours;
  if (ours === base) return theirs;
  const baseDoc = parseChecklist(base);
  const oursDoc = parseChecklist(ours);

  // Our state only ever grows by the keys we tick, so replaying the ticks also replays the state.
  let merged = applyKeyedTicks(parseChecklist(theirs), ourTicks(baseDoc, oursDoc)).doc;
  const baseStatus = statusOf(baseDoc);
  const oursStatus = statusOf(oursDoc);
  if (oursStatus !== undefined && oursStatus !== baseStatus) merged = replaceStatusInDocument(merged, oursStatus);
  const result = serializeChecklist(merged);
  return result;
}

/** The keyed items `ours` ticked that were open in `base`, with the note we inserted. */
function ourTicks(base: ChecklistDocument, ours: ChecklistDocument): KeyedTickEdit[] {
  const baseItems = new Map<string, ItemBlock>();
  for (const b of base.blocks)
    if (b.kind === "item" && b.key !== undefined && !baseItems.has(b.key)) baseItems.set(b.key, b);
  const edits: KeyedTickEdit[] = [];
  const seen = new Set<string>();
  for (const b of ours.blocks) {
    if (b.kind !== "item" || b.key === undefined || !b.checked || seen.has(b.key)) continue;
    seen.add(b.key);
    const before = baseItems.get(b.key);
    if (!before || before.checked) continue;
    edits.push({ key: b.key, suffix: insertedNote(before, b) });
  }
  return edits;
}

/** What we inserted before the key comment when ticking: the text before it in ours minus the same in base. */
function insertedNote(before: ItemBlock, after: ItemBlock): string {
  const was = stripEol(before.raw)
    .slice(before.boxOffset + 1, before.noteOffset)
    .trimEnd();
  const now = stripEol(after.raw)
    .slice(after.boxOffset + 1, after.noteOffset)
    .trimEnd();
  return now.startsWith(was) ? now.slice(was.length) : "";
}

function statusOf(doc: ChecklistDocument): string | undefined {
  return doc.blocks.find((b): b is StatusBlock => b.kind === "status")?.inner;
}
