/** The clock the publish waits run on: real time in production, a clock tests advance by hand. */

/** Time and sleeping, injectable. */
export interface PublishClock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: PublishClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
