/**
 * Per-platform results of the dependent feedstocks built on conda-forge against a candidate: the platform read from
 * conda-forge's job names, the downstream categories per platform (a running build is pending, never a pass), and how
 * those results reach the downstream report, the checklist tick and the status.
 */
import { describe, expect, it } from "vitest";
import { ticksFromFacts } from "../../src/core/checklist/ticks-from-facts.js";
import { statusFacts } from "../../src/core/checklist/release-status.js";
import type { ChecklistSettings } from "../../src/core/checklist/checklist-settings.js";
import type { ReleaseFacts } from "../../src/core/checklist/release-facts.js";
import {
  classifyDependentChecks,
  platformOfCheck,
  type CiReport,
} from "../../src/core/dependents-plan/classify-dependent-checks.js";
import { mergeShardResults } from "../../src/core/downstream/merge-shard-results.js";
import type { ShardResults } from "../../src/core/downstream/shard-results.js";

const done = (name: string, conclusion: string): CiReport => ({ name, status: "completed", conclusion });
const running = (name: string): CiReport => ({ name, status: "in_progress", conclusion: null });
const job = (platform: string) =>
  `conda-forge.onnxruntime-feedstock (${platform.split("_")[0]} ${platform}_python3.12)`;

describe("per-platform results of a dependent feedstock on conda-forge", () => {
  it("reads the platform from conda-forge's job names and ignores checks that name none", () => {
    expect(platformOfCheck(job("linux_aarch64"))).toBe("linux-aarch64");
    expect(platformOfCheck("osx_arm64_numpy2python3.12.____cpython")).toBe("osx-arm64");
    expect(platformOfCheck("win_64_cuda_compiler_versionNone")).toBe("win-64");
    expect(platformOfCheck("linux_ppc64le")).toBe("linux-ppc64le");
    expect(platformOfCheck("conda-forge-linter")).toBeUndefined();
  });

  it("classifies each platform with the downstream categories; a running build is pending, never a pass", () => {
    const jobs = classifyDependentChecks({
      feedstock: "conda-forge/onnxruntime-feedstock",
      platforms: ["linux-64", "linux-aarch64", "osx-64", "osx-arm64", "win-64"],
      candidate: {
        label: "1.20.0rc1",
        reports: [
          done(job("linux_64"), "success"),
          done(job("linux_aarch64"), "failure"),
          done(job("osx_64"), "success"),
          running(job("osx_arm64")),
          done(job("win_64"), "success"),
          done("conda-forge-linter", "failure"),
        ],
      },
      baseline: {
        label: "main@abc1234",
        reports: [
          done(job("linux_64"), "success"),
          done(job("linux_aarch64"), "success"),
          done(job("osx_64"), "failure"),
          done(job("osx_arm64"), "success"),
          done(job("win_64"), "failure"),
        ],
      },
    });
    expect(Object.fromEntries(jobs.map((j) => [j.platform, j.category]))).toEqual({
      "linux-64": "same-test-pass",
      "linux-aarch64": "regressed",
      "osx-64": "fixed",
      "osx-arm64": "pending",
      "win-64": "fixed",
    });
    expect(jobs.every((j) => j.source === "conda-forge")).toBe(true);
  });

  it("counts one platform failed when any of its variants failed, and pending while one still runs", () => {
    const [linux] = classifyDependentChecks({
      feedstock: "f",
      platforms: ["linux-64"],
      candidate: { label: "rc", reports: [done("linux_64_cuda", "success"), done("linux_64_cpu", "failure")] },
      baseline: { label: "main", reports: [done("linux_64_cuda", "success"), running("linux_64_cpu")] },
    });
    expect(linux?.runs.map((r) => r.result)).toEqual(["pending", "build-fail"]);
    expect(linux?.category).toBe("pending");
  });

  it("is pending on every watched platform while the dependent has no PR for the candidate", () => {
    const jobs = classifyDependentChecks({
      feedstock: "f",
      platforms: ["linux-64", "win-64"],
      candidate: undefined,
      baseline: { label: "main", reports: [done("linux_64", "success")] },
    });
    expect(jobs.map((j) => j.category)).toEqual(["pending", "pending"]);
  });
});

describe("the dependents' results in the report, the checklist and the status", () => {
  const shard = (over: Partial<ShardResults>): ShardResults => ({
    shard: "1/1",
    baseline: "1.19.0",
    candidate: "1.20.0rc1",
    downstreams: [],
    ...over,
  });

  it("merges with the shards of the same candidate whatever its baseline, and refuses another candidate", () => {
    const dependents = shard({ shard: "conda-forge", source: "conda-forge", baseline: "default branches" });
    expect(mergeShardResults([dependents, shard({})]).baseline).toBe("1.19.0");
    expect(() => mergeShardResults([shard({}), { ...dependents, candidate: "1.20.0rc2" }])).toThrow(
      /conda-forge dependents --results --version 1\.20\.0rc1/,
    );
  });

  const settings = { version: "1.20.0", partners: [], repo: "acme/widget" } as unknown as ChecklistSettings;
  const facts = (dependents: { total: number; green: number; pending: number; failing: number }): ReleaseFacts => ({
    downstream: { candidate: "1.20.0rc2", baseline: "1.19.0", counts: {}, regressed: 0, dependents, at: "" },
  });

  it("ticks the keyed item only when every platform of every dependent is green", () => {
    const keys = (f: ReleaseFacts) => ticksFromFacts(f, settings).map((t) => t.key);
    expect(keys(facts({ total: 6, green: 6, pending: 0, failing: 0 }))).toContain("conda-forge-dependents-green");
    expect(keys(facts({ total: 6, green: 5, pending: 1, failing: 0 }))).not.toContain("conda-forge-dependents-green");
    expect(keys(facts({ total: 6, green: 5, pending: 0, failing: 1 }))).not.toContain("conda-forge-dependents-green");
  });

  it("shows the state in the status", () => {
    const rows = statusFacts(facts({ total: 6, green: 4, pending: 1, failing: 1 }), settings);
    expect(rows.find((r) => r.label === "conda-forge dependents")?.value).toBe(
      "4 of 6 platform builds green against 1.20.0rc2, 1 still building, 1 failing",
    );
  });
});
