/** Text, JSON and job-summary renderings of a publish result. */
import type { PublishResult } from "./publish-release.js";

/** The plain-text report. */
export function renderPublishText(result: PublishResult): string {
  const { plan, outcome } = result;
  const lines = [`Publish ${plan.tag} (${plan.package} ${plan.version}) of ${plan.repo}`, ""];
  if (result.dryRun || !outcome) {
    lines.push("Dry run, nothing dispatched. Would do:");
    for (const s of plan.steps)
      lines.push(
        `  ${s.status === "done" ? "already done" : s.status === "skip" ? "skip        " : "would do    "}  ${s.id.padEnd(8)} ${s.summary}`,
      );
    if (plan.action === "dispatch") {
      lines.push(
        "",
        `  POST /repos/${plan.repo}/actions/workflows/${plan.dispatch.workflow}/dispatches`,
        `  ${JSON.stringify({ ref: plan.dispatch.ref, inputs: plan.dispatch.inputs, return_run_details: true })}`,
      );
    }
  } else {
    lines.push("Steps:");
    for (const s of outcome.steps) lines.push(`  ${s.outcome.padEnd(12)}  ${s.id.padEnd(8)} ${s.detail}`);
    if (outcome.runUrl) lines.push("", `run      ${outcome.runUrl}`);
    for (const f of outcome.files) lines.push(`file     ${f.filename} sha256:${f.sha256}`);
  }
  return lines.join("\n") + "\n";
}

/** The JSON report (stable keys, for scripts). */
export function publishJson(result: PublishResult): Record<string, unknown> {
  const { plan, outcome } = result;
  return {
    tag: plan.tag,
    version: plan.version,
    kind: plan.kind,
    package: plan.package,
    indexUrl: plan.indexUrl,
    action: plan.action,
    dryRun: result.dryRun,
    dispatch: plan.dispatch,
    plan: plan.steps,
    runId: outcome?.runId ?? plan.run?.id ?? null,
    runUrl: outcome?.runUrl ?? plan.run?.url ?? null,
    files: outcome?.files ?? null,
    steps: outcome?.steps ?? null,
  };
}

/** The job-summary Markdown table. */
export function renderPublishSummary(result: PublishResult): string {
  const { plan, outcome } = result;
  const cell = (t: string) => t.replace(/\|/g, "\\|");
  const rows = outcome
    ? outcome.steps.map((s) => `| ${s.id} | ${s.outcome} | ${cell(s.detail)} |`)
    : plan.steps.map(
        (s) => `| ${s.id} | ${s.status === "todo" ? "would do (dry run)" : s.status} | ${cell(s.summary)} |`,
      );
  return [`### Publish ${plan.tag}`, "", "| step | outcome | detail |", "| --- | --- | --- |", ...rows, ""].join("\n");
}
