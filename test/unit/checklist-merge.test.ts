/** mergeChecklist: a person's edit made between our read and our write is kept, with our ticks and status on top. */
import { describe, expect, it } from "vitest";
import { mergeChecklist } from "../../src/core/checklist/merge-checklist.js";
import { tickItems } from "../../src/core/checklist/tick-items.js";
import { replaceStatusSection } from "../../src/core/checklist/status-section.js";

const BASE = [
  "## Release candidate",
  "- [ ] RC tagged <!-- release-kit:rc-tagged -->",
  "- [ ] On PyPI <!-- release-kit:rc-on-pypi -->",
  "- [ ] Smoke test by hand",
  "",
  "<!-- release-kit:status:start -->",
  "old status",
  "<!-- release-kit:status:end -->",
  '<!-- release-kit:state {"ticked":[]} -->',
  "",
].join("\n");

/** What a sync computes from the body it read. */
const sync = (body: string): string =>
  replaceStatusSection(
    tickItems(body, [
      { key: "rc-tagged", note: "v1.20.0rc1", link: "https://example.test/v1.20.0rc1" },
      { key: "rc-on-pypi", note: "12 files" },
    ]),
    "new status\n",
  );

describe("mergeChecklist", () => {
  it("keeps a person's edit made between our read and our write, with our ticks and status on top", () => {
    const ours = sync(BASE);
    // The edit lands on GitHub after we read BASE and before we write `ours`.
    const theirs = BASE.replace(
      "- [ ] Smoke test by hand",
      "- [x] Smoke test by hand (done on Windows)\n- [ ] Check the docs",
    ).replace("- [ ] On PyPI", "- [ ] On PyPI, all 12 wheels");
    const merged = mergeChecklist(BASE, ours, theirs);
    expect(merged).toBe(
      [
        "## Release candidate",
        "- [x] RC tagged — [v1.20.0rc1](https://example.test/v1.20.0rc1) <!-- release-kit:rc-tagged -->",
        "- [x] On PyPI, all 12 wheels — 12 files <!-- release-kit:rc-on-pypi -->",
        "- [x] Smoke test by hand (done on Windows)",
        "- [ ] Check the docs",
        "",
        "<!-- release-kit:status:start -->",
        "new status",
        "<!-- release-kit:status:end -->",
        '<!-- release-kit:state {"ticked":["rc-on-pypi","rc-tagged"]} -->',
        "",
      ].join("\n"),
    );
    expect(merged).toBe(sync(theirs));
  });

  it("leaves an item the person ticked themselves in the meantime as they wrote it", () => {
    const ours = sync(BASE);
    const theirs = BASE.replace("- [ ] RC tagged", "- [x] RC tagged by hand");
    const merged = mergeChecklist(BASE, ours, theirs);
    expect(merged).toContain("- [x] RC tagged by hand <!-- release-kit:rc-tagged -->\n");
    expect(merged).toContain('{"ticked":["rc-on-pypi"]}');
  });

  it("is ours when nobody edited, and theirs when we changed nothing", () => {
    const ours = sync(BASE);
    expect(mergeChecklist(BASE, ours, BASE)).toBe(ours);
    const theirs = `${BASE}more text\n`;
    expect(mergeChecklist(BASE, BASE, theirs)).toBe(theirs);
  });

  it("does not tick an item the person deleted, and keeps their deletion", () => {
    const ours = sync(BASE);
    const theirs = BASE.replace("- [ ] On PyPI <!-- release-kit:rc-on-pypi -->\n", "");
    const merged = mergeChecklist(BASE, ours, theirs);
    expect(merged).not.toContain("rc-on-pypi -->");
    expect(merged).toContain("- [x] RC tagged");
  });
});
