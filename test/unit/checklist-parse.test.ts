/** parseChecklist: every byte given back, sections, boxes and automation keys read as GitHub renders them. */
import { describe, expect, it } from "vitest";
import { parseChecklist, serializeChecklist } from "../../src/core/checklist/parse-checklist.js";
import type { ItemBlock } from "../../src/core/checklist/model.js";

const items = (body: string): ItemBlock[] =>
  parseChecklist(body).blocks.filter((b): b is ItemBlock => b.kind === "item");

describe("parseChecklist", () => {
  it("gives back every byte, CRLF and a missing final newline included", () => {
    const body = "## A\r\n- [ ] one <!-- release-kit:rc-tagged -->\r\n\r\n  * [X] two\ntext without newline";
    expect(serializeChecklist(parseChecklist(body))).toBe(body);
  });

  it("reads sections, boxes, keys and visible text", () => {
    const body = [
      "intro",
      "## Before the cut",
      "- [ ] RC tagged <!-- release-kit:rc-tagged -->",
      "- [x] Human item",
      "## Final ##",
      "1. [X] numbered <!-- release-kit-lesson:1.19.0-2 -->",
      "",
    ].join("\n");
    expect(
      items(body).map((i) => ({
        checked: i.checked,
        key: i.key,
        lessonId: i.lessonId,
        text: i.text,
        section: i.section,
      })),
    ).toEqual([
      { checked: false, key: "rc-tagged", lessonId: undefined, text: "RC tagged", section: "Before the cut" },
      { checked: true, key: undefined, lessonId: undefined, text: "Human item", section: "Before the cut" },
      { checked: true, key: undefined, lessonId: "1.19.0-2", text: "numbered", section: "Final" },
    ]);
  });

  it("sees no checkbox inside fenced code or a multi-line HTML comment, as GitHub renders none", () => {
    const body = [
      "```md",
      "- [ ] in code <!-- release-kit:rc-tagged -->",
      "```",
      "<!--",
      "- [ ] commented out <!-- release-kit:final-tagged",
      "-->",
      "- [ ] real <!-- release-kit:branch-created -->",
      "",
    ].join("\n");
    expect(items(body).map((i) => i.key)).toEqual(["branch-created"]);
  });

  it("finds the status section between its markers and the state line", () => {
    const body =
      'a\n<!-- release-kit:status:start -->\n- [ ] not an item\n<!-- release-kit:status:end -->\n<!-- release-kit:state {"ticked":[]} -->\n';
    const blocks = parseChecklist(body).blocks;
    expect(blocks.map((b) => b.kind)).toEqual(["text", "status", "state"]);
    expect(blocks[1]).toMatchObject({ inner: "- [ ] not an item\n" });
  });

  it("pairs an end marker with the nearest start, leaving a stray start as text", () => {
    const body =
      "<!-- release-kit:status:start -->\nstray\n<!-- release-kit:status:start -->\nS\n<!-- release-kit:status:end -->\n";
    const kinds = parseChecklist(body).blocks.map((b) => b.kind);
    expect(kinds).toEqual(["text", "text", "status"]);
  });

  it("does not take a malformed key (double dash, capitals) for an automation key", () => {
    expect(
      items("- [ ] a <!-- release-kit:rc--tagged -->\n- [ ] b <!-- release-kit:RC -->\n").map((i) => i.key),
    ).toEqual([undefined, undefined]);
  });
});
