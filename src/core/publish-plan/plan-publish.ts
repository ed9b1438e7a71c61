/**
 * Plans the publish hand-off from what was observed: a version already on the index is done and never
 * published again; a run of the workflow already dispatched for the tag (by an earlier, interrupted attempt)
 * is followed instead of dispatching a second one; otherwise the workflow is dispatched. Pure: `--dry-run`
 * prints this plan, `--json` returns it, tests compare it.
 */
import { ConflictError } from "../errors.js";
import type { ObservedRun, PublishObservation } from "./publish-observation.js";
import type { PublishSettings } from "./publish-settings.js";

/** One step of the hand-off and whether it is still to do. */
export interface PublishStep {
  readonly id: "dispatch" | "wait" | "index";
  readonly status: "todo" | "done" | "skip";
  readonly summary: string;
}

/** The dispatch request, exactly as it would be sent. */
export interface PublishDispatch {
  readonly workflow: string;
  readonly ref: string;
  readonly inputs: Readonly<Record<string, string>>;
}

/** The whole plan. */
export interface PublishPlan {
  readonly repo: string;
  readonly tag: string;
  readonly version: string;
  readonly kind: "rc" | "final";
  readonly package: string;
  readonly indexUrl: string;
  /** already-published: nothing to do; follow-run: wait for an earlier run; dispatch: start a new run. */
  readonly action: "already-published" | "follow-run" | "dispatch";
  readonly dispatch: PublishDispatch;
  /** The run to follow (action follow-run). */
  readonly run: ObservedRun | null;
  /** A finished earlier run that did not succeed, which a new dispatch replaces. */
  readonly failedRun: ObservedRun | null;
  /** Runs that existed before the dispatch: a dispatch answered without run details is the newest run not in here. */
  readonly knownRunIds: readonly number[];
  readonly steps: readonly PublishStep[];
}

/** The short name of a ref (`refs/tags/v1` -> `v1`), as GitHub reports a run's head_branch. */
export function shortRefName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, "");
}

/** True when an earlier run is still worth following: it is queued, running, or it succeeded. */
function isFollowable(run: ObservedRun): boolean {
  return run.status !== "completed" || run.conclusion === "success";
}

/** Plans the hand-off. Throws ConflictError when the tag is missing or the dispatch would build other code. */
export function planPublish(settings: PublishSettings, obs: PublishObservation): PublishPlan {
  const dispatch: PublishDispatch = { workflow: settings.workflow, ref: settings.ref, inputs: settings.inputs };
  const base = {
    repo: settings.repo,
    tag: settings.tag,
    version: settings.version,
    kind: settings.kind,
    package: settings.package,
    indexUrl: settings.indexUrl,
    dispatch,
  };
  const where = `${settings.package} ${settings.indexVersion} on ${settings.indexUrl}`;
  if (obs.indexFiles.length > 0) {
    return {
      ...base,
      action: "already-published",
      run: null,
      failedRun: null,
      knownRunIds: [],
      steps: [
        { id: "dispatch", status: "skip", summary: `not needed: ${where} is already published` },
        { id: "wait", status: "skip", summary: "no run to wait for" },
        { id: "index", status: "done", summary: `${where}: ${obs.indexFiles.map((f) => f.filename).join(", ")}` },
      ],
    };
  }
  if (obs.tagCommit === null) {
    throw new ConflictError(
      `tag ${settings.tag} does not exist in ${settings.repo}: cut it first with \`release-kit ${settings.kind} --version ...\`, then publish`,
    );
  }
  if (obs.refCommit === null) {
    throw new ConflictError(
      `publish.ref "${settings.ref}" does not exist in ${settings.repo}: set publish.ref to "{tag}" or to a branch that exists`,
    );
  }
  if (obs.refCommit !== obs.tagCommit) {
    throw new ConflictError(
      `publish.ref "${settings.ref}" is at ${obs.refCommit.slice(0, 7)}, not at ${settings.tag} (${obs.tagCommit.slice(0, 7)}), so the workflow would build other code: dispatch on "{tag}", or cut a new candidate from the branch head`,
    );
  }
  const ours = obs.runs.filter(
    (r) =>
      r.event === "workflow_dispatch" &&
      r.headSha === obs.tagCommit &&
      (r.headBranch === null || r.headBranch === shortRefName(settings.ref)),
  );
  const latest = ours[0] ?? null;
  const knownRunIds = obs.runs.map((r) => r.id);
  const indexStep: PublishStep = {
    id: "index",
    status: "todo",
    summary: `wait until ${where} lists the files (limit ${Math.round(settings.indexWaitMs / 60_000)} min)`,
  };
  const timeout = `limit ${Math.round(settings.timeoutMs / 60_000)} min`;
  if (latest && isFollowable(latest)) {
    const finished = latest.status === "completed";
    return {
      ...base,
      action: "follow-run",
      run: latest,
      failedRun: null,
      knownRunIds,
      steps: [
        { id: "dispatch", status: "done", summary: `run ${latest.id} was already dispatched: ${latest.url}` },
        {
          id: "wait",
          status: finished ? "done" : "todo",
          summary: finished ? `run ${latest.id} succeeded` : `wait for run ${latest.id} (${latest.status}, ${timeout})`,
        },
        indexStep,
      ],
    };
  }
  const inputs = Object.entries(settings.inputs)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  return {
    ...base,
    action: "dispatch",
    run: null,
    failedRun: latest,
    knownRunIds,
    steps: [
      {
        id: "dispatch",
        status: "todo",
        summary:
          `dispatch ${settings.workflow} on ${settings.ref}${inputs ? ` with ${inputs}` : ""}` +
          (latest ? ` (run ${latest.id} ended ${latest.conclusion ?? latest.status}: ${latest.url})` : ""),
      },
      { id: "wait", status: "todo", summary: `wait for the run to succeed (${timeout})` },
      indexStep,
    ],
  };
}
