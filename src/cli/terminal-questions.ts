/**
 * Questions at a terminal (`release-kit init` without --yes): one readline prompt on stderr per question, the default
 * in brackets. Ctrl-C while a question waits stops the command like a signal anywhere else does (exit 130, one line).
 */
import { createInterface } from "node:readline/promises";

/** Asks `question [default]: ` on stderr and reads one line from stdin; `stop` is told about a Ctrl-C. */
export function terminalQuestions(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  stop: AbortController,
): (question: string, defaultAnswer: string) => Promise<string> {
  return async (question, defaultAnswer) => {
    const rl = createInterface({ input, output, terminal: true });
    // readline takes Ctrl-C from a raw terminal itself: without this it would only pause, and the question would wait.
    rl.on("SIGINT", () => stop.abort("SIGINT"));
    try {
      return await rl.question(`${question} [${defaultAnswer}]: `, { signal: stop.signal });
    } finally {
      rl.close();
    }
  };
}
