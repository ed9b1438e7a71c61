/**
 * `release-kit demo`: the release process of a sample project, run end to end against the embedded sandbox,
 * told as a short story with the places to look. Each capability adds its chapter here as it lands.
 */
import { createGitHubClient } from "../adapters/github/client.js";
import { parseConfig } from "../config/index.js";
import type { Logger } from "../core/logger.js";
import { silentLogger } from "../core/logger.js";
import { cutRelease } from "../flows/cut-release/cut-release.js";
import { cutSettingsFrom } from "../flows/cut-release/settings.js";
import { startSandbox, type Sandbox } from "../sandbox/server.js";
import { DEMO_CONFIG, DEMO_TOKEN, demoSeed } from "./demo-project.js";

/** Options of the demo. */
export interface DemoOptions {
  /** Keep the sandbox serving after the story until `signal` aborts (default true for people, false for tests). */
  readonly keepServing: boolean;
  readonly port?: number;
  readonly print: (line: string) => void;
  /** Progress logging of the flows (quiet by default). */
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

/** What the demo did, for tests. */
export interface DemoResult {
  readonly chapters: { title: string; lines: string[] }[];
  readonly env: Record<string, string>;
  readonly ms: number;
}

/** Runs the demo story. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const sandbox: Sandbox = await startSandbox(demoSeed(), { port: options.port });
  const chapters: { title: string; lines: string[] }[] = [];
  const logger = options.logger ?? silentLogger;
  const chapter = (title: string, lines: string[]) => {
    chapters.push({ title, lines });
    options.print(`\n${chapters.length}. ${title}`);
    for (const l of lines) options.print(`   ${l}`);
  };
  try {
    const config = parseConfig(DEMO_CONFIG, "release-kit.yml (demo)");
    // The demo's own sandbox: no need for GitHub's one-second spacing of writes.
    const gh = createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: DEMO_TOKEN,
      logger,
      writeIntervalMs: 0,
      retryBaseMs: 50,
    });
    const env = { GITHUB_RUN_ID: "demo-1" };
    options.print(
      "release-kit demo: the release of acme/widget 1.20.0, against a local GitHub sandbox (nothing leaves this machine).",
    );

    const rc1 = await cutRelease(gh, cutSettingsFrom(config, { kind: "rc", version: "1.20.0" }, env), logger, {
      dryRun: false,
    });
    chapter(`Release candidate ${rc1.plan.version} cut`, [
      ...(rc1.outcome?.steps ?? []).map(
        (s) => `${s.outcome === "done" ? "done        " : "already done"}  ${s.id}: ${s.detail}`,
      ),
      `pre-flight: ${rc1.plan.preflight.map((p) => `${p.check} ${p.status}`).join(", ")}`,
    ]);

    const api = sandbox.apiUrl;
    chapter("Where to look", [
      `git clone ${sandbox.serverUrl}/acme/widget.git && git -C widget log --oneline --decorate --all`,
      `curl -s ${api}/repos/acme/widget/releases/tags/${rc1.plan.tag}`,
      `curl -s ${api}/repos/acme/widget/git/matching-refs/tags/v`,
      `point the CLI at it: export GITHUB_API_URL=${api} GITHUB_SERVER_URL=${sandbox.serverUrl} PYPI_URL=${sandbox.pypiUrl} GITHUB_TOKEN=${"<a demo token>"}`,
    ]);
    const ms = Math.round(performance.now() - started);
    options.print(`\nDone in ${(ms / 1000).toFixed(1)} s.`);
    if (options.keepServing) {
      options.print(`The sandbox keeps serving at ${sandbox.serverUrl}; press Ctrl-C to stop it.`);
      await new Promise<void>((resolve) => {
        if (!options.signal || options.signal.aborted) return resolve();
        options.signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    return { chapters, env: sandbox.env(), ms };
  } finally {
    await sandbox.stop();
  }
}
