/**
 * What a wait says while it waits: what it waits for, how long it has waited and its limit. Every wait of
 * release-kit (a workflow run, the package index, a source archive, a conda label) prints this line at least every
 * `HEARTBEAT_MS`, so a person at a terminal or a CI log never sees minutes of silence and always knows the limit
 * and the flag that raises it.
 */

/** The longest a wait stays silent. */
export const HEARTBEAT_MS = 30_000;

/** One running wait. */
export interface WaitDescription {
  /** What is awaited, e.g. `widget 1.20.0rc1 on https://pypi.org/simple`. */
  readonly what: string;
  /** The wait's limit in ms (0: no waiting; Infinity: none, the wait goes on until stopped). */
  readonly limitMs: number;
  /** Where the limit is set, e.g. `publish.index-wait-minutes / --index-wait-minutes`. */
  readonly limitSetting: string;
}

/** `45 s`, `2 min 5 s`, `15 min`, `1 h 30 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes < 60) return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  const hours = Math.floor(minutes / 60);
  const mins = minutes % 60;
  return mins === 0 ? `${hours} h` : `${hours} h ${mins} min`;
}

/** The heartbeat line: `waiting for X (detail): 1 min 30 s of 15 min (limit: setting)`. */
export function waitLine(wait: WaitDescription, elapsedMs: number, detail?: string): string {
  const state = detail ? ` (${detail})` : "";
  if (!Number.isFinite(wait.limitMs))
    return `waiting for ${wait.what}${state}: ${formatDuration(elapsedMs)}, no limit (set one: ${wait.limitSetting})`;
  return `waiting for ${wait.what}${state}: ${formatDuration(elapsedMs)} of ${formatDuration(wait.limitMs)} (limit: ${wait.limitSetting})`;
}

/**
 * How a sleep of `ms` is cut so that no piece is longer than the heartbeat: the waits poll every few seconds at
 * first and up to a minute later, and a minute of silence is what the heartbeat exists to prevent.
 */
export function heartbeatSlices(ms: number, heartbeatMs: number = HEARTBEAT_MS): number[] {
  const slices: number[] = [];
  let left = Math.max(0, ms);
  while (left > heartbeatMs) {
    slices.push(heartbeatMs);
    left -= heartbeatMs;
  }
  if (left > 0) slices.push(left);
  return slices;
}
