import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests start real git processes and local servers; two cores are the norm here.
    pool: "forks",
    // Fails a test file whose output contains a sandbox token.
    setupFiles: ["test/setup/token-hygiene.ts"],
  },
});
