/**
 * Everything a test captured of what release-kit printed (in-process CLI output, bundled actions' logs,
 * subprocess output), so the token-hygiene check can scan it after each test file.
 */
const captured: { source: string; text: string }[] = [];

/** Records captured output. */
export function recordCapturedLog(source: string, text: string): void {
  if (text) captured.push({ source, text });
}

/** How much output was captured so far: a mark for `capturedLogs(since)`. */
export function capturedLogsMark(): number {
  return captured.length;
}

/** The output captured in this process, or only what came after `since` (a mark). */
export function capturedLogs(since = 0): readonly { source: string; text: string }[] {
  return captured.slice(since);
}

/** Lines of captured output that contain a token; `::add-mask::` commands (swallowed by the runner) are allowed. */
export function findTokenLeaks(logs: readonly { source: string; text: string }[], tokens: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const { source, text } of logs) {
    for (const line of text.split("\n")) {
      if (line.startsWith("::add-mask::")) continue;
      for (const token of tokens)
        if (token.length >= 4 && line.includes(token)) leaks.push(`${source}: ${line.slice(0, 200)}`);
    }
  }
  return leaks;
}
