/**
 * The one place an Octokit client is built: base URL from GITHUB_API_URL, token masked, retries and throttling,
 * pagination, and a request log. Flows receive the client; nothing else constructs Octokit.
 *
 * Each request makes ONE bounded chain of attempts (the hook below): an outage (5xx, dropped connection) is tried
 * again a few times with a growing pause; a rate limit is waited out when the wait fits the run's budget
 * (`github.rate-limit-wait-minutes`), else the run stops at once with one line naming when the limit lifts and the
 * command that resumes. The retry and throttling plugins used to retry the same answers each in its own loop (a
 * secondary-limit 429 cost 16 requests); the throttling plugin now only spaces writes, and nothing else retries.
 */
import { Octokit as OctokitCore } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { throttling } from "@octokit/plugin-throttling";
// The light build (no Redis clustering) is what the throttling plugin itself uses; the full one adds 110 KB.
import Bottleneck from "bottleneck/light.js";
import type { Logger } from "../../core/logger.js";
import { InputError, RemoteError, errorMessage } from "../../core/errors.js";
import { classifyRateLimit, formatSeconds, formatUtc, type RateLimitAnswer } from "./rate-limit.js";
import { refusalOrError } from "./refusals.js";
import { tokenKindOfPrefix, type TokenKind } from "./token-kind.js";

/** One request as seen by the client: for `--verbose` and for counting requests in benchmarks. */
export interface ClientRequestRecord {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly ms: number;
}

/** How to reach GitHub. */
export interface GitHubClientOptions {
  /** API base URL; `GITHUB_API_URL` on Actions. Default https://api.github.com. */
  readonly baseUrl?: string;
  /** Token from `--token` or `GITHUB_TOKEN`; may be absent for read-only use. */
  readonly token?: string;
  readonly logger: Logger;
  /** Log each request (method, route, status, ms) at info level. */
  readonly verbose?: boolean;
  /** Retries of a failed request (5xx, dropped connection). Default 3. */
  readonly retries?: number;
  /** Base of the quadratic retry back-off in ms (1x, 4x, 9x...). Default 1000. */
  readonly retryBaseMs?: number;
  /**
   * Minimum spacing of write requests in ms. GitHub asks integrators to wait at least a second between
   * content-creating requests to avoid secondary rate limits, so the default is 1000.
   */
  readonly writeIntervalMs?: number;
  /** Rate-limit waits of one request before giving up (a limit that keeps coming back). Default 4. */
  readonly rateLimitRetries?: number;
  /** Called for every token the process knows, so the runner can mask it (`core.setSecret`). */
  readonly maskSecret?: (secret: string) => void;
  /**
   * Total time the client may spend waiting for rate limits in one run, in minutes (`github.rate-limit-wait-minutes`).
   * A limit that lifts later stops the run at once. Default 10.
   */
  readonly rateLimitWaitMinutes?: number;
  /** What resumes the run, for the message when a limit outlasts the budget (e.g. `release-kit rc --version 1.20.0`). */
  readonly resumeHint?: string;
  /** Wait of a secondary limit that names none (GitHub: "at least one minute"), doubled on each repeat. Default 60. */
  readonly secondaryFallbackSeconds?: number;
  /** Clock and sleep, replaceable in tests and benchmarks. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Default of `github.rate-limit-wait-minutes`. */
export const DEFAULT_RATE_LIMIT_WAIT_MINUTES = 10;

/** Octokit with exactly the plugins release-kit uses (the `octokit` meta-package also bundles apps and webhooks). */
const Octokit = OctokitCore.plugin(restEndpointMethods, paginateRest, throttling);

/** The GitHub client every flow uses. */
export type GitHubClient = InstanceType<typeof Octokit> & {
  readonly requestLog: readonly ClientRequestRecord[];
  /** The kind its token's prefix names (never the token itself), for pre-flight checks. */
  readonly tokenKind: TokenKind;
};

/** Settings of the client read from the environment, the way GitHub Actions and the CLI provide them. */
export function gitHubOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: {
    token?: string;
    verbose?: boolean;
    logger: Logger;
    maskSecret?: (s: string) => void;
    rateLimitWaitMinutes?: number;
    resumeHint?: string;
  },
): GitHubClientOptions {
  const numberFromEnv = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0)
      throw new InputError(`${name}=${raw} is not a non-negative number; unset it or give milliseconds`);
    return n;
  };
  return {
    baseUrl: env.GITHUB_API_URL || undefined,
    token: overrides.token ?? (env.GITHUB_TOKEN || env.GH_TOKEN || undefined),
    logger: overrides.logger,
    verbose: overrides.verbose,
    maskSecret: overrides.maskSecret,
    retryBaseMs: numberFromEnv("RELEASE_KIT_RETRY_BASE_MS"),
    writeIntervalMs: numberFromEnv("RELEASE_KIT_WRITE_INTERVAL_MS"),
    rateLimitWaitMinutes: overrides.rateLimitWaitMinutes,
    resumeHint: overrides.resumeHint ?? resumeHintFromEnv(env),
  };
}

/** On GitHub Actions the run resumes by re-running the failed job; elsewhere the caller names its command. */
function resumeHintFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_ACTIONS !== "true" || !env.GITHUB_RUN_ID) return undefined;
  return `gh run rerun ${env.GITHUB_RUN_ID} --failed`;
}

/** Builds the client. The token is handed to the masker before anything can print it. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { logger } = options;
  if (options.token) options.maskSecret?.(options.token);
  const baseUrl = (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, "");
  try {
    new URL(baseUrl);
  } catch {
    throw new InputError(
      `GITHUB_API_URL "${baseUrl}" is not a URL; set it to the API base, e.g. https://api.github.com`,
    );
  }
  const writeInterval = options.writeIntervalMs ?? 1000;
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const octokit = new Octokit({
    auth: options.token,
    baseUrl,
    userAgent: "release-kit",
    throttle: {
      // Only the spacing of writes is the plugin's job; rate-limited answers reach the one chain below untouched.
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
      // A group of our own: the plugin's default groups are shared by every client in the process.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeInterval }),
      // Requests that notify people (issues, PRs, comments): GitHub's guidance is to space them more.
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeInterval * 3 }),
    },
    log: {
      debug: (m: string) => logger.debug(m),
      info: (m: string) => logger.debug(m),
      warn: (m: string) => logger.warning(m),
      error: (m: string) => logger.error(m),
    },
  });
  const requestLog: ClientRequestRecord[] = [];
  const serverRetries = options.retries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const limitRetries = options.rateLimitRetries ?? 4;
  const fallbackSeconds = options.secondaryFallbackSeconds ?? 60;
  const budgetMinutes = options.rateLimitWaitMinutes ?? DEFAULT_RATE_LIMIT_WAIT_MINUTES;
  const resume = options.resumeHint ? `\`${options.resumeHint}\`` : "the same command";
  /** Rate-limit waiting left in this run, in ms. */
  let budgetLeftMs = budgetMinutes * 60_000;
  /** The primary limit is known to be exhausted until then (a response said remaining 0): wait before sending. */
  let exhaustedUntil = 0;

  // Status 0: no request was sent, the previous answer said the quota is spent until its reset.
  const answered = (limit: RateLimitAnswer, route: string) =>
    limit.status === 0 ? `x-ratelimit-remaining 0 before ${route}` : `HTTP ${limit.status} to ${route}`;
  const outlasts = (limit: RateLimitAnswer, route: string) =>
    new RemoteError(
      `GitHub's ${limit.kind} rate limit (${answered(limit, route)}) lifts at ${formatUtc(limit.liftsAt, now())}, ` +
        `in ${formatSeconds(limit.waitSeconds)}: more than the ${formatSeconds(budgetLeftMs / 1000)} left of ` +
        `github.rate-limit-wait-minutes (${budgetMinutes}); run ${resume} again after that time, it resumes where this run stopped`,
    );

  /** Waits out a limit (printed, then every minute), or throws the one-line error when it does not fit the budget. */
  const waitFor = async (limit: RateLimitAnswer, route: string) => {
    const ms = limit.waitSeconds * 1000;
    if (ms > budgetLeftMs) throw outlasts(limit, route);
    budgetLeftMs -= ms;
    logger.info(
      `GitHub ${limit.kind} rate limit (${answered(limit, route)}): waiting ${formatSeconds(limit.waitSeconds)}, ` +
        `until ${formatUtc(now() + ms, now())} (${limit.source}; github.rate-limit-wait-minutes: ${budgetMinutes})`,
    );
    for (let left = ms; left > 0; left -= 60_000) {
      await sleep(Math.min(left, 60_000));
      if (left > 60_000)
        logger.info(`still waiting for GitHub's rate limit: ${formatSeconds((left - 60_000) / 1000)} left`);
    }
  };

  octokit.hook.wrap("request", async (request, requestOptions) => {
    const route = `${requestOptions.method} ${String(requestOptions.url)}`;
    // A flow may lower the outage retries of one request (a dispatch is not idempotent): `request: { retries: 0 }`.
    const perRequest = (requestOptions.request as { retries?: unknown } | undefined)?.retries;
    const outageRetries = typeof perRequest === "number" ? perRequest : serverRetries;
    const countsAgainstLimit = !String(requestOptions.url).startsWith("/rate_limit");
    let outages = 0;
    let limits = 0;
    for (;;) {
      if (countsAgainstLimit && exhaustedUntil > now()) {
        // The last answer said the quota is spent: waiting (or stopping) now saves a request that would be refused.
        const waitSeconds = Math.ceil((exhaustedUntil - now()) / 1000) + 1;
        await waitFor(
          { kind: "primary", status: 0, waitSeconds, liftsAt: exhaustedUntil, source: "x-ratelimit-reset" },
          route,
        );
      }
      const started = performance.now();
      const record = (status: number) => {
        const entry = {
          method: requestOptions.method,
          route: String(requestOptions.url),
          status,
          ms: Math.round(performance.now() - started),
        };
        requestLog.push(entry);
        if (options.verbose) logger.info(`${route} -> ${status} (${entry.ms} ms)`);
      };
      const noteQuota = (headers: Record<string, string | number | undefined> | undefined) => {
        if (headers?.["x-ratelimit-remaining"] === undefined) return;
        const reset = Number(headers["x-ratelimit-reset"]);
        exhaustedUntil = String(headers["x-ratelimit-remaining"]) === "0" && reset > 0 ? reset * 1000 : 0;
      };
      try {
        const response = await request(requestOptions);
        record(response.status);
        if (countsAgainstLimit) noteQuota(response.headers);
        return response;
      } catch (error) {
        const status = statusOf(error);
        record(status);
        const response = (error as { response?: { headers?: Record<string, string>; data?: { message?: string } } })
          .response;
        const limit = classifyRateLimit(
          { status, headers: response?.headers, message: response?.data?.message ?? errorMessage(error) },
          now(),
          fallbackSeconds,
          limits,
        );
        if (limit) {
          exhaustedUntil = 0;
          // GitHub warns that requests sent while a secondary limit holds can get an integration banned: a limit
          // that names no wait is waited out once (a minute), and one still there after that stops the run.
          if (limits >= limitRetries || (limit.source === "fallback" && limits >= 1)) {
            // No end is known: suggest the next wait of the back-off as the time to come back.
            const lifts = now() + limit.waitSeconds * 1000;
            throw new RemoteError(
              `GitHub's ${limit.kind} rate limit answered ${route} ${limits + 1} times in a row (${answered(limit, route)}); ` +
                `it lifts at ${formatUtc(lifts, now())} at the earliest: run ${resume} again after that time, it resumes where this run stopped`,
              { cause: error },
            );
          }
          await waitFor(limit, route);
          limits += 1;
          continue;
        }
        if (status === 0 || status >= 500) {
          if (outages < outageRetries) {
            outages += 1;
            // Quadratic back-off (1x, 4x, 9x the base), as GitHub's and Octokit's guidance for outages.
            await sleep(retryBaseMs * outages * outages);
            continue;
          }
          // An outage is the user's to wait out, not a bug, and every flow resumes where it stopped.
          throw new RemoteError(
            `GitHub did not answer ${route} (${status === 0 ? errorMessage(error) : `HTTP ${status}`}) after its retries: run ${resume} again later; it resumes where this run stopped`,
            { cause: error },
          );
        }
        // A refusal a setting or another token fixes is explained here, once for every flow.
        throw refusalOrError(error);
      }
    }
  });
  return Object.assign(octokit, { requestLog, tokenKind: tokenKindOfPrefix(options.token) });
}

/** The HTTP status of an Octokit error; 0 when there was no answer. */
function statusOf(error: unknown): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : 0;
}
