import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./test/setup/longest-first-sequencer.js";

// The CLIs the tests start inherit this environment: a FORCE_COLOR or NO_COLOR of the shell running the suite would
// colour (or not) their stderr and break the assertions on its text. The colour rules have their own tests.
delete process.env.FORCE_COLOR;
delete process.env.NO_COLOR;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests start real git processes and local servers; two cores are the norm here.
    pool: "forks",
    // vitest's default on 2 cores is one worker (cores - 1), which leaves a core idle while a test waits on git or a
    // server. Measured on this 2-core machine with nothing else running, the whole suite (147 files): 2 workers
    // 687 s, 3 workers 491 s, 4 workers 525 s, every test passing each time. (Three once timed tests out, but that was
    // with other jobs loading the machine to 15.)
    maxWorkers: 3,
    // A worker runs its test files one after another in one process, keeping the modules it loaded: the sandbox,
    // its OpenAPI validators (compiled on first use) and the flows are loaded once per worker instead of once per
    // file. Measured on the integration group: 258 s isolated, 188 s shared. Files leave no global state behind
    // (mocks are restored, environment variables deleted); the token-hygiene check counts per file.
    isolate: false,
    // The long groups first, so that no minute-long file starts when the other worker has nothing left to do.
    sequence: { sequencer: LongestFirstSequencer },
    // Fails a test file whose output contains a sandbox token.
    setupFiles: ["test/setup/token-hygiene.ts"],
  },
});
