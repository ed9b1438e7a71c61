/**
 * A release flow (the demo project's rc cut) run against one of GitHub's rate-limit shapes, counting requests: the
 * limit starts a few requests into the run and either outlasts `github.rate-limit-wait-minutes` (the run must stop
 * at once, in one line, and a rerun after the reset must complete) or fits it (the run must wait and complete).
 * Shared by the integration test and bench/rate-limits.bench.ts. A fake clock shared by the sandbox and the client
 * lets an hour-long limit lift without waiting an hour.
 */
import { createGitHubClient } from "../../src/adapters/github/client.js";
import { parseConfig } from "../../src/config/index.js";
import { RemoteError } from "../../src/core/errors.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { cutRelease } from "../../src/flows/cut-release/cut-release.js";
import { cutSettingsFrom } from "../../src/flows/cut-release/settings.js";
import { DEMO_CONFIG, DEMO_TOKEN, demoSeed } from "../../src/demo/demo-project.js";
import type { RateLimitShape } from "../../src/sandbox/rate-limits.js";
import { startSandbox } from "../../src/sandbox/server.js";

/** One of GitHub's eight shapes. */
export interface LimitShapeCase {
  readonly kind: "primary" | "secondary";
  readonly status: 403 | 429;
  readonly retryAfter: boolean;
}

/** All eight: primary/secondary x 403/429 x with/without retry-after. */
export const LIMIT_SHAPES: readonly LimitShapeCase[] = (["primary", "secondary"] as const).flatMap((kind) =>
  ([403, 429] as const).flatMap((status) => [true, false].map((retryAfter) => ({ kind, status, retryAfter }))),
);

/** `primary-429-no-retry-after` */
export function shapeName(s: LimitShapeCase): string {
  return `${s.kind}-${s.status}-${s.retryAfter ? "retry-after" : "no-retry-after"}`;
}

/** What one shape cost. */
export interface LimitRunFigures {
  /** Requests the limit answered in the run that outlasted the budget (goal: at most 2). */
  readonly outlastRefused: number;
  /** The run stopped with the one-line RemoteError naming the resume command. */
  readonly outlastStoppedInOneLine: boolean;
  readonly outlastMessage: string;
  /** Requests of the rerun after the reset, which completed the cut. */
  readonly resumeRequests: number;
  readonly resumeCompleted: boolean;
  /** Requests of a whole run under a limit that fits the budget, and those the limit answered. */
  readonly fitRequests: number;
  readonly fitRefused: number;
  readonly fitCompleted: boolean;
  /** Requests of the same run without any limit. */
  readonly baselineRequests: number;
  /** A line printed while waiting. */
  readonly waitLine: string;
}

const BUDGET_MINUTES = 10;
/** Requests served before the limit starts: the run is under way (observed, not yet written). */
const AFTER = 3;

/** Runs the rc cut of the demo project under `shape`: outlasting (then resumed), fitting, and without a limit. */
export async function runCutUnderLimit(shape: LimitShapeCase): Promise<LimitRunFigures> {
  const clock = { ms: Date.parse("2026-12-02T15:00:00Z") };
  const config = parseConfig(DEMO_CONFIG, "release-kit.yml");
  const limit = (seconds: number): RateLimitShape => ({
    kind: shape.kind,
    status: shape.status,
    resetSeconds: seconds,
    afterRequests: AFTER,
    ...(shape.retryAfter ? { retryAfter: seconds } : {}),
  });
  const run = async (version: string, rateLimit: RateLimitShape | undefined, sandboxes: Sandboxes) => {
    const { sandbox } = sandboxes;
    const logger = new RecordingLogger();
    const gh = createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: DEMO_TOKEN,
      logger,
      writeIntervalMs: 0,
      retryBaseMs: 1,
      rateLimitWaitMinutes: BUDGET_MINUTES,
      resumeHint: `release-kit rc --version ${version}`,
      now: () => clock.ms,
      sleep: (ms) => {
        clock.ms += ms;
        return Promise.resolve();
      },
    });
    sandbox.faults.set(rateLimit ? { rateLimit } : {});
    const mark = sandbox.requests.length;
    let error: unknown;
    try {
      await cutRelease(gh, cutSettingsFrom(config, { kind: "rc", version }, { GITHUB_RUN_ID: "1" }), logger, {
        dryRun: false,
      });
    } catch (e) {
      error = e;
    } finally {
      sandbox.faults.set({});
    }
    const api = sandbox.requests.slice(mark).filter((r) => r.area === "api");
    return {
      error,
      requests: api.length,
      refused: api.filter((r) => r.fault?.endsWith("rate-limit")).length,
      lines: logger.lines.map((l) => l.message),
    };
  };
  type Sandboxes = { sandbox: Awaited<ReturnType<typeof startSandbox>> };
  const open = async (): Promise<Sandboxes> => ({
    sandbox: await startSandbox(demoSeed(), { now: () => new Date(clock.ms) }),
  });

  const a = await open();
  const b = await open();
  const c = await open();
  try {
    const outlast = await run("1.20.0", limit(3600), a);
    clock.ms += 3601 * 1000;
    const resumed = await run("1.20.0", undefined, a);
    const fit = await run("1.20.0", limit(30), b);
    const baseline = await run("1.20.0", undefined, c);
    const message = outlast.error instanceof Error ? outlast.error.message : String(outlast.error);
    return {
      outlastRefused: outlast.refused,
      outlastStoppedInOneLine: outlast.error instanceof RemoteError && !message.includes("\n"),
      outlastMessage: message,
      resumeRequests: resumed.requests,
      resumeCompleted: resumed.error === undefined,
      fitRequests: fit.requests,
      fitRefused: fit.refused,
      fitCompleted: fit.error === undefined,
      baselineRequests: baseline.requests,
      waitLine: fit.lines.find((l) => l.includes("waiting")) ?? "",
    };
  } finally {
    await Promise.all([a.sandbox.stop(), b.sandbox.stop(), c.sandbox.stop()]);
  }
}
