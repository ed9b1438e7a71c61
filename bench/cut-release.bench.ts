/**
 * RC cut benchmark: API requests and wall time of a fresh cut (goal: at most 12 requests), of a no-op rerun of
 * the same run (goal: zero writes), and of the next candidate, on the demo project in the sandbox. Writes are
 * not spaced here (GitHub asks for 1 s between writes in production; add that per write to the wall time).
 */
import { createGitHubClient } from "../src/adapters/github/client.js";
import { parseConfig } from "../src/config/index.js";
import { silentLogger } from "../src/core/logger.js";
import { cutRelease } from "../src/flows/cut-release/cut-release.js";
import { cutSettingsFrom } from "../src/flows/cut-release/settings.js";
import { DEMO_CONFIG, DEMO_TOKEN, demoSeed } from "../src/demo/demo-project.js";
import { startSandbox } from "../src/sandbox/server.js";

/** Figures of the RC cut. */
export async function runCutReleaseBenchmark(): Promise<Record<string, number>> {
  const sandbox = await startSandbox(demoSeed());
  try {
    const gh = createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: DEMO_TOKEN,
      logger: silentLogger,
      writeIntervalMs: 0,
    });
    const config = parseConfig(DEMO_CONFIG, "release-kit.yml");
    const measure = async (runId: string, next = false) => {
      const mark = sandbox.requests.length;
      const started = performance.now();
      await cutRelease(
        gh,
        cutSettingsFrom(config, { kind: "rc", version: "1.20.0", next }, { GITHUB_RUN_ID: runId }),
        silentLogger,
        { dryRun: false },
      );
      const ms = performance.now() - started;
      const api = sandbox.requests.slice(mark).filter((r) => r.area === "api");
      return {
        requests: api.length,
        reads: api.filter((r) => !r.write).length,
        writes: api.filter((r) => r.applied).length,
        ms,
      };
    };
    const fresh = await measure("bench-1");
    // ONNX's own shape: one version file (VERSION_NUMBER), one required check, a release-blocker label.
    const onnxLike = await (async () => {
      const other = await startSandbox(demoSeed());
      try {
        const client = createGitHubClient({
          baseUrl: other.apiUrl,
          token: DEMO_TOKEN,
          logger: silentLogger,
          writeIntervalMs: 0,
        });
        const oneFile = parseConfig(
          DEMO_CONFIG.replace(
            "version-files: [VERSION_NUMBER, python/widget/_version.py]",
            "version-files: [VERSION_NUMBER]",
          ),
          "release-kit.yml",
        );
        await cutRelease(
          client,
          cutSettingsFrom(oneFile, { kind: "rc", version: "1.20.0" }, { GITHUB_RUN_ID: "bench-onnx" }),
          silentLogger,
          { dryRun: false },
        );
        const api = other.requests.filter((r) => r.area === "api");
        return { requests: api.length, writes: api.filter((r) => r.applied).length };
      } finally {
        await other.stop();
      }
    })();
    const noop = await measure("bench-1");
    const next = await measure("bench-2", true);
    return {
      "rc_cut.fresh.requests": fresh.requests,
      "rc_cut.fresh.reads": fresh.reads,
      "rc_cut.fresh.writes": fresh.writes,
      "rc_cut.fresh.wall_ms": Math.round(fresh.ms),
      "rc_cut.goal.requests": 12,
      "rc_cut.one_version_file.requests": onnxLike.requests,
      "rc_cut.one_version_file.writes": onnxLike.writes,
      "rc_cut.noop_rerun.requests": noop.requests,
      "rc_cut.noop_rerun.writes": noop.writes,
      "rc_cut.noop_rerun.wall_ms": Math.round(noop.ms),
      "rc_cut.rc2.requests": next.requests,
      "rc_cut.rc2.writes": next.writes,
      "rc_cut.rc2.wall_ms": Math.round(next.ms),
    };
  } finally {
    await sandbox.stop();
  }
}
