/**
 * The shard's run slots (`downstream-check.concurrency`): every local run of a side takes one for as long as its
 * processes run, so "N at once" counts what really runs at once: a job's baseline and candidate side by side, or
 * sides of different jobs. Waiters get a slot in the order they asked.
 */

/** A counting semaphore, first come first served. */
export class RunSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = Math.max(1, size);
  }

  /** Runs `task` once a slot is free, and frees the slot when it settles. */
  async with<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot take it in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
