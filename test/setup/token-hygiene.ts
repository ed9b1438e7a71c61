/**
 * Token hygiene, for every test file: whatever the process printed and whatever the tests captured of
 * release-kit's output must not contain a sandbox token. The only allowed occurrence is the runner's own
 * `::add-mask::` command, which the runner swallows and uses to mask the value everywhere else.
 *
 * It reads the tokens from the sandbox's import-free token registry, not from the server: importing the server here
 * would load the whole sandbox (routes, OpenAPI validator, git store) into every test file, most of which never
 * start one. A file that starts a sandbox registers its tokens in the same registry, so the check is unchanged.
 */
import { afterAll } from "vitest";
import { servedTokensMark, tokensServedByThisProcess } from "../../src/sandbox/served-tokens.js";
import { capturedLogs, capturedLogsMark, findTokenLeaks, recordCapturedLog } from "../helpers/captured-logs.js";

// A test worker runs several files one after another in one process (vitest's isolate: false): this setup runs
// before each of them, so each file is checked against what was printed and served since it started, and the
// streams are wrapped once per process.
const logsMark = capturedLogsMark();
const tokensMark = servedTokensMark();
const WRAPPED = Symbol.for("release-kit.token-hygiene.wrapped");

for (const stream of [process.stdout, process.stderr] as (NodeJS.WriteStream & { [WRAPPED]?: true })[]) {
  if (stream[WRAPPED]) continue;
  stream[WRAPPED] = true;
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = (chunk: unknown, ...rest: unknown[]) => {
    recordCapturedLog(
      stream === process.stdout ? "stdout" : "stderr",
      typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : "",
    );
    return write(chunk, ...rest);
  };
}

afterAll(() => {
  const leaks = findTokenLeaks(capturedLogs(logsMark), tokensServedByThisProcess(tokensMark));
  if (leaks.length > 0) throw new Error(`a sandbox token was printed (${leaks.length} lines), e.g. ${leaks[0]}`);
});
