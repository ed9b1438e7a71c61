/** Property tests of the checklist against random human edits: re-rendering and merging change only what is ours. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHECKLIST_KEYS } from "../../src/core/checklist/checklist-keys.js";
import { mergeChecklist } from "../../src/core/checklist/merge-checklist.js";
import { parseChecklist, serializeChecklist, splitLines } from "../../src/core/checklist/parse-checklist.js";
import { renderChecklistBody } from "../../src/core/checklist/render-checklist-body.js";
import { replaceStatusSection } from "../../src/core/checklist/status-section.js";
import { tickItems } from "../../src/core/checklist/tick-items.js";

const template = readFileSync(join(import.meta.dirname, "../../checklists/release.md"), "utf8");
const VALUES = {
  version: "1.20.0",
  project: "onnx",
  repo: "onnx/onnx",
  branch: "rel-1.20.0",
  tag: "v1.20.0",
  "pypi-package": "onnx",
};
const KEYS = CHECKLIST_KEYS.map((k) => k.key);

/** The body as it stands after a few syncs: some keyed items ticked by us. */
const BASE = replaceStatusSection(
  tickItems(
    renderChecklistBody({
      template,
      values: VALUES,
      lessons: [
        {
          id: "1.19.0-1",
          version: "1.19.0",
          text: "Try the feedstock with an RC",
          origin: { url: "https://example.test/c/1", author: "alice" },
        },
      ],
      status: "status v1\n",
    }),
    KEYS.slice(0, 6).map((key) => ({ key, note: "done" })),
  ),
  "status v1\n",
);

const sync = (body: string): string =>
  replaceStatusSection(
    tickItems(
      body,
      KEYS.map((key) => ({ key, note: `${key} seen`, link: `https://example.test/${key}` })),
    ),
    "status v2\n",
  );

/** A line a person may type: anything on one line, task items, headings, fences, stray comments, a copied key. */
const humanLine = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, " ")),
  fc.constantFrom(
    "- [ ] new step by hand",
    "- [x] done by hand",
    "  - [ ] nested",
    "### Extra notes",
    "```",
    "<!-- hidden note",
    "-->",
    "- [ ] copied <!-- release-kit:final-tagged -->",
    "> quoted `code` $(whoami) ; rm -rf /",
    "",
  ),
);

type Edit = { kind: "insert"; at: number; line: string } | { kind: "toggle"; at: number };
const edits = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), line: humanLine }),
    fc.record({ kind: fc.constant("toggle" as const), at: fc.nat() }),
  ),
  { maxLength: 12 },
);

/** Applies a person's edits to the part of the body above the status section. */
function edit(body: string, ops: readonly Edit[]): string {
  const start = body.indexOf("<!-- release-kit:status:start -->");
  const lines = splitLines(body.slice(0, start));
  for (const op of ops) {
    if (op.kind === "insert") {
      lines.splice(op.at % (lines.length + 1), 0, `${op.line}\n`);
      continue;
    }
    const items = parseChecklist(lines.join("")).blocks.flatMap((b, i) => (b.kind === "item" ? [{ b, i }] : []));
    const target = items[op.at % Math.max(1, items.length)];
    if (!target) continue;
    // People tick and untick their own items; keyed items they only untick (ticking would be their call too,
    // but unticking is the case the automation must respect).
    if (target.b.key !== undefined && !target.b.checked) continue;
    const line = lines[target.i] ?? "";
    lines[target.i] = line.replace(/\[([ xX])\]/, (_m, c: string) => (c === " " ? "[x]" : "[ ]"));
  }
  return lines.join("") + body.slice(start);
}

/** The body without its status section and state line, as lines. */
function outsideStatus(body: string): string[] {
  return parseChecklist(body)
    .blocks.filter((b) => b.kind !== "status" && b.kind !== "state")
    .map((b) => b.raw);
}

describe("checklist edited by people (property)", () => {
  it("re-rendering an edited checklist changes nothing but keyed checkboxes and the status block", () => {
    fc.assert(
      fc.property(edits, (ops) => {
        const edited = edit(BASE, ops);
        expect(serializeChecklist(parseChecklist(edited))).toBe(edited);

        const synced = sync(edited);
        const before = outsideStatus(edited);
        const after = outsideStatus(synced);
        expect(after.length).toBe(before.length);
        const editedItems = new Map(
          parseChecklist(edited).blocks.flatMap((b) => (b.kind === "item" ? [[b.raw, b] as const] : [])),
        );
        const remembered = new Set(KEYS.slice(0, 6));
        const unexpected = before.flatMap((line, i) => {
          const now = after[i] ?? "";
          if (now === line) return [];
          // Only an open keyed item may change: its box ticked and a note inserted before its key comment,
          // and never one we ticked before (a person unticked it: it stays as they left it).
          const item = editedItems.get(line);
          const ok =
            item?.key !== undefined &&
            !item.checked &&
            !remembered.has(item.key) &&
            now.slice(0, item.boxOffset) === line.slice(0, item.boxOffset) &&
            now[item.boxOffset] === "x" &&
            now.endsWith(line.slice(item.noteOffset));
          return ok ? [] : [{ line, now }];
        });
        expect(unexpected).toEqual([]);
        // Syncing again changes nothing.
        expect(sync(synced)).toBe(synced);
      }),
      { numRuns: 1000 },
    );
  });

  it("merging our sync with a concurrent human edit equals syncing the edited body", () => {
    fc.assert(
      fc.property(edits, (ops) => {
        const theirs = edit(BASE, ops);
        expect(mergeChecklist(BASE, sync(BASE), theirs)).toBe(sync(theirs));
      }),
      { numRuns: 1000 },
    );
  });
});
