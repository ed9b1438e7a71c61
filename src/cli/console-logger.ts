/**
 * The CLI's logger: progress on stderr (stdout is for results), debug lines only with --verbose. On a terminal a
 * wait's heartbeat is one line rewritten in place; elsewhere (CI logs, pipes) each heartbeat is a plain line. A
 * group's title is printed with its first line, never alone.
 */
import type { Logger } from "../core/logger.js";
import { painter, type Painter } from "./colours.js";

/** The two output streams, and whether stderr is a terminal. */
export interface ConsoleStreams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTTY?: boolean;
}

/**
 * The streams with one updating line on a terminal's stderr: `progress` rewrites it in place, and any other output
 * on either stream first clears it, so a heartbeat never ends up glued to a result or an error line.
 */
export function withProgressLine(
  streams: ConsoleStreams,
): ConsoleStreams & { readonly progress: (text: string) => void } {
  let updating = false;
  const clear = () => {
    if (updating) {
      streams.stderr("\r\x1b[2K");
      updating = false;
    }
  };
  return {
    stderrIsTTY: streams.stderrIsTTY,
    stdout: (text) => {
      clear();
      streams.stdout(text);
    },
    stderr: (text) => {
      clear();
      streams.stderr(text);
    },
    progress: (text) => {
      if (!streams.stderrIsTTY) {
        streams.stderr(`${text}\n`);
        return;
      }
      streams.stderr(`\r\x1b[2K${text}`);
      updating = true;
    },
  };
}

/** A logger that writes lines to `write` (stderr), and heartbeats to `progress` when given. */
export function createConsoleLogger(
  write: (text: string) => void,
  verbose: boolean,
  progress?: (text: string) => void,
  paint: Painter = painter(false),
): Logger {
  let indent = "";
  // Titles of the groups entered but not printed yet: a title is printed with the first line inside its group, so a
  // step that says nothing leaves no title standing alone.
  const titles: { text: string; indent: string }[] = [];
  const out = (text: string) => {
    for (const t of titles.splice(0)) write(`${t.indent}${t.text}\n`);
    write(text);
  };
  return {
    debug: (m) => {
      if (verbose) out(`${indent}${m}\n`);
    },
    info: (m) => out(`${indent}${m}\n`),
    // A problem line says whose it is, as the one error line does: `release-kit: warning: ...`.
    warning: (m) => out(`${indent}release-kit: ${paint.yellow("warning:")} ${m}\n`),
    error: (m) => out(`${indent}${paint.red("release-kit: error:")} ${m}\n`),
    progress: (m) => {
      for (const t of titles.splice(0)) write(`${t.indent}${t.text}\n`);
      if (progress) progress(`${indent}${m}`);
      else write(`${indent}${m}\n`);
    },
    async group(title, fn) {
      const entry = { text: title, indent };
      titles.push(entry);
      const previous = indent;
      indent += "  ";
      try {
        return await fn();
      } finally {
        indent = previous;
        const left = titles.indexOf(entry);
        if (left >= 0) titles.splice(left);
      }
    },
  };
}
