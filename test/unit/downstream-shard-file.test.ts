/**
 * Reading shard results files from artifacts: what `downstream run` writes is accepted; a foreign, older or truncated
 * file stops the report with one line before any write.
 */
import { mkdtemp, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseShardResults } from "../../src/core/downstream/parse-shard-results.js";
import { InputError } from "../../src/core/errors.js";
import { writeReport } from "../../src/flows/downstream/write-report.js";

const good = {
  shard: "1/1",
  baseline: "1.19.0",
  candidate: "1.20.0rc1",
  downstreams: [
    {
      name: "a",
      platform: "ubuntu-latest",
      category: "same-test-pass",
      runs: [
        { side: "baseline", version: "1.19.0", attempt: 1, result: "test-pass", log: "a.log", durationSeconds: 1.5 },
      ],
    },
  ],
};

describe("shard results read from artifacts", () => {
  it("accepts what downstream run writes", () => {
    expect(parseShardResults(good, "results-shard-1.json").downstreams).toHaveLength(1);
  });
  it("names the file and the first problem of a foreign or older file", () => {
    const noDuration = structuredClone(good) as { downstreams: { runs: Record<string, unknown>[] }[] };
    delete noDuration.downstreams[0]!.runs[0]!.durationSeconds;
    expect(() => parseShardResults(noDuration, "x.json")).toThrow(
      /x\.json is not a downstream shard result \(downstreams\[0\]\.runs\[0\]\.durationSeconds is not a number\)/,
    );
    expect(() => parseShardResults([], "y.json")).toThrow(InputError);
    expect(() =>
      parseShardResults({ ...good, downstreams: [{ ...good.downstreams[0], category: "weird" }] }, "z.json"),
    ).toThrow(/category "weird" is unknown/);
  });
  it("reads files with a quoted log line, and older ones without it, and refuses an unknown reason", () => {
    const withQuote = structuredClone(good) as { downstreams: { runs: Record<string, unknown>[] }[] };
    Object.assign(withQuote.downstreams[0]!.runs[0]!, {
      result: "build-fail",
      reason: "link",
      reasonLine: "/usr/bin/ld: cannot find -lonnx_proto",
    });
    expect(parseShardResults(withQuote, "new.json").downstreams[0]!.runs[0]!.reasonLine).toBe(
      "/usr/bin/ld: cannot find -lonnx_proto",
    );
    const older = structuredClone(withQuote);
    delete older.downstreams[0]!.runs[0]!.reasonLine;
    older.downstreams[0]!.runs[0]!.reason = "oom";
    expect(parseShardResults(older, "old.json").downstreams[0]!.runs[0]!.reasonLine).toBeUndefined();
    const odd = structuredClone(withQuote);
    odd.downstreams[0]!.runs[0]!.reason = "cosmic-ray";
    expect(() => parseShardResults(odd, "odd.json")).toThrow(/odd\.json .*runs\[0\]\.reason "cosmic-ray" is unknown/);
    const bad = structuredClone(withQuote);
    bad.downstreams[0]!.runs[0]!.reasonLine = 42;
    expect(() => parseShardResults(bad, "bad.json")).toThrow(/runs\[0\]\.reasonLine is not a string/);
  });
  it("a truncated artifact stops the report with one line, before anything is written", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rk-shard-"));
    await mkdir(path.join(dir, "shard"), { recursive: true });
    await writeFile(path.join(dir, "shard", "results-shard-1.json"), JSON.stringify(good).slice(0, 40));
    await expect(
      writeReport([path.join(dir, "shard")], path.join(dir, "out"), { failOn: ["regressed"] }),
    ).rejects.toThrow(/is not valid JSON \(a truncated artifact\?\)/);
  });
});
