/**
 * The downstream report: merging shards, the retry list and durations, when to fail, and the Markdown summary and its
 * size cap.
 */
import { describe, expect, it } from "vitest";
import {
  buildDurations,
  buildRetryList,
  findFailingJobs,
  mergeShardResults,
} from "../../src/core/downstream/merge-shard-results.js";
import type { Category, DownstreamRun } from "../../src/core/downstream/outcomes.js";
import { renderReport } from "../../src/core/downstream/render-report.js";
import type { DownstreamJobResult, ShardResults } from "../../src/core/downstream/shard-results.js";

const pass = (side: "baseline" | "candidate", seconds = 10): DownstreamRun => ({
  side,
  version: side === "baseline" ? "1.0.0" : "2.0.0rc1",
  attempt: 1,
  result: "test-pass",
  log: `logs/${side}-1.log`,
  durationSeconds: seconds,
});
const job = (name: string, category: Category, extra: Partial<DownstreamJobResult> = {}): DownstreamJobResult => ({
  name,
  platform: "ubuntu",
  category,
  runs: [pass("baseline"), { ...pass("candidate"), result: "test-fail", reason: "unknown", tail: "E assert 1 == 2" }],
  ...extra,
});
const shard = (index: number, downstreams: DownstreamJobResult[]): ShardResults => ({
  shard: `${index}/2`,
  baseline: "1.0.0",
  candidate: "2.0.0rc1",
  downstreams,
});

describe("downstream report", () => {
  it("merges shards, counts categories and lets a later re-run replace an earlier result", () => {
    const report = mergeShardResults([
      shard(1, [job("b", "regressed"), job("a", "same-test-pass")]),
      shard(2, [job("c", "flaky")]),
      shard(1, [job("b", "fixed")]),
    ]);
    expect(report.downstreams.map((j) => [j.name, j.category])).toEqual([
      ["a", "same-test-pass"],
      ["b", "fixed"],
      ["c", "flaky"],
    ]);
    expect(report.counts).toEqual({ flaky: 1, fixed: 1, "same-test-pass": 1 });
  });

  it("refuses to merge shards that compared different versions", () => {
    expect(() => mergeShardResults([shard(1, []), { ...shard(2, []), candidate: "2.0.0rc2" }])).toThrow(
      /merge results of one comparison only/,
    );
  });

  it("lists regressed, spurious and prepare-fail jobs for a re-run, and durations for the next plan", () => {
    const report = mergeShardResults([
      shard(1, [
        job("r", "regressed"),
        job("s", "spurious-regressed"),
        job("p", "prepare-fail"),
        job("f", "flaky"),
        job("ok", "same-test-pass", { runs: [pass("baseline", 12.5), pass("candidate", 7.5)] }),
      ]),
    ]);
    expect(buildRetryList(report).map((e) => e.name)).toEqual(["p", "r", "s"]);
    expect(buildDurations(report)["ok"]).toBe(20);
  });

  it("fails on the configured categories, but never on a quiet downstream", () => {
    const report = mergeShardResults([
      shard(1, [
        job("loud", "regressed"),
        job("hushed", "regressed", { quiet: "known upstream bug #12" }),
        job("x", "flaky"),
      ]),
    ]);
    expect(findFailingJobs(report, ["regressed"]).map((j) => j.name)).toEqual(["loud"]);
    expect(findFailingJobs(report, ["regressed", "flaky"]).map((j) => j.name)).toEqual(["loud", "x"]);
  });

  it("renders counts first, then one section per category with log tails for the ones that need attention", () => {
    const report = mergeShardResults([shard(1, [job("r", "regressed"), job("ok", "same-test-pass")])]);
    const md = renderReport(report, { fullReport: "artifact downstream-report" });
    expect(md.indexOf("| regressed | 1 |")).toBeLessThan(md.indexOf("## Regressed (1)"));
    expect(md.indexOf("## Regressed (1)")).toBeLessThan(md.indexOf("## Tests pass on both (1)"));
    expect(md).toContain("E assert 1 == 2");
  });

  it("cuts the summary at the cap and points to the full artifact", () => {
    const big = Array.from({ length: 4000 }, (_, i) =>
      job(`d${String(i).padStart(4, "0")}`, "regressed", {
        runs: [pass("baseline"), { ...pass("candidate"), result: "test-fail", tail: "x".repeat(400) }],
      }),
    );
    const md = renderReport(mergeShardResults([shard(1, big)]), { fullReport: "artifact downstream-report" });
    expect(Buffer.byteLength(md, "utf8")).toBeLessThanOrEqual(900 * 1024);
    expect(md).toContain("The full report is in artifact downstream-report.");
    expect(md).toContain("| regressed | 4000 |");
  });

  it("quotes the log line behind a code reason instead of `test-fail (unknown)`, in the Markdown and the JSON", () => {
    const line =
      "E   ImportError: /site-packages/onnxruntime/capi/onnxruntime_pybind11_state.so: undefined symbol: _ZN4onnx18OpSchemaRegistry8InstanceEv";
    const linkLine = "main.cc:(.text+0x1a4): undefined reference to `onnx::Optimize(onnx::ModelProto const&)'";
    const report = mergeShardResults([
      shard(1, [
        job("onnxruntime", "regressed", {
          runs: [pass("baseline"), { ...pass("candidate"), result: "test-fail", reason: "abi", reasonLine: line }],
        }),
        job("tf2onnx", "same-build-fail", {
          runs: [
            { ...pass("baseline"), result: "build-fail", reason: "link", reasonLine: linkLine },
            { ...pass("candidate"), result: "build-fail", reason: "link", reasonLine: linkLine },
          ],
        }),
      ]),
    ]);
    const md = renderReport(report, { fullReport: "artifact downstream-report" });
    expect(md).toContain("candidate #1 test-fail (abi) in 10.0 s");
    expect(md).toContain(`  - candidate #1 abi: \`${line}\`\n`);
    // gcc quotes symbols with a backtick: the code span is fenced with two so it stays one span.
    expect(md).toContain(`  - baseline #1 link: \`\`${linkLine}\`\`\n`);
    expect(md).not.toContain("(unknown)");
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(json.downstreams.find((j) => j.name === "onnxruntime")?.runs[1]?.reasonLine).toBe(line);
  });
});
