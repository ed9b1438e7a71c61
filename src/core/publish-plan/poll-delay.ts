/** The backoff of every wait in the publish hand-off: the delay doubles from a start value up to a cap. */

/** Start and cap of a backoff, in milliseconds. */
export interface PollDelays {
  readonly startMs: number;
  readonly maxMs: number;
}

/** GitHub asks integrators not to poll faster than needed: 5 s at first, then up to a minute. */
export const DEFAULT_POLL_DELAYS: PollDelays = { startMs: 5_000, maxMs: 60_000 };

/** The delay before poll number `attempt` (0-based): start, 2x start, 4x start... capped at maxMs. */
export function pollDelay(attempt: number, delays: PollDelays): number {
  const grown = delays.startMs * 2 ** Math.min(attempt, 30);
  return Math.min(grown, delays.maxMs);
}
