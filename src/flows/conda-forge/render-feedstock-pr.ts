/** Text, JSON and job-summary renderings of a feedstock PR result, with the recipe diff. */
import { unifiedDiff } from "../../core/text-diff.js";
import type { FeedstockPrPlan } from "../../core/feedstock-plan/plan-feedstock-pr.js";
import type { FeedstockPrResult } from "./conda-forge-pr.js";

/** The unified diff of every file the PR changes. */
export function feedstockDiff(plan: FeedstockPrPlan): string {
  return plan.files
    .map((f) =>
      unifiedDiff(f.before, f.after, {
        fromName: f.before === undefined ? "/dev/null" : `a/${f.path}`,
        toName: f.after === undefined ? "/dev/null" : `b/${f.path}`,
      }),
    )
    .join("");
}

/** The plain-text report. */
export function renderFeedstockPrText(result: FeedstockPrResult): string {
  const { plan, outcome } = result;
  const fork = outcome?.fork ?? plan.fork;
  const lines = [`${plan.title} -> ${plan.feedstock}:${plan.base} from ${fork}:${plan.branch}`, ""];
  for (const s of plan.sources) lines.push(`source  ${s.url}`, `        sha256 ${s.sha256} (${s.verification})`);
  for (const c of plan.carried) lines.push(`carried from rc: ${c.path} (${c.kind})`);
  for (const c of plan.conflicts) lines.push(`left for a maintainer: ${c.path}: ${c.reason}`);
  lines.push("");
  if (result.dryRun || !outcome) {
    lines.push("Dry run, nothing written. Would do:");
    if (plan.createBase) lines.push(`  create ${plan.feedstock}:${plan.createBase.branch} from the default branch`);
    if (plan.createFork)
      lines.push(`  fork ${plan.feedstock} to ${plan.fork} (GitHub names it; the apply uses its answer)`);
    lines.push(`  ${plan.push === "none" ? "keep" : plan.push} ${plan.fork}:${plan.branch}`);
    lines.push(
      `  ${plan.pull.action === "create" ? "open" : plan.pull.action === "update" ? "update" : "keep"} the PR`,
    );
    if (plan.requestRerender) lines.push("  ask for a rerender (once)");
    for (const p of plan.supersede) lines.push(`  close superseded ${p.url}`);
  } else {
    lines.push("Steps:");
    for (const s of outcome.steps) lines.push(`  ${s.outcome.padEnd(12)}  ${s.id.padEnd(9)} ${s.detail}`);
    lines.push("", `pr      ${outcome.prUrl}`, `branch  ${outcome.fork}:${outcome.branch}`, `commit  ${outcome.sha}`);
  }
  lines.push("", feedstockDiff(plan));
  return lines.join("\n");
}

/** The JSON report (stable keys). */
export function feedstockPrJson(result: FeedstockPrResult): Record<string, unknown> {
  const { plan, outcome } = result;
  return {
    version: plan.version,
    kind: plan.kind,
    feedstock: plan.feedstock,
    base: plan.base,
    fork: outcome?.fork ?? plan.fork,
    branch: plan.branch,
    title: plan.title,
    dryRun: result.dryRun,
    sources: plan.sources,
    files: plan.files.map((f) => f.path),
    carried: plan.carried.map(({ path, kind }) => ({ path, kind })),
    conflicts: plan.conflicts,
    requestRerender: plan.requestRerender,
    supersede: plan.supersede,
    upToDate: plan.upToDate,
    prUrl: outcome?.prUrl ?? (plan.pull.action === "create" ? null : plan.pull.url || null),
    sha: outcome?.sha ?? plan.branchSha,
    steps: outcome?.steps ?? null,
    diff: feedstockDiff(plan),
  };
}

/** The job summary: the PR, the sources and the recipe diff. */
export function renderFeedstockPrSummary(result: FeedstockPrResult): string {
  const { plan, outcome } = result;
  const pr = outcome?.prUrl ? `[${plan.title}](${outcome.prUrl})` : `${plan.title} (dry run: nothing written)`;
  const lines = [
    `### conda-forge: ${pr}`,
    "",
    `\`${outcome?.fork ?? plan.fork}:${plan.branch}\` → \`${plan.feedstock}:${plan.base}\``,
    "",
  ];
  lines.push("| source | sha256 | verified |", "| --- | --- | --- |");
  for (const s of plan.sources) lines.push(`| ${s.url} | \`${s.sha256}\` | ${s.verification.replace(/\|/g, "\\|")} |`);
  if (outcome) {
    lines.push("", "| step | outcome | detail |", "| --- | --- | --- |");
    for (const s of outcome.steps) lines.push(`| ${s.id} | ${s.outcome} | ${s.detail.replace(/\|/g, "\\|")} |`);
  }
  lines.push("", "```diff", feedstockDiff(plan).trimEnd(), "```", "");
  return lines.join("\n");
}
