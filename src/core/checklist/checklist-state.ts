/**
 * The automation's memory inside the issue: which keyed items it has ticked. With it, an item a person unticked after
 * we ticked it stays unticked on the next sync (we know we already did our part). Kept as one hidden comment line.
 */
import { CHECKLIST_KEY_PATTERN } from "./markers.js";
import type { ChecklistDocument, StateBlock } from "./model.js";

/** What the automation remembers about a checklist. */
export interface ChecklistState {
  /** Keys the automation has ticked at some point, sorted. */
  readonly ticked: readonly string[];
}

/** The state recorded in a document (the first state block); empty when absent or unreadable. */
export function readChecklistState(doc: ChecklistDocument): ChecklistState {
  const block = doc.blocks.find((b): b is StateBlock => b.kind === "state");
  if (!block) return { ticked: [] };
  try {
    const parsed: unknown = JSON.parse(block.json);
    const ticked = (parsed as { ticked?: unknown } | null)?.ticked;
    if (!Array.isArray(ticked)) return { ticked: [] };
    // A person may have edited the comment: keep only well-formed keys.
    const keys = ticked.filter((k): k is string => typeof k === "string" && CHECKLIST_KEY_PATTERN.test(k));
    return { ticked: [...new Set(keys)].sort() };
  } catch {
    return { ticked: [] };
  }
}

/** The state comment line, without line ending. */
export function formatStateComment(state: ChecklistState): string {
  const ticked = [...new Set(state.ticked)].filter((k) => CHECKLIST_KEY_PATTERN.test(k)).sort();
  return `<!-- release-kit:state ${JSON.stringify({ ticked })} -->`;
}

/** Writes the state into the document: replaces the first state block, or appends one line at the end. */
export function writeChecklistState(doc: ChecklistDocument, state: ChecklistState): ChecklistDocument {
  const line = formatStateComment(state);
  const index = doc.blocks.findIndex((b) => b.kind === "state");
  if (index >= 0) {
    const old = doc.blocks[index] as StateBlock;
    const eol = /\r?\n$/.exec(old.raw)?.[0] ?? "";
    if (old.raw === line + eol) return doc;
    const json = line.slice("<!-- release-kit:state ".length, -" -->".length);
    const blocks = [...doc.blocks];
    blocks[index] = { kind: "state", raw: line + eol, json };
    return { blocks };
  }
  const blocks = [...doc.blocks];
  const last = blocks[blocks.length - 1];
  if (last && !last.raw.endsWith("\n")) blocks[blocks.length - 1] = { ...last, raw: `${last.raw}\n` };
  const json = line.slice("<!-- release-kit:state ".length, -" -->".length);
  blocks.push({ kind: "state", raw: `${line}\n`, json });
  return { blocks };
}

/** Union of two states. */
export function mergeChecklistStates(a: ChecklistState, b: ChecklistState): ChecklistState {
  return { ticked: [...new Set([...a.ticked, ...b.ticked])].sort() };
}
