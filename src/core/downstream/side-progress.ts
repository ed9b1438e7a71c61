/**
 * What `downstream run` says about each side while it runs: when a side starts and finishes, when each of its steps
 * (prepare, build, test) starts and ends, and a heartbeat while a step runs, so an hour-long build is never an hour
 * of silence. Pure: the lines only.
 */
import { formatDuration } from "../wait-progress.js";
import type { Side } from "./outcomes.js";

/** The steps a side goes through, as the config's timeouts name them. */
export type SideStep = "prepare" | "build" | "test";

/** Which run of which job. */
export interface SideRunLabel {
  readonly name: string;
  readonly platform: string;
  readonly side: Side;
  readonly version: string;
  readonly attempt: number;
}

/** `onnxscript@ubuntu-latest: candidate 1.20.0rc1 #1`. */
export function sideLabel(run: SideRunLabel): string {
  return `${run.name}@${run.platform}: ${run.side} ${run.version} #${run.attempt}`;
}

/** A step and, where it is one command of several, which (`build (install)`). */
export function stepName(step: SideStep, command?: string): string {
  return command ? `${step} (${command})` : step;
}

/** `... started`. */
export function sideStartedLine(run: SideRunLabel): string {
  return `${sideLabel(run)} started`;
}

/** `... build (install) started`. */
export function stepStartedLine(run: SideRunLabel, step: string): string {
  return `${sideLabel(run)}: ${step} started`;
}

/** `... build passed in 2 min 5 s` or `... test failed in 40 s`. */
export function stepFinishedLine(run: SideRunLabel, step: string, ok: boolean, elapsedMs: number): string {
  return `${sideLabel(run)}: ${step} ${ok ? "passed" : "failed"} in ${formatDuration(elapsedMs)}`;
}

/** The heartbeat of a running step: `... build running for 1 min 30 s of 60 min (limit: timeout-minutes)`. */
export function stepHeartbeatLine(run: SideRunLabel, step: string, elapsedMs: number, limitMs: number): string {
  const limit =
    limitMs > 0 ? ` of ${formatDuration(limitMs)} (limit: timeout-minutes of ${run.name})` : " (no time limit)";
  return `${sideLabel(run)}: ${step} running for ${formatDuration(elapsedMs)}${limit}`;
}

/** `... finished: test-fail (link) in 40.2 s: <the log line that says why>`. */
export function sideFinishedLine(
  run: SideRunLabel,
  result: {
    readonly result: string;
    readonly reason?: string;
    readonly durationSeconds: number;
    readonly reasonLine?: string;
  },
): string {
  const why = result.reason ? ` (${result.reason})` : "";
  const line = result.reasonLine ? `: ${result.reasonLine}` : "";
  return `${sideLabel(run)} finished: ${result.result}${why} in ${result.durationSeconds} s${line}`;
}
