/**
 * The final's gates as pre-flight lines, from observations built by hand: each gate passing, failing at error,
 * warning at warn, skipped when off or not configured, and "unknown" (a warning at any level) when evidence is missing.
 */
import { describe, expect, it } from "vitest";
import { ciVerdict } from "../../src/core/dependents-plan/classify-dependent-checks.js";
import {
  finalGateLines,
  type FinalGateSettings,
  type GateLevel,
  type ObservedFinalGates,
} from "../../src/core/release-plan/final-gates.js";

function gates(level: GateLevel): FinalGateSettings {
  return {
    downstreamRegressions: level,
    candidateFiles: level,
    feedstockCi: level,
    partnerIssues: level,
    downstream: { checklist: { title: "Release 1.20.0", labels: ["release"] } },
    index: { url: "https://pypi.org", package: "widget" },
    feedstock: { repo: "conda-forge/widget-feedstock", package: "widget" },
    partners: { project: "widget", repos: ["partner/app", "partner/lib"] },
  };
}

const candidate = { version: "1.20.0rc2", tag: "v1.20.0rc2" };
const context = { finalTag: null, baseVersion: "1.20.0" };
const pull = { number: 7, url: "https://github.com/conda-forge/widget-feedstock/pull/7", state: "open" as const };

const clean: ObservedFinalGates = {
  candidate,
  downstream: { source: "checklist #1", report: { candidate: "1.20.0rc2", baseline: "1.19.0", regressed: 0 } },
  candidateFiles: { indexUrl: "https://pypi.org", package: "widget", files: 12 },
  feedstock: {
    repo: "conda-forge/widget-feedstock",
    branch: "release-kit/widget-1.20.0rc2",
    pull: { ...pull, merged: false, ci: "success", notGreen: [] },
  },
  partners: [
    { repo: "partner/app", issue: { number: 3, url: "u", state: "closed" } },
    { repo: "partner/lib", issue: { number: 9, url: "u", state: "open", answeredBy: "lib-maintainer" } },
  ],
};

const troubled: ObservedFinalGates = {
  candidate,
  downstream: { source: "checklist #1", report: { candidate: "1.20.0rc2", baseline: "1.19.0", regressed: 3 } },
  candidateFiles: { indexUrl: "https://pypi.org", package: "widget", files: 0 },
  feedstock: {
    repo: "conda-forge/widget-feedstock",
    branch: "release-kit/widget-1.20.0rc2",
    pull: { ...pull, merged: false, ci: "pending", notGreen: ["linux_64 (running)"] },
  },
  partners: [
    { repo: "partner/app", issue: { number: 3, url: "u", state: "open" } },
    { repo: "partner/lib", issue: null },
  ],
};

const statuses = (level: GateLevel, obs: ObservedFinalGates) =>
  finalGateLines(gates(level), obs, context).map((l) => `${l.check}: ${l.status}`);

describe("the final's gates", () => {
  it("pass on a clean candidate, at any level but off", () => {
    for (const level of ["error", "warn"] as const)
      expect(statuses(level, clean)).toEqual([
        "downstream regressions: pass",
        "candidate files: pass",
        "feedstock CI: pass",
        "partner issues: pass",
      ]);
    expect(finalGateLines(gates("error"), clean, context).at(-1)?.detail).toBe(
      "partner/app#3 closed, partner/lib#9 answered by lib-maintainer",
    );
  });

  it("refuse the final at error and warn at warn, one line per gate naming what is wrong", () => {
    const lines = finalGateLines(gates("error"), troubled, context);
    expect(lines.map((l) => l.status)).toEqual(["fail", "fail", "fail", "fail"]);
    expect(lines[0]?.detail).toBe(
      "3 downstream project(s) regressed with 1.20.0rc2 against 1.19.0 (checklist #1): fix them in another candidate, or set final.gates.downstream-regressions: warn to release anyway",
    );
    expect(lines[1]?.detail).toBe(
      "widget 1.20.0rc2 has no file on https://pypi.org: publish the candidate first (release-kit publish --tag v1.20.0rc2)",
    );
    expect(lines[2]?.detail).toMatch(/^conda-forge\/widget-feedstock#7 \(1\.20\.0rc2\) CI is still running: linux_64/);
    expect(lines[3]?.detail).toMatch(/^not answered: partner\/app#3; partner\/lib has no issue of this release: wait/);
    const warned = finalGateLines(gates("warn"), troubled, context);
    expect(warned.map((l) => l.status)).toEqual(["warn", "warn", "warn", "warn"]);
    expect(warned[1]?.detail).toBe(
      "widget 1.20.0rc2 has no file on https://pypi.org (final.gates.candidate-files: warn)",
    );
  });

  it("skip when off, when not configured, once the final is tagged, and without a candidate", () => {
    expect(finalGateLines(gates("off"), troubled, context).map((l) => l.detail)).toEqual([
      "off (final.gates.downstream-regressions)",
      "off (final.gates.candidate-files)",
      "off (final.gates.feedstock-ci)",
      "off (final.gates.partner-issues)",
    ]);
    const bare: FinalGateSettings = {
      downstreamRegressions: "error",
      candidateFiles: "error",
      feedstockCi: "error",
      partnerIssues: "error",
    };
    expect(finalGateLines(bare, null, context).map((l) => `${l.status} ${l.detail}`)).toEqual([
      "skip not configured (downstream or conda-forge.dependents)",
      "skip not configured (pypi)",
      "skip not configured (conda-forge)",
      "skip not configured (partners)",
    ]);
    expect(finalGateLines(gates("error"), null, { ...context, finalTag: "v1.20.0" })[0]?.detail).toBe(
      "the final is tagged already (v1.20.0): nothing to gate",
    );
    expect(finalGateLines(gates("error"), null, context)[0]?.detail).toBe(
      "no candidate of 1.20.0 is tagged (--no-rc): nothing to look at",
    );
  });

  it("missing evidence is unknown: a warning at error too, never a pass", () => {
    const missing: ObservedFinalGates = {
      candidate,
      downstream: { source: "checklist #1", report: { candidate: "1.20.0rc1", baseline: "1.19.0", regressed: 0 } },
      candidateFiles: { indexUrl: "https://pypi.org", package: "widget", files: null, error: "HTTP 503" },
      feedstock: { repo: "conda-forge/widget-feedstock", branch: "release-kit/widget-1.20.0rc2", pull: null },
      partners: [{ repo: "partner/app", issue: null, error: "not found" }],
    };
    const lines = finalGateLines(gates("error"), missing, context);
    expect(lines.map((l) => l.status)).toEqual(["warn", "warn", "warn", "warn"]);
    expect(lines[0]?.detail).toMatch(
      /^unknown: the last downstream report \(checklist #1\) is of 1\.20\.0rc1, not of 1\.20\.0rc2: run the downstream checks/,
    );
    expect(lines[1]?.detail).toBe(
      "unknown: https://pypi.org could not be read: HTTP 503 (final.gates.candidate-files: error)",
    );
    expect(lines[3]?.detail).toBe(
      "unknown: partner/app could not be read (not found) (final.gates.partner-issues: error)",
    );
    const noReport = { ...missing, downstream: { source: "checklist #1", report: null } };
    expect(finalGateLines(gates("warn"), noReport, context)[0]?.detail).toMatch(
      /^unknown: no downstream report in checklist #1: /,
    );
  });

  it("a feedstock PR is green when merged or when its CI is; closed, failing, running or silent is not", () => {
    const with_ = (p: NonNullable<ObservedFinalGates["feedstock"]>["pull"]) =>
      finalGateLines(gates("error"), { ...clean, feedstock: { ...clean.feedstock!, pull: p } }, context)[2];
    expect(with_({ ...pull, state: "closed", merged: true })?.status).toBe("pass");
    expect(with_({ ...pull, state: "closed", merged: false })?.detail).toMatch(/was closed without merge/);
    expect(with_({ ...pull, merged: false, ci: "failure", notGreen: ["win_64 (failure)"] })?.detail).toMatch(
      /CI failed: win_64 \(failure\)/,
    );
    expect(with_({ ...pull, merged: false, ci: "none" })?.detail).toMatch(/has no CI result/);
  });

  it("CI verdicts: a running job is pending, a failure fails, nothing reported is none", () => {
    const run = (status: string, conclusion: string | null, name = "linux_64") => ({ name, status, conclusion });
    expect(ciVerdict([]).verdict).toBe("none");
    expect(ciVerdict([run("completed", "success"), run("in_progress", null, "osx_64")])).toEqual({
      verdict: "pending",
      notGreen: ["osx_64 (running)"],
    });
    expect(ciVerdict([run("completed", "success"), run("completed", "failure", "win_64")]).verdict).toBe("failure");
    expect(ciVerdict([run("completed", "success"), run("completed", "skipped", "lint")]).verdict).toBe("success");
  });
});
