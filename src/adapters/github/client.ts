/**
 * The one place an Octokit client is built: base URL from GITHUB_API_URL, token masked, retries and throttling,
 * pagination, and a request log. Flows receive the client; nothing else constructs Octokit.
 */
import { Octokit as OctokitCore } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
// The light build (no Redis clustering) is what the throttling plugin itself uses; the full one adds 110 KB.
import Bottleneck from "bottleneck/light.js";
import type { Logger } from "../../core/logger.js";
import { InputError, RemoteError, errorMessage } from "../../core/errors.js";

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
  /** Secondary/primary rate limit retries before giving up. Default 3. */
  readonly rateLimitRetries?: number;
  /** Called for every token the process knows, so the runner can mask it (`core.setSecret`). */
  readonly maskSecret?: (secret: string) => void;
  /** Upper bound on any wait GitHub asks for (retry-after), in seconds. Default 120. */
  readonly maxRetryAfterSeconds?: number;
}

/** Octokit with exactly the plugins release-kit uses (the `octokit` meta-package also bundles apps and webhooks). */
const Octokit = OctokitCore.plugin(restEndpointMethods, paginateRest, retry, throttling);

/** The GitHub client every flow uses. */
export type GitHubClient = InstanceType<typeof Octokit> & { readonly requestLog: readonly ClientRequestRecord[] };

/** Settings of the client read from the environment, the way GitHub Actions and the CLI provide them. */
export function gitHubOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: { token?: string; verbose?: boolean; logger: Logger; maskSecret?: (s: string) => void },
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
  };
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
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 120;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, opts: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
      if (retryCount >= rateLimitRetries || retryAfter > maxWait) {
        logger.warning(
          `GitHub ${kind} rate limit on ${opts.method} ${opts.url}; giving up after ${retryCount} retries`,
        );
        return false;
      }
      logger.info(`GitHub ${kind} rate limit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
      return true;
    };
  const writeInterval = options.writeIntervalMs ?? 1000;
  const octokit = new Octokit({
    auth: options.token,
    baseUrl,
    userAgent: "release-kit",
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: options.retryBaseMs ?? 1000,
      // The plugin's list plus 409: a conflict (a fork that cannot fast-forward, a run already completed, an
      // empty repository) does not clear by waiting, and the flows that expect one act on it at once.
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451],
    },
    throttle: {
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
      // A group of our own: the plugin's default groups are shared by every client in the process.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeInterval }),
      // Requests that notify people (issues, PRs, comments): GitHub's guidance is to space them more.
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeInterval * 3 }),
      retryAfterBaseValue: Math.min(options.retryBaseMs ?? 1000, 1000),
    },
    log: {
      debug: (m: string) => logger.debug(m),
      info: (m: string) => logger.debug(m),
      warn: (m: string) => logger.warning(m),
      error: (m: string) => logger.error(m),
    },
  });
  const requestLog: ClientRequestRecord[] = [];
  octokit.hook.wrap("request", async (request, requestOptions) => {
    const started = performance.now();
    const route = `${requestOptions.method} ${String(requestOptions.url)}`;
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
    try {
      const response = await request(requestOptions);
      record(response.status);
      return response;
    } catch (error) {
      const status =
        typeof (error as { status?: unknown }).status === "number" ? (error as { status: number }).status : 0;
      record(status);
      // Retries are spent (this hook wraps the retry and throttling plugins): an outage is the user's to wait out,
      // not a bug, and every flow resumes where it stopped.
      if (status === 0 || status === 429 || status >= 500) {
        throw new RemoteError(
          `GitHub did not answer ${route} (${status === 0 ? errorMessage(error) : `HTTP ${status}`}) after its retries: run the same command again later; it resumes where this run stopped`,
          { cause: error },
        );
      }
      throw error;
    }
  });
  return Object.assign(octokit, { requestLog });
}
