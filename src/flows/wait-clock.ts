/** The clock every wait runs on: real time in production, a clock tests advance by hand. */

/** Time and sleeping, injectable. */
export interface WaitClock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: WaitClock = interruptibleClock();

/**
 * The real clock whose sleeps end early, rejecting with the signal's reason, once `signal` is aborted: a wait is the
 * safe point to stop at on Ctrl-C, since nothing is half-written there.
 */
export function interruptibleClock(signal?: AbortSignal): WaitClock {
  return {
    now: () => Date.now(),
    sleep: (ms) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason as Error);
          return;
        }
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason as Error);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
  };
}
