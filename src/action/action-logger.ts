/** The Logger of actions: the runner's annotations and `::group::` blocks. */
import * as runner from "./runner.js";
import type { Logger } from "../core/logger.js";

/** A Logger that writes through the runner's workflow commands. */
export function createActionLogger(): Logger {
  return {
    debug: (m) => runner.debug(m),
    info: (m) => runner.info(m),
    warning: (m) => runner.warning(m),
    error: (m) => runner.error(m),
    group: (title, fn) => runner.group(title, fn),
  };
}
