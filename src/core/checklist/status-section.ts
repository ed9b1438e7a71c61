/**
 * The status section is the automation's own part of the issue: it lies between two marker comments and is replaced
 * wholesale on every sync, so nothing a person writes elsewhere is touched.
 */
import { STATUS_END, STATUS_START } from "./markers.js";
import type { ChecklistDocument, StatusBlock } from "./model.js";
import { parseChecklist, serializeChecklist } from "./parse-checklist.js";

/** The text between the status markers (first section), or undefined when the body has none. */
export function readStatusSection(body: string): string | undefined {
  return findStatus(parseChecklist(body))?.inner;
}

/** The status block with its markers around `inner`. */
export function formatStatusBlock(inner: string): string {
  const text = inner === "" || inner.endsWith("\n") ? inner : `${inner}\n`;
  return `${STATUS_START}\n${text}${STATUS_END}\n`;
}

/**
 * Replaces the content of the (first) status section; without one, inserts it before the state block or at the end.
 * Returns the identical string when the content is unchanged.
 */
export function replaceStatusSection(body: string, inner: string): string {
  const doc = parseChecklist(body);
  return serializeChecklist(replaceStatusInDocument(doc, inner));
}

/** {@link replaceStatusSection} on a parsed document. */
export function replaceStatusInDocument(doc: ChecklistDocument, inner: string): ChecklistDocument {
  const normalized = inner === "" || inner.endsWith("\n") ? inner : `${inner}\n`;
  const index = doc.blocks.findIndex((b) => b.kind === "status");
  const blocks = [...doc.blocks];
  if (index >= 0) {
    const old = blocks[index] as StatusBlock;
    if (old.inner === normalized) return doc;
    const eol = /\r?\n$/.exec(old.raw)?.[0] ?? "";
    const raw = formatStatusBlock(normalized).replace(/\n$/, eol);
    blocks[index] = { kind: "status", raw, inner: normalized };
    return { blocks };
  }
  const block: StatusBlock = { kind: "status", raw: formatStatusBlock(normalized), inner: normalized };
  const stateIndex = blocks.findIndex((b) => b.kind === "state");
  const at = stateIndex >= 0 ? stateIndex : blocks.length;
  const before = blocks[at - 1];
  if (before && !before.raw.endsWith("\n")) blocks[at - 1] = { ...before, raw: `${before.raw}\n` };
  blocks.splice(at, 0, block);
  return { blocks };
}

function findStatus(doc: ChecklistDocument): StatusBlock | undefined {
  return doc.blocks.find((b): b is StatusBlock => b.kind === "status");
}
