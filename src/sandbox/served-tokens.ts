/**
 * The tokens of every sandbox this process started. A module of its own, with no imports, so that the test suite's
 * token-hygiene check (run after every test file) can read them without loading the sandbox server, its routes and
 * its OpenAPI validator into the many test files that never start a sandbox.
 */

/** Every registration, in order (a token served twice is here twice), so that a caller can ask what came since. */
const served: string[] = [];

/** Records the tokens of a sandbox being started. */
export function rememberServedTokens(tokens: Iterable<string>): void {
  served.push(...tokens);
}

/** How many registrations there were so far: a mark for `tokensServedByThisProcess(since)`. */
export function servedTokensMark(): number {
  return served.length;
}

/**
 * The tokens of the sandboxes started in this process, or only of those started after `since` (a mark): a test
 * worker that runs several test files one after another checks each file against its own tokens.
 */
export function tokensServedByThisProcess(since = 0): readonly string[] {
  return [...new Set(served.slice(since))];
}
