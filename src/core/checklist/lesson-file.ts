/**
 * The format of `checklists/lessons/<version>.md` (documented in checklists/lessons/README.md): one `### <id>` entry per
 * lesson with its text and `- origin:`, `- author:`, `- retired:` lines, then the retirements of earlier releases'
 * lessons decided during this release. Plain Markdown, so people can review and edit it in a PR.
 */
import { LESSON_ID_PATTERN } from "./lesson.js";
import type { Lesson, LessonRetirement } from "./lesson.js";
import { splitLines, stripEol } from "./parse-checklist.js";

/** A parsed lesson file. */
export interface LessonFile {
  readonly version: string;
  readonly lessons: readonly Lesson[];
  /** Lessons of earlier releases retired during this one. */
  readonly retirements: readonly LessonRetirement[];
}

const TITLE = /^#[ \t]+Lessons from release[ \t]+(\S+)[ \t]*$/i;
const ENTRY = /^###[ \t]+(\S+)[ \t]*$/;
const META = /^-[ \t]+(origin|author|retired):[ \t]*(.*?)[ \t]*$/is;
const RETIRED_BY = /^by[ \t]+(\S+)(?:[ \t]+in[ \t]+(\S+))?$/i;
const RETIREMENT = /^-[ \t]+(\S+)(?:[ \t]+—[ \t]+by[ \t]+(\S+)(?:[ \t]+in[ \t]+(\S+))?)?[ \t]*$/;

/** True for the name of a lesson file, `<version>.md` (so `README.md` in the same folder is not read as one). */
export function isLessonFileName(name: string): boolean {
  return /^[0-9][0-9A-Za-z.+-]*\.md$/.test(name);
}

/** The version a lesson file's name stands for (`1.20.0.md` -> `1.20.0`). */
export function lessonFileVersion(name: string): string {
  return name.replace(/\.md$/, "");
}

/** Parses a lesson file; `version` is used when the file has no title line (e.g. from the file name). */
export function parseLessonFile(content: string, version?: string): LessonFile {
  let fileVersion = version ?? "";
  const lessons: Lesson[] = [];
  const retirements: LessonRetirement[] = [];
  let entry: { id: string; text: string[]; origin: string; author: string; retired?: string } | undefined;
  let inRetirements = false;

  const flush = (): void => {
    if (!entry) return;
    lessons.push(toLesson(entry, fileVersion));
    entry = undefined;
  };

  let fence = false;
  for (const raw of splitLines(content)) {
    const line = stripEol(raw);
    // Examples in fenced code (as in the format's README) are not lessons.
    if (/^ {0,3}(?:```|~~~)/.test(line)) fence = !fence;
    if (fence || /^ {0,3}(?:```|~~~)/.test(line)) continue;
    const title = TITLE.exec(line);
    if (title) {
      fileVersion = version ?? title[1] ?? "";
      continue;
    }
    const head = ENTRY.exec(line);
    if (head && LESSON_ID_PATTERN.test(head[1] ?? "")) {
      flush();
      inRetirements = false;
      entry = { id: head[1] ?? "", text: [], origin: "", author: "" };
      continue;
    }
    if (/^##[ \t]/.test(line)) {
      flush();
      inRetirements = /retire/i.test(line);
      continue;
    }
    if (inRetirements) {
      const r = RETIREMENT.exec(line);
      if (r && LESSON_ID_PATTERN.test(r[1] ?? "")) {
        retirements.push({ id: r[1] ?? "", origin: { author: r[2] ?? "", url: r[3] ?? "" } });
      }
      continue;
    }
    if (!entry) continue;
    const meta = META.exec(line);
    if (meta) {
      const field = (meta[1] ?? "").toLowerCase();
      const value = meta[2] ?? "";
      if (field === "origin") entry.origin = value;
      else if (field === "author") entry.author = value.replace(/^@/, "");
      else entry.retired = value;
      continue;
    }
    if (line.trim() === "" || /^<!--.*-->$/.test(line.trim())) continue;
    entry.text.push(unescapeTextLine(line.trim()));
  }
  flush();
  return { version: fileVersion, lessons, retirements };
}

/** Renders a lesson file in the canonical format. */
export function renderLessonFile(file: LessonFile): string {
  const out: string[] = [
    `# Lessons from release ${file.version}`,
    "",
    "<!-- Written by `release-kit lessons collect`. Edit a lesson's text freely; keep its id. Format: checklists/lessons/README.md -->",
    "",
  ];
  for (const lesson of file.lessons) {
    out.push(`### ${lesson.id}`, "", escapeTextLine(lesson.text), "");
    if (lesson.origin?.url) out.push(`- origin: ${lesson.origin.url}`);
    if (lesson.origin?.author) out.push(`- author: ${lesson.origin.author}`);
    out.push(`- retired: ${formatRetired(lesson.retired)}`, "");
  }
  if (file.retirements.length > 0) {
    out.push("## Retired lessons of earlier releases", "");
    for (const r of file.retirements) out.push(`- ${r.id}${formatBy(r.origin.author, r.origin.url, " — ")}`);
    out.push("");
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

function toLesson(
  entry: { id: string; text: string[]; origin: string; author: string; retired?: string },
  version: string,
): Lesson {
  const retired = parseRetired(entry.retired);
  return {
    id: entry.id,
    version,
    text: entry.text.join(" "),
    ...(entry.origin || entry.author ? { origin: { url: entry.origin, author: entry.author } } : {}),
    ...(retired ? { retired } : {}),
  };
}

function parseRetired(value: string | undefined): Lesson["retired"] {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === "" || /^no$/i.test(v)) return undefined;
  const by = RETIRED_BY.exec(v);
  if (by) return { by: (by[1] ?? "").replace(/^@/, ""), ...(by[2] ? { url: by[2] } : {}) };
  return {};
}

function formatRetired(retired: Lesson["retired"]): string {
  if (!retired) return "no";
  if (!retired.by) return "yes";
  return formatBy(retired.by, retired.url ?? "", "");
}

function formatBy(author: string, url: string, lead: string): string {
  if (!author) return "";
  return `${lead}by ${author}${url ? ` in ${url}` : ""}`;
}

/** Keeps a text line from being read back as a heading, a meta line or a comment. */
function escapeTextLine(text: string): string {
  const oneLine = text.replace(/\s*[\r\n]+\s*/g, " ").trim();
  return /^(?:[#\\]|-[ \t]|<!--|```|~~~)/.test(oneLine) ? `\\${oneLine}` : oneLine;
}

function unescapeTextLine(line: string): string {
  return line.startsWith("\\") ? line.slice(1) : line;
}
