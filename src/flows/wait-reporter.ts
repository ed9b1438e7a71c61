/**
 * Sleeps of a wait, cut so that the wait's heartbeat line (what, elapsed, limit) is printed at least every 30 s: on a
 * terminal as one updating line, in CI as plain lines. Every polling wait sleeps through one of these.
 */
import type { Logger } from "../core/logger.js";
import { HEARTBEAT_MS, waitLine, type WaitDescription } from "../core/wait-progress.js";
import type { WaitClock } from "./wait-clock.js";

/** Prints `line` as progress: the logger's updating line where it has one, else an info line. */
export function reportProgress(logger: Logger, line: string): void {
  if (logger.progress) logger.progress(line);
  else logger.info(line);
}

/** One wait's reporter: create it when the wait starts, sleep through it between polls. */
export class WaitReporter {
  private readonly startedAt: number;
  private lastBeat = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly wait: WaitDescription,
    private readonly clock: WaitClock,
    private readonly logger: Logger,
    private readonly heartbeatMs: number = HEARTBEAT_MS,
  ) {
    this.startedAt = clock.now();
  }

  /** Milliseconds since the wait started. */
  elapsed(): number {
    return this.clock.now() - this.startedAt;
  }

  /** Sleeps `ms`, printing the heartbeat when one is due before or during the sleep; `detail` is the latest state. */
  async sleep(ms: number, detail?: string): Promise<void> {
    let left = Math.max(0, ms);
    while (left > 0) {
      const now = this.clock.now();
      if (now - this.lastBeat >= this.heartbeatMs) {
        reportProgress(this.logger, waitLine(this.wait, now - this.startedAt, detail));
        this.lastBeat = now;
      }
      const slice = Math.min(left, Math.max(1, this.lastBeat + this.heartbeatMs - now));
      await this.clock.sleep(slice);
      left -= slice;
    }
  }
}
