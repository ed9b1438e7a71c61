/** Text and JSON renderings of a cut result, for the CLI, the action's job summary and `--json`. */
import { stepOf, type CutPlan } from "../../core/release-plan/plan-cut.js";
import type { CutResult } from "./cut-release.js";

/** The plan's steps as `--dry-run` prints them and `--json` returns them: one list, so the two never differ. */
export function planSteps(plan: CutPlan): { id: string; status: "todo" | "done"; summary: string }[] {
  return plan.steps.map(({ id, status, summary }) => ({ id, status, summary }));
}

/** The file edits of the version commit, or of the bump PR's commit (empty when the commit exists). */
export function planFileUpdates(plan: CutPlan): { path: string; from: string; to: string }[] {
  const step = plan.steps.find((s) => s.id === "commit" || (s.id === "pr-branch" && s.action !== "none"));
  const files = step && (step.id === "commit" || step.id === "pr-branch") ? step.files : [];
  return files.map(({ path, from, to }) => ({ path, from, to }));
}

/** The commit that holds the version: made by the apply, or already there (null in pull-request mode until merged). */
export function cutSha(result: CutResult): string | null {
  if (result.outcome?.sha) return result.outcome.sha;
  return result.plan.via === "direct" ? stepOf(result.plan, "commit").sha : null;
}

/** The release URL: made by the apply, or already published (null in pull-request mode: it comes after the merge). */
export function cutReleaseUrl(result: CutResult): string | null {
  if (result.plan.via === "pull-request") return null;
  return result.outcome?.releaseUrl ?? stepOf(result.plan, "release").existing?.url ?? null;
}

/** Pull-request mode: the version-bump pull request (opened, found, or to be opened by a dry run). */
export function cutPullRequest(
  result: CutResult,
): { number: number | null; url: string | null; branch: string; state: string } | null {
  if (result.plan.via !== "pull-request") return null;
  const step = stepOf(result.plan, "pull-request");
  const pull = result.outcome?.pullRequest ?? step.existing;
  if (!pull) return { number: null, url: null, branch: step.head, state: "to open" };
  return { number: pull.number, url: pull.url, branch: step.head, state: pull.merged ? "merged" : pull.state };
}

/** The plain-text report. */
export function renderCutText(result: CutResult): string {
  const { plan, outcome } = result;
  const lines = [
    `${plan.kind === "rc" ? "Release candidate" : "Final release"} ${plan.version} of ${plan.repo} (run ${plan.runId})`,
    "",
  ];
  lines.push("Pre-flight:");
  for (const p of plan.preflight) lines.push(`  ${p.status.padEnd(4)}  ${p.check}: ${p.detail}`);
  lines.push("");
  if (result.dryRun || !outcome) {
    lines.push("Dry run, nothing written. Would do:");
    for (const s of planSteps(plan))
      lines.push(`  ${s.status === "done" ? "already done" : "would do    "}  ${s.id.padEnd(7)} ${s.summary}`);
    for (const u of planFileUpdates(plan)) lines.push(`    ${u.path}: ${u.from} -> ${u.to}`);
    for (const s of result.nextDev?.plan.steps ?? [])
      lines.push(
        `  ${s.status === "done" ? "already done" : s.status === "skip" ? "skip        " : "would do    "}  ${s.id} ${s.summary}`,
      );
    const notes = result.notesPreview;
    if (notes) {
      lines.push(
        "",
        `Release notes GitHub will write (generate-notes for ${notes.tagName} at ${notes.targetCommitish.slice(0, 7)}, since ${notes.previousTagName ?? "the first commit"}):`,
      );
      for (const line of notes.body.trimEnd().split("\n")) lines.push(`  | ${line}`.trimEnd());
    }
  } else {
    lines.push("Steps:");
    for (const s of outcome.steps) lines.push(`  ${s.outcome.padEnd(12)}  ${s.id.padEnd(7)} ${s.detail}`);
    const pull = cutPullRequest(result);
    if (pull)
      lines.push(
        "",
        `branch        ${outcome.branch}`,
        `bump branch   ${pull.branch}`,
        `pull request  #${pull.number ?? "?"} ${pull.url ?? ""} (${pull.state})`,
        `next          once merged, the tag-on-bump workflow tags ${plan.tag} (release-kit detect, then ${plan.kind === "rc" ? `release-kit rc --version ${plan.baseVersion} --from-branch` : `release-kit final --version ${plan.baseVersion}`})`,
      );
    else
      lines.push(
        "",
        `branch   ${outcome.branch}`,
        `commit   ${outcome.sha}`,
        `tag      ${outcome.tag}`,
        `release  ${outcome.releaseUrl}`,
      );
    const nextDev = result.nextDev?.outcome;
    if (nextDev) {
      lines.push("", "Next development version:");
      for (const s of nextDev.steps) lines.push(`  ${s.outcome.padEnd(12)}  ${s.id} ${s.detail}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** The JSON report (stable keys, for scripts). */
export function cutJson(result: CutResult): Record<string, unknown> {
  const { plan, outcome } = result;
  return {
    kind: plan.kind,
    version: plan.version,
    rc: plan.rcNumber,
    tag: plan.tag,
    branch: plan.branch,
    runId: plan.runId,
    via: plan.via,
    dryRun: result.dryRun,
    preflight: plan.preflight,
    plan: planSteps(plan),
    fileUpdates: planFileUpdates(plan),
    sha: cutSha(result),
    releaseUrl: cutReleaseUrl(result),
    pullRequest: cutPullRequest(result),
    steps: outcome?.steps ?? null,
    ...(result.notesPreview && { notesPreview: result.notesPreview }),
    ...(result.nextDev && {
      nextDev: {
        version: result.nextDev.plan.version,
        branch: result.nextDev.plan.branch,
        action: result.nextDev.plan.action,
        reason: result.nextDev.plan.reason,
        plan: result.nextDev.plan.steps,
        pullUrl: result.nextDev.outcome?.pullUrl ?? result.nextDev.plan.pull?.url ?? null,
        steps: result.nextDev.outcome?.steps ?? null,
      },
    }),
  };
}

/** The job-summary Markdown table. */
export function renderCutSummary(result: CutResult): string {
  const { plan, outcome } = result;
  const rows = outcome
    ? outcome.steps.map((s) => `| ${s.id} | ${s.outcome} | ${s.detail.replace(/\|/g, "\\|")} |`)
    : planSteps(plan).map(
        (s) =>
          `| ${s.id} | ${s.status === "done" ? "already done" : "would do (dry run)"} | ${s.summary.replace(/\|/g, "\\|")} |`,
      );
  const nextDev = result.nextDev;
  if (nextDev?.outcome)
    rows.push(...nextDev.outcome.steps.map((s) => `| ${s.id} | ${s.outcome} | ${s.detail.replace(/\|/g, "\\|")} |`));
  else if (nextDev)
    rows.push(
      ...nextDev.plan.steps.map(
        (s) =>
          `| ${s.id} | ${s.status === "todo" ? "would do (dry run)" : s.status} | ${s.summary.replace(/\|/g, "\\|")} |`,
      ),
    );
  // A dry run shows the notes GitHub will write, folded, after the table.
  const notes = result.notesPreview
    ? [
        "<details><summary>Release notes GitHub will write</summary>",
        "",
        result.notesPreview.body.trimEnd(),
        "",
        "</details>",
        "",
      ]
    : [];
  return [
    `### ${plan.kind === "rc" ? "Release candidate" : "Release"} ${plan.version}`,
    "",
    "| step | outcome | detail |",
    "| --- | --- | --- |",
    ...rows,
    "",
    ...notes,
  ].join("\n");
}
