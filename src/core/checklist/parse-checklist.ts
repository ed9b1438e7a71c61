/**
 * Parses a checklist issue body, as people may have edited it, into blocks that keep every byte. Lines inside fenced
 * code and multi-line HTML comments are text: GitHub renders no checkbox there, so neither do we.
 */
import { KEY_COMMENT, LESSON_COMMENT, STATE_LINE, STATUS_END_LINE, STATUS_START_LINE } from "./markers.js";
import type { ChecklistBlock, ChecklistDocument, ItemBlock } from "./model.js";

// `s` flags: CommonMark ends lines only at \n or \r\n, so a U+2028 inside a line is ordinary text.
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/s;
const ITEM = /^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[)([ xX])\](?=[ \t]|$)(.*)$/s;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ANY_RELEASE_KIT_COMMENT = /<!--[ \t]*release-kit(?:-lesson)?:[^>]*?-->/g;

/** Parses a checklist body; `serializeChecklist(parseChecklist(body)) === body` for every string. */
export function parseChecklist(body: string): ChecklistDocument {
  const lines = splitLines(body);
  const statusRanges = findStatusRanges(lines);
  const blocks: ChecklistBlock[] = [];
  let fence: string | undefined;
  let inComment = false;
  let section: string | undefined;

  for (let i = 0; i < lines.length; i++) {
    const range = statusRanges.get(i);
    // Our markers are recognised even inside a fence or comment a person left open: they are unique machine lines,
    // and finding them keeps a broken fence from making us write a second status section or state.
    if (range !== undefined) {
      const raw = lines.slice(i, range + 1).join("");
      const inner = lines.slice(i + 1, range).join("");
      blocks.push({ kind: "status", raw, inner });
      i = range;
      continue;
    }
    const raw = lines[i] ?? "";
    const content = stripEol(raw);
    const state = STATE_LINE.exec(content);
    if (state) {
      blocks.push({ kind: "state", raw, json: state[1] ?? "" });
      continue;
    }

    if (fence !== undefined) {
      blocks.push({ kind: "text", raw });
      if (closesFence(content, fence)) fence = undefined;
      continue;
    }
    if (inComment) {
      blocks.push({ kind: "text", raw });
      if (content.includes("-->")) inComment = false;
      continue;
    }

    const fenceOpen = FENCE.exec(content);
    if (fenceOpen) {
      fence = fenceOpen[1];
      blocks.push({ kind: "text", raw });
      continue;
    }
    const heading = HEADING.exec(content);
    if (heading) {
      section = (heading[2] ?? "").trim();
      blocks.push({ kind: "heading", raw, level: heading[1]?.length ?? 1, title: section });
      continue;
    }
    const item = parseItem(raw, content, section);
    if (item) {
      blocks.push(item);
      continue;
    }
    if (opensComment(content)) inComment = true;
    blocks.push({ kind: "text", raw });
  }
  return { blocks };
}

/** Joins the blocks back into the body text. */
export function serializeChecklist(doc: ChecklistDocument): string {
  return doc.blocks.map((b) => b.raw).join("");
}

/** Splits text into lines that keep their line endings (`\n` or `\r\n`); the last line may have none. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The line without its trailing `\n` or `\r\n`. */
export function stripEol(line: string): string {
  return line.replace(/\r?\n$/, "");
}

function parseItem(raw: string, content: string, section: string | undefined): ItemBlock | undefined {
  const match = ITEM.exec(content);
  if (!match) return undefined;
  const prefix = match[1] ?? "";
  const rest = match[3] ?? "";
  const restOffset = prefix.length + 2;
  const keyMatch = KEY_COMMENT.exec(rest);
  const lessonMatch = LESSON_COMMENT.exec(rest);
  const text = rest.replace(ANY_RELEASE_KIT_COMMENT, "").trim();
  return {
    kind: "item",
    raw,
    checked: match[2] !== " ",
    ...(keyMatch ? { key: keyMatch[1] } : {}),
    ...(lessonMatch ? { lessonId: lessonMatch[1] } : {}),
    text,
    ...(section !== undefined ? { section } : {}),
    boxOffset: prefix.length,
    noteOffset: keyMatch ? restOffset + keyMatch.index : content.length,
  };
}

/** Pairs each status end marker with the closest start marker before it; an unpaired marker stays text. */
function findStatusRanges(lines: readonly string[]): Map<number, number> {
  const ranges = new Map<number, number>();
  let open = -1;
  lines.forEach((line, i) => {
    const content = stripEol(line);
    if (STATUS_START_LINE.test(content)) open = i;
    else if (STATUS_END_LINE.test(content) && open >= 0) {
      ranges.set(open, i);
      open = -1;
    }
  });
  return ranges;
}

function closesFence(content: string, fence: string): boolean {
  const trimmed = content.replace(/^ {0,3}/, "");
  const char = fence[0] ?? "`";
  let run = 0;
  while (trimmed[run] === char) run++;
  return run >= fence.length && trimmed.slice(run).trim() === "";
}

function opensComment(content: string): boolean {
  const start = content.lastIndexOf("<!--");
  return start >= 0 && !content.slice(start + 4).includes("-->");
}
