/** Entry point of the `release-kit` binary: runs the CLI on process.argv and exits with its code. */
import { runCli } from "./main.js";
import { terminalQuestions } from "./terminal-questions.js";

const controller = new AbortController();
let signals = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // The first signal asks the command to stop at its next safe point (the reason names the signal: the CLI answers
    // SIGINT with exit 130 and SIGTERM with 143, as shells do); a second one stops at once, as users expect.
    if (++signals === 1) {
      controller.abort(signal);
      return;
    }
    process.stderr.write(`release-kit: stopped at once by a second ${signal}\n`);
    process.exit(signal === "SIGTERM" ? 143 : 130);
  });
}
const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  stderrIsTTY: process.stderr.isTTY === true,
  // Only a person at a terminal is asked; piped or in CI, commands that would ask say which flag answers instead.
  ...(process.stdin.isTTY === true && process.stderr.isTTY === true
    ? { ask: terminalQuestions(process.stdin, process.stderr, controller) }
    : {}),
});
process.exitCode = code;
