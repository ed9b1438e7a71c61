/** The CLI's logger: progress on stderr (stdout is for results), debug lines only with --verbose. */
import type { Logger } from "../core/logger.js";

/** A logger that writes lines to `write` (stderr). */
export function createConsoleLogger(write: (text: string) => void, verbose: boolean): Logger {
  let indent = "";
  return {
    debug: (m) => {
      if (verbose) write(`${indent}${m}\n`);
    },
    info: (m) => write(`${indent}${m}\n`),
    warning: (m) => write(`${indent}warning: ${m}\n`),
    error: (m) => write(`${indent}error: ${m}\n`),
    async group(title, fn) {
      write(`${indent}${title}\n`);
      const previous = indent;
      indent += "  ";
      try {
        return await fn();
      } finally {
        indent = previous;
      }
    },
  };
}
