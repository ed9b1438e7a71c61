/**
 * The tokens of every sandbox this process started. A module of its own, with no imports, so that the test suite's
 * token-hygiene check (run after every test file) can read them without loading the sandbox server, its routes and
 * its OpenAPI validator into the many test files that never start a sandbox.
 */

const served = new Set<string>();

/** Records the tokens of a sandbox being started. */
export function rememberServedTokens(tokens: Iterable<string>): void {
  for (const token of tokens) served.add(token);
}

/** The tokens of the sandboxes started in this process. */
export function tokensServedByThisProcess(): readonly string[] {
  return [...served];
}
