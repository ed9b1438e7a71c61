/**
 * The Logger of actions: the runner's annotations and `::group::` blocks. A group opens at its first line, so a step
 * that logs nothing leaves no empty fold, and a flow's group holds exactly the lines logged inside it. The runner
 * does not nest groups: a group inside another one adds its lines to the outer one.
 */
import * as runner from "./runner.js";
import type { Logger } from "../core/logger.js";

/** A Logger that writes through the runner's workflow commands. */
export function createActionLogger(): Logger {
  /** The title of the group `fn` runs in, until its first line opens it; null outside any group. */
  let pending: string | null = null;
  let open = false;
  const line = (write: () => void) => {
    if (pending !== null && !open) {
      runner.startGroup(pending);
      open = true;
    }
    write();
  };
  return {
    // Debug lines show only when the run has debug logging on: they open no group, which would look empty otherwise.
    debug: (m) => runner.debug(m),
    info: (m) => line(() => runner.info(m)),
    warning: (m) => line(() => runner.warning(m)),
    error: (m) => line(() => runner.error(m)),
    async group(title, fn) {
      if (pending !== null) return fn();
      pending = title;
      try {
        return await fn();
      } finally {
        if (open) runner.endGroup();
        pending = null;
        open = false;
      }
    },
  };
}
