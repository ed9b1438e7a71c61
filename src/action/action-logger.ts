/** The Logger of actions: @actions/core's annotations and `::group::` blocks. */
import * as core from "@actions/core";
import type { Logger } from "../core/logger.js";

/** A Logger that writes through @actions/core. */
export function createActionLogger(): Logger {
  return {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (title, fn) => core.group(title, fn),
  };
}
