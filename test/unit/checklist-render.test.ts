/**
 * The checklist templates and their rendering: every automation key once, only known placeholders, the documented
 * keys, and the rendered issue bodies (golden).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKLIST_KEYS, checkTemplateKeys } from "../../src/core/checklist/checklist-keys.js";
import { checklistProgress } from "../../src/core/checklist/checklist-progress.js";
import { fillPlaceholders, listPlaceholders } from "../../src/core/checklist/fill-placeholders.js";
import { parseChecklist } from "../../src/core/checklist/parse-checklist.js";
import { renderChecklistBody } from "../../src/core/checklist/render-checklist-body.js";
import { renderStatus } from "../../src/core/checklist/render-status.js";
import { formatDuration, renderTimeline } from "../../src/core/checklist/render-timeline.js";
import { tickItems } from "../../src/core/checklist/tick-items.js";
import { ConfigError } from "../../src/core/errors.js";

const root = join(import.meta.dirname, "../..");
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const golden = (name: string): string => join(import.meta.dirname, "checklist-golden", name);

/** The values the checklist flow supplies (documented in checklists/README.md). */
const VALUES = {
  version: "1.20.0",
  project: "onnx",
  repo: "onnx/onnx",
  branch: "rel-1.20.0",
  tag: "v1.20.0",
  "pypi-package": "onnx",
  feedstock: "conda-forge/onnx-feedstock",
  "conda-label": "onnx_rc",
  "next-version": "1.21.0",
};
const MILESTONES = [
  { id: "checklist-opened", label: "Checklist opened", at: "2025-09-01T09:00:00Z" },
  { id: "rc1-tagged", label: "RC1 tagged", at: "2025-09-03T14:20:00Z" },
  { id: "feedstock-pr-opened", label: "Feedstock PR opened", at: "2025-09-03T14:21:30Z" },
  { id: "feedstock-ci-green", label: "Feedstock CI green", at: "2025-09-03T17:05:00Z" },
  { id: "downstream-report", label: "Downstream report" },
  { id: "final-released", label: "Final released" },
];
const LESSON = {
  id: "1.19.0-1",
  version: "1.19.0",
  text: "Build the feedstock from the RC before the final",
  origin: { url: "https://github.com/onnx/onnx/issues/7000#issuecomment-1", author: "alice" },
};

describe("templates", () => {
  for (const path of ["checklists/release.md", "examples/onnx/checklists/release.md"]) {
    it(`${path} carries every automation key exactly once, only known placeholders, and all six sections`, () => {
      const text = read(path);
      const doc = parseChecklist(text);
      const keys = doc.blocks.flatMap((b) => (b.kind === "item" && b.key ? [b.key] : []));
      expect(checkTemplateKeys(keys, path)).toEqual([]);
      expect([...keys].sort()).toEqual(CHECKLIST_KEYS.map((k) => k.key).sort());
      expect(listPlaceholders(text).filter((p) => !(p in VALUES))).toEqual([]);
      const headings = doc.blocks.flatMap((b) => (b.kind === "heading" ? [b.title] : []));
      expect(headings).toEqual([
        "Before the cut",
        "Release candidate",
        "Downstream and partners",
        "conda-forge",
        "Final",
        "After the release",
      ]);
    });
  }

  it("fills the partner issue template with every placeholder known", () => {
    const text = fillPlaceholders(read("checklists/partner-issue.md"), {
      ...VALUES,
      "rc-version": "1.20.0rc1",
      "rc-tag": "v1.20.0rc1",
      deadline: "2025-09-20",
      "checklist-url": "https://github.com/onnx/onnx/issues/7000",
    });
    expect(text).toContain('pip install --pre "onnx==1.20.0rc1"');
    expect(text).toContain("conda-forge/label/onnx_rc");
    expect(text).not.toMatch(/\{[a-z-]+\}/);
  });

  it("refuses a template with a placeholder nobody fills, naming it", () => {
    expect(() => fillPlaceholders("Release {verison}", { version: "1" }, "checklists/release.md")).toThrow(
      new ConfigError("checklists/release.md: unknown placeholder {verison} (known: {version}); fix the template"),
    );
  });

  it("documents exactly the keys the core knows in checklists/README.md", () => {
    const documented = [...read("checklists/README.md").matchAll(/^\| `([a-z0-9-]+)` \| [a-z]/gm)].map((m) => m[1]);
    expect(documented).toEqual(CHECKLIST_KEYS.map((k) => k.key));
  });

  it("flags unknown and repeated keys", () => {
    expect(checkTemplateKeys(["rc-tagged", "rc-taged", "rc-tagged"], "t.md")).toHaveLength(2);
  });
});

describe("rendering (golden)", () => {
  it("renders the release checklist issue body", async () => {
    const body = renderChecklistBody({
      template: read("checklists/release.md"),
      values: VALUES,
      lessons: [LESSON],
      status: renderStatus({
        facts: [{ label: "Release branch", value: "`rel-1.20.0`" }],
        milestones: MILESTONES,
        next: "Cut RC1",
        title: "onnx 1.20.0",
      }),
    });
    await expect(body).toMatchFileSnapshot(golden("release-1.20.0.md"));
  });

  it("renders the ONNX checklist with the first ticks applied", async () => {
    const body = tickItems(
      renderChecklistBody({
        template: read("examples/onnx/checklists/release.md"),
        values: VALUES,
        lessons: [],
        status: "",
      }),
      [
        { key: "checklist-opened" },
        { key: "branch-created", note: "rel-1.20.0", link: "https://github.com/onnx/onnx/tree/rel-1.20.0" },
      ],
    );
    await expect(body).toMatchFileSnapshot(golden("onnx-1.20.0-ticked.md"));
  });

  it("renders the timeline as a mermaid gantt and a table", () => {
    expect(renderTimeline(MILESTONES, "onnx 1.20.0")).toBe(
      [
        "```mermaid",
        "gantt",
        "    title onnx 1.20.0",
        "    dateFormat YYYY-MM-DD HH:mm",
        "    axisFormat %b %d",
        "    section Steps",
        "    Checklist opened to RC1 tagged (2d 5h) :done, s1, 2025-09-01 09:00, 2025-09-03 14:20",
        "    RC1 tagged to Feedstock PR opened (1m) :done, s2, 2025-09-03 14:20, 2025-09-03 14:21",
        "    Feedstock PR opened to Feedstock CI green (2h 43m) :done, s3, 2025-09-03 14:21, 2025-09-03 17:05",
        "```",
        "",
        "| Milestone | When (UTC) | Took |",
        "| --- | --- | --- |",
        "| Checklist opened | 2025-09-01 09:00 | — |",
        "| RC1 tagged | 2025-09-03 14:20 | 2d 5h |",
        "| Feedstock PR opened | 2025-09-03 14:21 | 1m |",
        "| Feedstock CI green | 2025-09-03 17:05 | 2h 43m |",
        "| Downstream report | pending | |",
        "| Final released | pending | |",
        "",
      ].join("\n"),
    );
  });

  it("renders one milestone as a mermaid milestone, and none as a table of pending steps", () => {
    expect(renderTimeline([{ id: "a", label: "Checklist: opened", at: "2025-09-01T09:00:00Z" }])).toContain(
      "    Checklist opened :milestone, m1, 2025-09-01 09:00, 0d",
    );
    expect(renderTimeline([{ id: "a", label: "Final" }])).not.toContain("mermaid");
  });

  it("formats durations", () => {
    expect([0, 59_000, 60_000, 3_600_000, 5_400_000, 86_400_000, 90_000_000].map(formatDuration)).toEqual([
      "<1m",
      "<1m",
      "1m",
      "1h",
      "1h 30m",
      "1d",
      "1d 1h",
    ]);
  });
});

describe("checklistProgress", () => {
  it("counts done and total, automated and manual, and names the next open item", () => {
    const body = [
      "## Before the cut",
      "- [x] Opened <!-- release-kit:checklist-opened -->",
      "- [X] Date announced",
      "- [ ] Branch <!-- release-kit:branch-created -->",
      "```",
      "- [ ] inside code does not count",
      "```",
      "<!-- release-kit:status:start -->",
      "- [ ] inside status does not count",
      "<!-- release-kit:status:end -->",
      "",
    ].join("\n");
    expect(checklistProgress(body)).toEqual({
      done: 2,
      total: 3,
      automated: { done: 1, total: 2 },
      manual: { done: 1, total: 1 },
      next: { text: "Branch", section: "Before the cut", key: "branch-created" },
    });
  });
});
