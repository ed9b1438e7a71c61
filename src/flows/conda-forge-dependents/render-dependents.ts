/** Text, JSON and job-summary renderings of `conda-forge dependents`, with each dependent's diff. */
import type { DependentsResult } from "./conda-forge-dependents.js";
import { feedstockDiff } from "../conda-forge/render-feedstock-pr.js";

function prUrlOf(d: DependentsResult["dependents"][number]): string | null {
  return d.outcome?.prUrl ?? (d.plan.pull.action === "create" ? null : d.plan.pull.url || null);
}

/** The plain-text report: per dependent what was (or would be) done, then its diff. */
export function renderDependentsText(result: DependentsResult): string {
  const lines: string[] = [];
  if (result.label) lines.push(`label   ${result.label.url}: listed after ${result.label.tries} check(s)`, "");
  if (result.kind === "final") {
    if (!result.finalMerged)
      lines.push(`The final ${result.version} is not merged in its feedstock yet: nothing to close.`);
    for (const c of result.closed) lines.push(`${c.outcome.padEnd(14)} ${c.feedstock} ${c.url}`);
    return lines.join("\n") + "\n";
  }
  for (const d of result.dependents) {
    const { plan, outcome } = d;
    lines.push(`${plan.title} -> ${plan.feedstock}:${plan.base} from ${plan.fork}:${plan.branch} (${plan.mode})`);
    if (plan.channelSources) lines.push(`  channel_sources ${plan.channelSources}`);
    for (const p of plan.pins) lines.push(`  pin ${p.path}:${p.line} ${p.verdict}: ${p.after.trim()}`);
    if (plan.candidateSource)
      lines.push(`  source ${plan.candidateSource.url}`, `         sha256 ${plan.candidateSource.sha256}`);
    for (const p of plan.sourcePatches)
      lines.push(`  patch  ${p}, applied to the candidate's sources by each build script`);
    if (plan.patchTools.length > 0) lines.push(`  build requirements + ${plan.patchTools.join(", ")}`);
    if (result.dryRun || !outcome) {
      lines.push(
        `  dry run, would: ${plan.createFork ? "fork, " : ""}${plan.push === "none" ? "keep" : plan.push} the branch, ${plan.pull.action === "create" ? "open the draft PR" : plan.pull.action === "update" ? "update the PR" : "keep the PR"}${plan.requestRerender ? ", ask for a rerender (once)" : ""}`,
      );
    } else {
      for (const s of outcome.steps) lines.push(`  ${s.outcome.padEnd(12)}  ${s.id.padEnd(9)} ${s.detail}`);
      lines.push(`  pr ${outcome.prUrl}`);
    }
    lines.push(`  requests ${d.requests}`, "", feedstockDiff(plan));
  }
  return lines.join("\n");
}

/** The JSON report (stable keys). */
export function dependentsJson(result: DependentsResult): Record<string, unknown> {
  return {
    version: result.version,
    kind: result.kind,
    dryRun: result.dryRun,
    label: result.label,
    finalMerged: result.finalMerged,
    closed: result.closed,
    requests: result.requests,
    dependents: result.dependents.map((d) => ({
      feedstock: d.feedstock,
      mode: d.plan.mode,
      base: d.plan.base,
      fork: d.outcome?.fork ?? d.plan.fork,
      branch: d.plan.branch,
      title: d.plan.title,
      draft: true,
      files: d.plan.files.map((f) => f.path),
      channelSources: d.plan.channelSources,
      pins: d.plan.pins,
      source: d.plan.candidateSource,
      sourcePatches: d.plan.sourcePatches,
      patchTools: d.plan.patchTools,
      requestRerender: d.plan.requestRerender,
      pull: d.plan.pull.action,
      prUrl: prUrlOf(d),
      sha: d.outcome?.sha ?? d.plan.branchSha,
      steps: d.outcome?.steps ?? null,
      requests: d.requests,
      diff: feedstockDiff(d.plan),
    })),
  };
}

/** The job summary: one row per dependent. */
export function renderDependentsSummary(result: DependentsResult): string {
  const lines = [`### conda-forge dependents against ${result.version}`, ""];
  if (result.kind === "final") {
    lines.push(
      result.finalMerged
        ? "The final is merged in its feedstock; the dependents' PRs:"
        : "The final is not merged yet.",
    );
    for (const c of result.closed) lines.push(`- ${c.feedstock}: ${c.outcome} ${c.url}`);
    return lines.join("\n") + "\n";
  }
  lines.push("| feedstock | mode | PR | files |", "| --- | --- | --- | --- |");
  for (const d of result.dependents) {
    const url = prUrlOf(d);
    lines.push(
      `| ${d.feedstock} | ${d.plan.mode} | ${url ? `[draft PR](${url})` : "dry run"} | ${d.plan.files.map((f) => `\`${f.path}\``).join(", ")} |`,
    );
  }
  return lines.join("\n") + "\n";
}
