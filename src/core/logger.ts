/**
 * The logging interface every flow receives. Actions implement it with the runner's workflow commands, the CLI with
 * stderr, tests with `RecordingLogger`, so the same flow code runs everywhere and tests can assert log lines.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /**
   * A wait's heartbeat (what, elapsed, limit). A terminal shows it as one line that updates in place; loggers
   * without it print it with `info`. Optional so a logger that has no such line needs nothing.
   */
  progress?(message: string): void;
  /** Runs `fn` inside a collapsible group (a `::group::` in Actions, an indented block in the CLI). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

/** A logger that keeps every line, for tests and for the JSON output of the CLI. */
export class RecordingLogger implements Logger {
  readonly lines: { level: "debug" | "info" | "warning" | "error"; message: string }[] = [];
  debug(message: string): void {
    this.lines.push({ level: "debug", message });
  }
  info(message: string): void {
    this.lines.push({ level: "info", message });
  }
  warning(message: string): void {
    this.lines.push({ level: "warning", message });
  }
  error(message: string): void {
    this.lines.push({ level: "error", message });
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: "info", message: `[group] ${title}` });
    return fn();
  }
  /** All messages, one string, for substring assertions. */
  text(): string {
    return this.lines.map((l) => `${l.level}: ${l.message}`).join("\n");
  }
}

/** A logger that prints nothing. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_title, fn) => fn(),
};
