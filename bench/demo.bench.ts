/**
 * The demo's wall time: the whole sample release (checklist, two candidates, the feedstock and dependent PRs,
 * downstream checks, the final, lessons, status) against the sandbox, as `release-kit demo` runs it. Reported here
 * rather than asserted in the e2e test, where a loaded machine would turn a slow run into a failure.
 */
import { runDemo } from "../src/demo/run-demo.js";

/** Milliseconds of one demo run, and its chapter count. */
export async function runDemoBenchmark(): Promise<Record<string, number>> {
  const started = performance.now();
  const result = await runDemo({ keepServing: false, print: () => undefined });
  return { demo_ms: Math.round(performance.now() - started), demo_chapters: result.chapters.length };
}
