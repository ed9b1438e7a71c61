/**
 * Dispatch mode: a downstream that tests in its own repository gets one `workflow_dispatch` per side, and the side's
 * result is the run's conclusion. The run is found from the dispatch answer (`return_run_details: true`), or, on a
 * server that answers 204 without it, by listing the workflow's runs for the one carrying our correlation id.
 * A run still going at the time limit is cancelled, so it does not hold the partner's runners for hours.
 * https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event
 * https://docs.github.com/rest/actions/workflow-runs#cancel-a-workflow-run
 */
import { randomUUID } from "node:crypto";
import { join, relative } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { appendText, makeDirectory } from "../../adapters/files.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { splitRepo, statusOf } from "../../adapters/github/requests.js";
import {
  fillDispatchInputs,
  outcomeOfConclusion,
  pollDelayMs,
  type DispatchedOutcome,
} from "../../core/downstream/dispatch-conclusion.js";
import type { DownstreamRun, Side } from "../../core/downstream/outcomes.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { waitLine } from "../../core/wait-progress.js";
import { startHeartbeat } from "../heartbeat.js";
import { reportProgress } from "../wait-reporter.js";
import { readTail } from "./run-side.js";
import type { DownstreamEntry } from "./settings.js";

/** The input a downstream workflow may declare so that its run can be found without `return_run_details`. */
export const CORRELATION_INPUT = "correlation-id";

/** Polls in a row that may fail (after the client's own retries) before the side is an infra error. */
const MAX_FAILED_POLLS = 5;

/** Tries of a cancel that meets an outage (5xx or no answer), and the first pause between them in ms. */
const CANCEL_ATTEMPTS = 3;
const CANCEL_RETRY_MS = 2_000;

/** How dispatch mode talks to GitHub and keeps time. */
export interface DispatchContext {
  readonly gh: GitHubClient;
  /** Where a run that timed out but could not be cancelled is reported (a warning: it may still be running). */
  readonly logger: Logger;
  /** First wait between polls in ms; later waits grow (see pollDelayMs). At least 30 s in production. */
  readonly pollMs: number;
  /** How long to wait for the run in ms; absent: until the signal aborts. A timeout is a failure. */
  readonly waitMs?: number;
  /** Waits; tests pass one that moves the sandbox clock instead. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The clock the wait limit is measured on (ms). */
  readonly now?: () => number;
  /** Runs (`owner/name#id`) already taken by a side of this shard, so two sides never claim the same run. */
  readonly claimed: Set<string>;
  /** How often the wait says what it waits for (default 30 s): polls back off to minutes apart. */
  readonly heartbeatMs?: number;
}

/** One side of a dispatched downstream. */
export interface DispatchSideContext {
  readonly outDir: string;
  readonly platform: string;
  readonly side: Side;
  readonly version: string;
  /** The version's tag, for `{tag}` in the inputs. */
  readonly tag: string;
  readonly artifact?: string;
  readonly attempt: number;
  readonly signal?: AbortSignal;
}

/** Dispatches the downstream's workflow for one side and waits for its conclusion; never throws. */
export async function dispatchSide(
  entry: DownstreamEntry,
  ctx: DispatchSideContext,
  dispatch: DispatchContext,
): Promise<DownstreamRun> {
  const logDir = join(ctx.outDir, "logs", `${entry.name}@${ctx.platform.replace(/[^\w.-]/g, "_")}`);
  const log = join(logDir, `${ctx.side}-${ctx.attempt}.log`);
  const now = dispatch.now ?? Date.now;
  const started = now();
  const write = async (line: string): Promise<void> => appendText(log, `${line}\n`);
  const finish = async (outcome: DispatchedOutcome, url?: string): Promise<DownstreamRun> => {
    await write(`[release-kit] ${outcome.result}${outcome.reason ? ` (${outcome.reason})` : ""}: ${outcome.detail}`);
    return {
      side: ctx.side,
      version: ctx.version,
      attempt: ctx.attempt,
      result: outcome.result,
      ...(outcome.reason !== undefined && outcome.result !== "test-pass" ? { reason: outcome.reason } : {}),
      detail: url ? `${outcome.detail}: ${url}` : outcome.detail,
      log: relative(ctx.outDir, log),
      durationSeconds: Math.round((now() - started) / 100) / 10,
      tail: await readTail(log),
    };
  };
  // The whole wait, from the dispatch to the conclusion, says every 30 s what it waits for, how long and its limit.
  const state = { detail: "dispatching" };
  const wait = {
    what: `${entry.name} ${ctx.side} ${ctx.version} #${ctx.attempt}: ${entry.workflow ?? "workflow"} in ${entry.repo}`,
    limitMs: dispatch.waitMs ?? Number.POSITIVE_INFINITY,
    limitSetting: "downstream-check.timeout-minutes",
  };
  const stop = startHeartbeat(
    () => reportProgress(dispatch.logger, waitLine(wait, now() - started, state.detail)),
    dispatch.heartbeatMs,
  );
  try {
    await makeDirectory(logDir);
    return await dispatchAndWait(entry, ctx, dispatch, write, finish, state);
  } catch (error) {
    return finish({ result: "error", reason: "unknown", detail: `internal error: ${errorMessage(error)}` });
  } finally {
    stop();
  }
}

async function dispatchAndWait(
  entry: DownstreamEntry,
  ctx: DispatchSideContext,
  dispatch: DispatchContext,
  write: (line: string) => Promise<void>,
  finish: (outcome: DispatchedOutcome, url?: string) => Promise<DownstreamRun>,
  state: { detail: string },
): Promise<DownstreamRun> {
  const { gh } = dispatch;
  const now = dispatch.now ?? Date.now;
  const sleep = dispatch.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const deadline = dispatch.waitMs === undefined ? undefined : now() + dispatch.waitMs;
  const { owner, repo } = splitRepo(entry.repo);
  const workflow = entry.workflow ?? "";

  // Step 1: the ref to dispatch on (the entry's, else the default branch) and the inputs of this side.
  let ref = entry.ref;
  try {
    ref ??= (await gh.rest.repos.get({ owner, repo })).data.default_branch;
  } catch (error) {
    return finish(requestFailure(error, `reading ${entry.repo}`));
  }
  const correlationId = `release-kit-${entry.name}-${ctx.side}-${ctx.attempt}-${randomUUID().slice(0, 8)}`;
  const inputs = fillDispatchInputs(entry.inputs, { version: ctx.version, tag: ctx.tag, artifact: ctx.artifact });
  const correlated = Object.hasOwn(inputs, CORRELATION_INPUT);
  if (correlated) inputs[CORRELATION_INPUT] = correlationId;

  // Step 2: dispatch. The runs present before are listed first: without a run id in the answer, ours is a new one.
  const where = { owner, repo, workflow, ref };
  let before: ReadonlySet<number>;
  try {
    before = new Set((await listDispatchedRuns(gh, where)).map((r) => r.id));
  } catch (error) {
    return finish(requestFailure(error, `listing the runs of ${workflow} in ${entry.repo}`));
  }
  await write(`$ dispatch ${entry.repo} ${workflow} on ${ref} with ${JSON.stringify(inputs)}`);
  state.detail = "dispatched, looking for its run";
  let runId: number | undefined;
  let url: string | undefined;
  try {
    const answer = await gh.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      owner,
      repo,
      workflow_id: workflow,
      ref,
      inputs,
      return_run_details: true,
    });
    const data = answer.data as { workflow_run_id?: unknown; html_url?: unknown } | undefined;
    if (typeof data?.workflow_run_id === "number") runId = data.workflow_run_id;
    if (typeof data?.html_url === "string") url = data.html_url;
  } catch (error) {
    return finish(requestFailure(error, `dispatching ${workflow} in ${entry.repo}`));
  }

  // Step 3: without a run id, find the run by listing (polls at the same pace as the wait).
  let poll = 0;
  let failedPolls = 0;
  while (runId === undefined) {
    if (deadline !== undefined && now() >= deadline) {
      return finish({ result: "error", reason: "timeout", detail: "the dispatched run never appeared" });
    }
    try {
      await sleep(pollDelayMs(poll++, dispatch.pollMs), ctx.signal);
    } catch {
      return finish({ result: "error", reason: "infra", detail: "stopped waiting: the job was cancelled" });
    }
    try {
      const runs = await listDispatchedRuns(gh, where);
      // A correlated run gets a few polls to show up by its id before the oldest new run is taken instead.
      const found = pickDispatchedRun(
        runs.filter((r) => !dispatch.claimed.has(`${entry.repo}#${r.id}`)),
        before,
        correlated ? correlationId : undefined,
        !correlated || poll > 3,
      );
      failedPolls = 0;
      runId = found?.id;
      if (found !== undefined && !found.byCorrelation) {
        await write(
          `[release-kit] took the oldest new run ${found.id}; put inputs.${CORRELATION_INPUT} in the workflow's run-name to find it for sure`,
        );
      }
    } catch (error) {
      if (++failedPolls >= MAX_FAILED_POLLS) return finish(requestFailure(error, "listing the workflow's runs"));
    }
  }
  dispatch.claimed.add(`${entry.repo}#${runId}`);
  await write(`[release-kit] run ${runId}${url ? ` (${url})` : ""}`);
  state.detail = `run ${runId}`;

  // Step 4: wait for it with back-off; a run that does not end in time is a failure, never a pass.
  poll = 0;
  failedPolls = 0;
  let lastStatus = "";
  for (;;) {
    try {
      const { data } = await gh.rest.actions.getWorkflowRun({ owner, repo, run_id: runId });
      failedPolls = 0;
      url = data.html_url;
      if (data.status !== lastStatus) await write(`[release-kit] status ${data.status ?? "unknown"} (${url})`);
      lastStatus = data.status ?? "";
      state.detail = `run ${runId} ${lastStatus || "status unknown"}`;
      if (data.status === "completed") return finish(outcomeOfConclusion(data.conclusion), data.html_url);
    } catch (error) {
      if (++failedPolls >= MAX_FAILED_POLLS) return finish(requestFailure(error, `reading run ${runId}`), url);
    }
    const wait = pollDelayMs(poll++, dispatch.pollMs);
    if (deadline !== undefined && now() + wait > deadline) {
      // One last look at the deadline itself, so a run that ends just in time still counts.
      try {
        if (now() < deadline) await sleep(deadline - now(), ctx.signal);
      } catch {
        return finish({ result: "error", reason: "infra", detail: "stopped waiting: the job was cancelled" }, url);
      }
      const last = await gh.rest.actions.getWorkflowRun({ owner, repo, run_id: runId }).catch(() => undefined);
      if (last?.data.status === "completed")
        return finish(outcomeOfConclusion(last.data.conclusion), last.data.html_url);
      url = last?.data.html_url ?? url;
      const minutes = Math.round(((dispatch.waitMs ?? 0) / 60_000) * 10) / 10;
      const timedOut = `run did not finish within ${minutes} min (downstream-check.timeout-minutes)`;
      // Best effort: whatever the cancel answers, the side stays a timeout; only the detail says what became of it.
      const cancel = await cancelRun(gh, { owner, repo, runId }, (ms) => sleep(ms, ctx.signal));
      await write(
        `[release-kit] ${cancel.cancelled ? "cancelled the run" : `could not cancel the run: ${cancel.why}`}`,
      );
      if (!cancel.cancelled) {
        dispatch.logger.warning(
          `${entry.name} (${ctx.side}): could not cancel run ${runId} after the timeout, it may still be running: ${cancel.why}: ${url ?? `${entry.repo} run ${runId}`}`,
        );
      }
      const detail = cancel.cancelled ? `${timedOut}; cancelled it` : `${timedOut}; could not cancel it: ${cancel.why}`;
      return finish({ result: "error", reason: "timeout", detail }, url);
    }
    try {
      await sleep(wait, ctx.signal);
    } catch {
      return finish({ result: "error", reason: "infra", detail: "stopped waiting: the job was cancelled" }, url);
    }
  }
}

/** Asks GitHub to cancel a run that outlived the wait; never throws, says why when it could not. */
async function cancelRun(
  gh: GitHubClient,
  run: { owner: string; repo: string; runId: number },
  pause: (ms: number) => Promise<void>,
): Promise<{ cancelled: true } | { cancelled: false; why: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      // The client's retries are off here: an outage is tried again below, fewer times and sooner than the client
      // would, since a cancel is a courtesy that must not hold up the report.
      const request = { retries: 0 };
      await gh.rest.actions.cancelWorkflowRun({ owner: run.owner, repo: run.repo, run_id: run.runId, request });
      return { cancelled: true };
    } catch (error) {
      const status = statusOf(error);
      const outage = status === undefined || status >= 500;
      if (!outage || attempt >= CANCEL_ATTEMPTS) return { cancelled: false, why: cancelFailure(error, run) };
    }
    try {
      await pause(CANCEL_RETRY_MS * attempt);
    } catch (error) {
      return { cancelled: false, why: `stopped trying: ${errorMessage(error)}` };
    }
  }
}

/** Why a cancel was refused, in words. */
function cancelFailure(error: unknown, run: { owner: string; repo: string }): string {
  const status = statusOf(error);
  // 409: the run completed between the last look and the cancel; it no longer holds a runner.
  if (status === 409) return "it had completed meanwhile (409)";
  if (status === 401 || status === 403) {
    return `the token may not (it needs actions: write on ${run.owner}/${run.repo}) (${status})`;
  }
  if (status === 404) return "the run was not found (404)";
  return errorMessage(error);
}

/** A run as listed: its id and its titles (display title and name). */
export interface ListedRun {
  readonly id: number;
  readonly title: string;
}

/** The newest dispatch runs of the workflow on the ref. */
async function listDispatchedRuns(
  gh: GitHubClient,
  where: { owner: string; repo: string; workflow: string; ref: string },
): Promise<ListedRun[]> {
  const { data } = await gh.rest.actions.listWorkflowRuns({
    owner: where.owner,
    repo: where.repo,
    workflow_id: where.workflow,
    event: "workflow_dispatch",
    branch: where.ref,
    per_page: 50,
  });
  return data.workflow_runs.map((r) => ({ id: r.id, title: `${r.display_title ?? ""} ${r.name ?? ""}` }));
}

/**
 * Our run among the listed ones: the one whose title (the workflow's `run-name`) carries the correlation id, else
 * (when `allowOldest`) the oldest run that is new since the dispatch.
 */
export function pickDispatchedRun(
  runs: readonly ListedRun[],
  before: ReadonlySet<number>,
  correlationId: string | undefined,
  allowOldest: boolean,
): { id: number; byCorrelation: boolean } | undefined {
  const fresh = runs.filter((r) => !before.has(r.id));
  if (correlationId !== undefined) {
    const hit = fresh.find((r) => r.title.includes(correlationId));
    if (hit) return { id: hit.id, byCorrelation: true };
  }
  if (!allowOldest) return undefined;
  const oldest = [...fresh].sort((a, b) => a.id - b.id)[0];
  return oldest === undefined ? undefined : { id: oldest.id, byCorrelation: false };
}

function requestFailure(error: unknown, doing: string): DispatchedOutcome {
  const status = statusOf(error);
  if (status === 404)
    return { result: "broken", reason: "unknown", detail: `${doing}: not found (check repo and workflow)` };
  if (status === 422)
    return { result: "broken", reason: "unknown", detail: `${doing}: refused (${errorMessage(error)})` };
  if (status === 401 || status === 403) {
    return { result: "error", reason: "infra", detail: `${doing}: the token may not (it needs actions: write there)` };
  }
  return {
    result: "error",
    reason: status === undefined ? "network" : "infra",
    detail: `${doing}: ${errorMessage(error)}`,
  };
}
