/** tickItems: keyed items ticked with a linked note, never unticked, a person's untick and wording respected. */
import { describe, expect, it } from "vitest";
import { planTicks, tickItems, formatTickNote } from "../../src/core/checklist/tick-items.js";
import { parseChecklist } from "../../src/core/checklist/parse-checklist.js";
import { readChecklistState } from "../../src/core/checklist/checklist-state.js";
import { replaceStatusSection, readStatusSection } from "../../src/core/checklist/status-section.js";

const BODY = [
  "## Release candidate",
  "",
  "- [ ] RC tagged <!-- release-kit:rc-tagged -->",
  "- [ ] On PyPI <!-- release-kit:rc-on-pypi -->",
  "- [ ] Smoke test by hand",
  "",
].join("\n");

const untick = (body: string, key: string): string =>
  body.replace(new RegExp(`- \\[x\\](.*<!-- release-kit:${key} -->)`), "- [ ]$1");

describe("tickItems", () => {
  it("ticks a keyed item with a linked note placed before its key and remembers it", () => {
    const out = tickItems(BODY, [{ key: "rc-tagged", note: "v1.20.0rc1", link: "https://example.test/t/v1.20.0rc1" }]);
    expect(out).toBe(
      [
        "## Release candidate",
        "",
        "- [x] RC tagged — [v1.20.0rc1](https://example.test/t/v1.20.0rc1) <!-- release-kit:rc-tagged -->",
        "- [ ] On PyPI <!-- release-kit:rc-on-pypi -->",
        "- [ ] Smoke test by hand",
        '<!-- release-kit:state {"ticked":["rc-tagged"]} -->',
        "",
      ].join("\n"),
    );
  });

  it("keeps an item a person unticked after we ticked it unticked on the next sync", () => {
    const ticked = tickItems(BODY, [{ key: "rc-tagged", note: "v1.20.0rc1" }]);
    const humanUnticked = untick(ticked, "rc-tagged");
    expect(humanUnticked).not.toBe(ticked);
    const plan = planTicks(humanUnticked, [{ key: "rc-tagged", note: "v1.20.0rc1" }]);
    expect(plan.changed).toBe(false);
    expect(plan.body).toBe(humanUnticked);
    expect(plan.skipped).toEqual([{ key: "rc-tagged", reason: "unticked-by-person" }]);
  });

  it("returns the identical string when there is nothing to tick", () => {
    const once = tickItems(BODY, [{ key: "rc-tagged" }]);
    expect(tickItems(once, [{ key: "rc-tagged" }, { key: "no-such-key" }])).toBe(once);
    expect(tickItems(BODY, [])).toBe(BODY);
  });

  it("never unticks and never records a box a person ticked", () => {
    const human = BODY.replace("- [ ] On PyPI", "- [x] On PyPI");
    const plan = planTicks(human, [{ key: "rc-on-pypi", note: "12 files" }]);
    expect(plan.body).toBe(human);
    expect(plan.skipped).toEqual([{ key: "rc-on-pypi", reason: "already-ticked" }]);
  });

  it("keeps a person's wording, spacing and text after the key comment", () => {
    const edited = "- [ ]   Tagged (see Slack)\t<!-- release-kit:rc-tagged --> thanks @bob\n";
    const out = tickItems(edited, [{ key: "rc-tagged", note: "v2" }]);
    expect(out.split("\n")[0]).toBe("- [x]   Tagged (see Slack) — v2\t<!-- release-kit:rc-tagged --> thanks @bob");
  });

  it("escapes a hostile note and refuses a non-http link", () => {
    expect(formatTickNote({ key: "k", note: "a\n<!-- x --> [y](z) `rm -rf`", link: "javascript:alert(1)" })).toBe(
      " — a \\<!-- x --\\> \\[y\\](z) \\`rm -rf\\`",
    );
    expect(formatTickNote({ key: "k", link: "https://example.test/x" })).toBe(" — <https://example.test/x>");
  });

  it("ticks every open item that carries the key", () => {
    const body = "- [ ] a <!-- release-kit:rc-tagged -->\n- [ ] b <!-- release-kit:rc-tagged -->\n";
    expect(tickItems(body, [{ key: "rc-tagged" }])).toBe(
      '- [x] a <!-- release-kit:rc-tagged -->\n- [x] b <!-- release-kit:rc-tagged -->\n<!-- release-kit:state {"ticked":["rc-tagged"]} -->\n',
    );
  });

  it("survives a state block a person broke: state reads as empty", () => {
    const body = `${BODY}<!-- release-kit:state {not json -->\n`;
    expect(readChecklistState(parseChecklist(body)).ticked).toEqual([]);
    expect(tickItems(body, [{ key: "rc-tagged" }])).toContain('<!-- release-kit:state {"ticked":["rc-tagged"]} -->');
  });
});

describe("status section", () => {
  it("is replaced wholesale, inserted before the state line when absent, and a no-op when unchanged", () => {
    const withState = tickItems(BODY, [{ key: "rc-tagged" }]);
    const once = replaceStatusSection(withState, "Status v1");
    expect(
      once.endsWith(
        '<!-- release-kit:status:start -->\nStatus v1\n<!-- release-kit:status:end -->\n<!-- release-kit:state {"ticked":["rc-tagged"]} -->\n',
      ),
    ).toBe(true);
    const twice = replaceStatusSection(once, "Status v2\n");
    expect(readStatusSection(twice)).toBe("Status v2\n");
    expect(twice.replace("Status v2", "Status v1")).toBe(once);
    expect(replaceStatusSection(twice, "Status v2\n")).toBe(twice);
  });
});
