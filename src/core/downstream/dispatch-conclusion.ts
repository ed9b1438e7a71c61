/**
 * For a downstream that runs by dispatching its own workflow: what the run's conclusion means for its side, how
 * often to poll the run, and the inputs it is dispatched with. Pure.
 */
import type { FailureReason, SideResult } from "./outcomes.js";

/** What a dispatched workflow run's conclusion means for the side it ran. */
export interface DispatchedOutcome {
  readonly result: SideResult;
  readonly reason?: FailureReason;
  readonly detail: string;
}

// GitHub's conclusions of a completed workflow run. A run the downstream's CI cancelled or timed out says nothing
// about the code, so those are errors with a spurious reason and never a regression; nothing but `success` (and
// `neutral`, which GitHub shows as passing) counts as a pass.
// https://docs.github.com/rest/actions/workflow-runs (conclusion of a workflow run)
const CONCLUSIONS: Readonly<Record<string, DispatchedOutcome>> = {
  success: { result: "test-pass", detail: "workflow run succeeded" },
  neutral: { result: "test-pass", detail: "workflow run ended neutral" },
  failure: { result: "test-fail", reason: "unknown", detail: "workflow run failed" },
  skipped: { result: "test-skipped", detail: "workflow run was skipped" },
  cancelled: { result: "error", reason: "infra", detail: "workflow run was cancelled" },
  timed_out: { result: "error", reason: "timeout", detail: "workflow run timed out" },
  startup_failure: { result: "broken", reason: "unknown", detail: "workflow run could not start (startup_failure)" },
  action_required: { result: "error", reason: "infra", detail: "workflow run waits for an approval (action_required)" },
  stale: { result: "error", reason: "infra", detail: "workflow run went stale" },
};

/** Maps a completed run's conclusion to a side result; an unknown or missing conclusion is an error, never a pass. */
export function outcomeOfConclusion(conclusion: string | null | undefined): DispatchedOutcome {
  const known = conclusion === null || conclusion === undefined ? undefined : CONCLUSIONS[conclusion];
  return (
    known ?? {
      result: "error",
      reason: "unknown",
      detail: `workflow run ended with conclusion ${conclusion ?? "none"}`,
    }
  );
}

/**
 * The wait before poll `n` (0-based): `firstMs`, growing by half each poll up to ten times `firstMs`, so a long
 * run is polled less often but never more often than the configured interval.
 */
export function pollDelayMs(n: number, firstMs: number): number {
  return Math.round(Math.min(firstMs * 1.5 ** Math.max(0, n), firstMs * 10));
}

/** Fills `{version}`, `{tag}` and `{artifact}` in each input value. */
export function fillDispatchInputs(
  inputs: Readonly<Record<string, string>>,
  values: { readonly version: string; readonly tag: string; readonly artifact?: string },
): Record<string, string> {
  const filled: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) {
    filled[name] = value
      .replaceAll("{version}", values.version)
      .replaceAll("{tag}", values.tag)
      .replaceAll("{artifact}", values.artifact ?? values.version);
  }
  return filled;
}
