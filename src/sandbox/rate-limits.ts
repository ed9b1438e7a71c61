/**
 * GitHub's REST rate limits in the sandbox: the `x-ratelimit-*` headers on every API response (limit, remaining,
 * reset, used, resource), the `GET /rate_limit` body, and the answers GitHub gives when a limit is hit, in every
 * shape it uses: a primary limit (`x-ratelimit-remaining: 0` until `x-ratelimit-reset`) or a secondary limit,
 * each with status 403 or 429, with or without `retry-after`.
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */

/** Which limit: the hourly quota (primary) or GitHub's abuse protection (secondary). */
export type RateLimitKind = "primary" | "secondary";

/** One shape of a rate-limit answer, and how long it lasts. */
export interface RateLimitShape {
  readonly kind: RateLimitKind;
  readonly status: 403 | 429;
  /** `retry-after` seconds sent with each limited answer; absent: no `retry-after` header (GitHub sends none often). */
  readonly retryAfter?: number;
  /** Seconds from the first limited answer until the limit lifts (the primary limit's `x-ratelimit-reset`). */
  readonly resetSeconds: number;
  /**
   * Requests answered normally before the limit starts. Default 0. For a primary limit the last of them already
   * reports `x-ratelimit-remaining: 0` (the quota is spent from then until the reset).
   */
  readonly afterRequests?: number;
}

/** The sandbox's hourly quotas: GitHub's for a token (5000) and for anonymous callers (60). */
const TOKEN_LIMIT = 5000;
const ANONYMOUS_LIMIT = 60;
const WINDOW_SECONDS = 3600;
const DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

interface Window {
  used: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

/** The response to send for a limited request. */
export interface RateLimitedAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly kind: RateLimitKind;
}

/**
 * Counts requests per caller (token, or "anonymous") in hourly windows and answers with a configured limit shape.
 * The counts feed the headers only: a test never makes 5000 requests, and a limit is produced by `shape`.
 */
export class RateLimits {
  private readonly windows = new Map<string, Window>();
  private shape: RateLimitShape | undefined;
  private seen = 0;
  /** Epoch ms when the configured limit started answering; undefined before. */
  private startedAt: number | undefined;
  /** How many requests a configured limit answered, by kind. */
  readonly answered: Record<RateLimitKind, number> = { primary: 0, secondary: 0 };

  constructor(private readonly nowMs: () => number) {}

  /** Sets (or clears) the limit shape; its request count and clock start again. */
  setShape(shape: RateLimitShape | undefined): void {
    this.shape = shape;
    this.seen = 0;
    this.startedAt = undefined;
  }

  private window(caller: string | undefined): Window {
    const key = caller ?? "anonymous";
    const now = Math.floor(this.nowMs() / 1000);
    let w = this.windows.get(key);
    if (!w || w.reset <= now) {
      w = { used: 0, reset: now + WINDOW_SECONDS };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Epoch seconds when the configured primary limit lifts, while it is in force. */
  private primaryResetWhileLimited(): number | undefined {
    if (this.shape?.kind !== "primary" || this.startedAt === undefined) return undefined;
    const end = this.startedAt + this.shape.resetSeconds * 1000;
    return this.nowMs() < end ? Math.ceil(end / 1000) : undefined;
  }

  /**
   * Called for each API request (except GET /rate_limit, which GitHub does not count): the limited answer to send,
   * or undefined to serve the request (then `count` it).
   */
  check(caller: string | undefined, callerId: number | undefined): RateLimitedAnswer | undefined {
    const shape = this.shape;
    if (!shape) return undefined;
    this.seen += 1;
    const after = shape.afterRequests ?? 0;
    const now = this.nowMs();
    if (this.seen < after) return undefined;
    if (this.seen === after) {
      // The last request a primary quota allows is served with `x-ratelimit-remaining: 0`, as GitHub's 5000th is.
      if (shape.kind === "primary") this.startedAt = now;
      return undefined;
    }
    this.startedAt ??= now;
    if (now >= this.startedAt + shape.resetSeconds * 1000) return undefined;
    this.answered[shape.kind] += 1;
    const headers = this.headers(caller);
    if (shape.retryAfter !== undefined) headers["retry-after"] = String(shape.retryAfter);
    const who = callerId === undefined ? "your IP address" : `user ID ${callerId}`;
    const message =
      shape.kind === "primary"
        ? `API rate limit exceeded for ${who}.`
        : "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
    return {
      status: shape.status,
      body: { message, documentation_url: DOCS, status: String(shape.status) },
      headers,
      kind: shape.kind,
    };
  }

  /** Counts one served request against the caller's window. */
  count(caller: string | undefined): void {
    this.window(caller).used += 1;
  }

  /** The `x-ratelimit-*` headers for the caller, as of now. */
  headers(caller: string | undefined): Record<string, string> {
    const r = this.core(caller);
    return {
      "x-ratelimit-limit": String(r.limit),
      "x-ratelimit-remaining": String(r.remaining),
      "x-ratelimit-reset": String(r.reset),
      "x-ratelimit-used": String(r.used),
      "x-ratelimit-resource": "core",
    };
  }

  /** The caller's `core` resource: during a primary limit, exhausted until its reset. */
  core(caller: string | undefined): { limit: number; remaining: number; reset: number; used: number } {
    const limit = caller === undefined ? ANONYMOUS_LIMIT : TOKEN_LIMIT;
    const w = this.window(caller);
    const limitedUntil = this.primaryResetWhileLimited();
    if (limitedUntil !== undefined) return { limit, remaining: 0, reset: limitedUntil, used: limit };
    const used = Math.min(w.used, limit);
    return { limit, remaining: limit - used, reset: w.reset, used };
  }

  /** The body of GET /rate_limit (GitHub's `rate-limit-overview`). */
  overview(caller: string | undefined): Record<string, unknown> {
    const core = this.core(caller);
    const now = Math.floor(this.nowMs() / 1000);
    const other = (limit: number) => ({ limit, used: 0, remaining: limit, reset: now + 60 });
    return {
      resources: {
        core,
        search: other(caller === undefined ? 10 : 30),
        graphql: { ...other(caller === undefined ? 0 : 5000), reset: now + WINDOW_SECONDS },
        integration_manifest: { ...other(5000), reset: now + WINDOW_SECONDS },
        code_search: other(caller === undefined ? 0 : 10),
      },
      rate: core,
    };
  }
}

/** Parses a shape name: `primary-403`, `primary-429`, `secondary-403`, `secondary-429`. */
export function parseRateLimitKind(text: string): { kind: RateLimitKind; status: 403 | 429 } | undefined {
  const m = /^(primary|secondary)-(403|429)$/.exec(text);
  if (!m) return undefined;
  return { kind: m[1] as RateLimitKind, status: Number(m[2]) as 403 | 429 };
}
