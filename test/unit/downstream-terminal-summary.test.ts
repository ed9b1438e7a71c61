/**
 * The terminal summary of `downstream report`: counts on one line, a line per job that needs attention, the others
 * by name, one log excerpt per distinct failure (identical logs, up to numbers and temp paths, grouped as "same
 * failure in 3 runs: a, b, c"), and where the Markdown and the results are. No Markdown in it. The Markdown report
 * names a retry's log that says the same as one it showed instead of repeating it.
 */
import { describe, expect, it } from "vitest";
import type { DownstreamRun } from "../../src/core/downstream/outcomes.js";
import { renderReport } from "../../src/core/downstream/render-report.js";
import { distinctFailures, renderTerminalSummary } from "../../src/core/downstream/render-terminal-summary.js";
import type { DownstreamJobResult, DownstreamReport } from "../../src/core/downstream/shard-results.js";

const run = (side: DownstreamRun["side"], attempt: number, extra: Partial<DownstreamRun> = {}): DownstreamRun => ({
  side,
  version: side === "baseline" ? "1.19.0" : "1.20.0rc1",
  attempt,
  result: "test-pass",
  log: `../results/logs/x/${side}-${attempt}.log`,
  durationSeconds: 3,
  ...extra,
});
const linkTail = (seconds: number, dir: string) =>
  [
    "$ node build.mjs",
    `[ 50%] Building C object CMakeFiles/user.dir/user.c.o (${seconds} ms)`,
    `/usr/bin/ld: ${dir}/user.c.o: in function \`main':`,
    "user.c:(.text+0x15): undefined reference to `widget_abi_version'",
    "collect2: error: ld returned 1 exit status",
    "[release-kit] exit code 1",
  ].join("\n");
const linkFail = (attempt: number, seconds: number, dir: string): DownstreamRun =>
  run("candidate", attempt, {
    result: "build-fail",
    reason: "link",
    reasonLine: "user.c:(.text+0x15): undefined reference to `widget_abi_version'",
    tail: linkTail(seconds, dir),
    log: `../results/logs/abi-user@local/candidate-${attempt}.log`,
  });

const regressed: DownstreamJobResult = {
  name: "abi-user",
  platform: "local",
  category: "regressed",
  runs: [
    run("baseline", 1),
    linkFail(1, 120, "/tmp/abi-user-candidate-1-Ab12Cd"),
    linkFail(2, 98, "/tmp/abi-user-candidate-2-Xy34Zw"),
    linkFail(3, 131, "/tmp/abi-user-candidate-3-Qq99Rr"),
    run("baseline", 2),
  ],
};
const flaky: DownstreamJobResult = {
  name: "racy",
  platform: "local",
  category: "flaky",
  runs: [
    run("baseline", 1),
    run("candidate", 1, {
      result: "test-fail",
      reason: "unknown",
      tail: "$ node test.mjs\nracy: lost the race\n[release-kit] exit code 1",
    }),
    run("candidate", 2),
    run("baseline", 2),
  ],
};
const steady = (name: string): DownstreamJobResult => ({
  name,
  platform: "local",
  category: "same-test-pass",
  runs: [run("baseline", 1), run("candidate", 1)],
});
const report: DownstreamReport = {
  baseline: "1.19.0",
  candidate: "1.20.0rc1",
  counts: { regressed: 1, flaky: 1, "same-test-pass": 2 },
  downstreams: [regressed, flaky, steady("steady"), steady("calm")],
};

describe("the terminal summary of downstream report", () => {
  const text = renderTerminalSummary(report, {
    files: { summary: "report/summary.md", results: "report/results.json" },
    showLog: (log) => `report/${log}`,
  });

  it("starts with the comparison and the counts, then a line per job that needs attention", () => {
    const lines = text.split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "Downstream checks: 1.20.0rc1 against 1.19.0",
      "  regressed 1 · flaky 1 · same-test-pass 2 (4 jobs)",
    ]);
    expect(lines).toContain("Regressed (1)");
    expect(lines).toContain("  abi-user@local  baseline test-pass x2 · candidate build-fail (link) x3");
    expect(lines).toContain("  racy@local  baseline test-pass x2 · candidate test-fail (unknown), test-pass");
    expect(lines).toContain("Tests pass on both (2)");
    expect(lines).toContain("  steady@local, calm@local");
    expect(text).not.toMatch(/^#|\| ---|<details>|~~~/m);
  });

  it("shows one excerpt for three identical link failures, naming the three runs", () => {
    expect(text.match(/undefined reference to `widget_abi_version'/g)).toHaveLength(2); // the heading and the excerpt
    expect(text).toContain(
      "  1. build-fail (link): user.c:(.text+0x15): undefined reference to `widget_abi_version'\n" +
        "     same failure in 3 runs: abi-user@local candidate #1, abi-user@local candidate #2, abi-user@local candidate #3\n" +
        "     log: report/../results/logs/abi-user@local/candidate-1.log\n" +
        "     | $ node build.mjs\n",
    );
    expect(text).toContain("  2. test-fail (unknown)\n     in racy@local candidate #1\n");
    expect(text).toContain("     | racy: lost the race\n");
    // The runner's closing line is left out of the excerpt.
    expect(text).not.toContain("| [release-kit] exit code 1");
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "Markdown report: report/summary.md; all results: report/results.json",
    );
  });

  it("keeps failures apart when their logs differ in more than numbers and temp paths", () => {
    const other = linkFail(2, 98, "/tmp/x");
    const changed = {
      ...regressed,
      runs: [
        run("baseline", 1),
        linkFail(1, 1, "/tmp/y"),
        { ...other, reasonLine: "undefined reference to `widget_other'" },
      ],
    };
    const groups = distinctFailures({ ...report, downstreams: [changed] });
    expect(groups.map((g) => g.runs.length)).toEqual([1, 1]);
  });

  it("lists every job with its flake rate in an A/A calibration", () => {
    const calibrated = renderTerminalSummary({
      ...report,
      calibrate: true,
      downstreams: [{ ...steady("steady"), flakeRate: 0 }],
      counts: { "same-test-pass": 1 },
    });
    expect(calibrated).toContain("Downstream checks: 1.20.0rc1 against 1.19.0 (A/A calibration)");
    expect(calibrated).toContain("  steady@local  baseline test-pass · candidate test-pass  (flake rate 0%)");
  });

  it("in the Markdown report, shows a log once and names the retries whose log is the same", () => {
    const markdown = renderReport({ ...report, downstreams: [regressed] }, { fullReport: "the artifact" });
    expect(markdown.match(/<details>/g)).toHaveLength(1);
    expect(markdown).toContain(
      "  - candidate #2: build-fail (link), log <code>../results/logs/abi-user@local/candidate-2.log</code>: the same log as candidate #1\n",
    );
    expect(markdown).toContain(
      "candidate #3: build-fail (link), log <code>../results/logs/abi-user@local/candidate-3.log</code>: the same log as candidate #1",
    );
  });
});
