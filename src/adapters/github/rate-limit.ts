/**
 * How long GitHub asks a client to wait after a rate-limited answer, read the way GitHub's docs say: `retry-after`
 * first; else `x-ratelimit-remaining: 0` means the primary limit, lifted at `x-ratelimit-reset`; else a secondary
 * limit without a hint, where GitHub asks for at least a minute, longer on each repeat. A 403 that is none of these
 * is a permission answer, not a limit.
 * https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */

/** A rate-limited answer and the wait it asks for. */
export interface RateLimitAnswer {
  readonly kind: "primary" | "secondary";
  readonly status: number;
  /** Seconds to wait before the next request. */
  readonly waitSeconds: number;
  /** Epoch ms when the limit is expected to lift. */
  readonly liftsAt: number;
  /** Where the wait came from, for the message. */
  readonly source: "retry-after" | "x-ratelimit-reset" | "fallback";
}

type Headers = Readonly<Record<string, string | number | undefined>>;

function header(headers: Headers | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return v === undefined ? undefined : String(v);
}

/**
 * Classifies an error answer; undefined when it is not a rate limit. `repeat` counts the limits this request met
 * before, doubling the fallback wait of a secondary limit without `retry-after`.
 */
export function classifyRateLimit(
  answer: { status: number; headers?: Headers; message?: string },
  nowMs: number,
  fallbackSeconds: number,
  repeat = 0,
): RateLimitAnswer | undefined {
  const { status, headers } = answer;
  if (status !== 403 && status !== 429) return undefined;
  const remaining = header(headers, "x-ratelimit-remaining");
  const reset = Number(header(headers, "x-ratelimit-reset"));
  const retryAfter = Number(header(headers, "retry-after"));
  const hasRetryAfter = header(headers, "retry-after") !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0;
  const primary = remaining === "0";
  // A 429 is always a limit; a 403 only with one of the limit signs (else it is a permission answer).
  const limited =
    status === 429 || primary || hasRetryAfter || /rate limit|abuse detection/i.test(answer.message ?? "");
  if (!limited) return undefined;
  const kind = primary ? "primary" : "secondary";
  if (hasRetryAfter) {
    return { kind, status, waitSeconds: retryAfter, liftsAt: nowMs + retryAfter * 1000, source: "retry-after" };
  }
  if (primary && Number.isFinite(reset) && reset > 0) {
    // One second past the reset: the counter is reset at that second, not before it.
    const waitSeconds = Math.max(Math.ceil((reset * 1000 - nowMs) / 1000) + 1, 0);
    return { kind, status, waitSeconds, liftsAt: reset * 1000, source: "x-ratelimit-reset" };
  }
  const waitSeconds = fallbackSeconds * 2 ** repeat;
  return { kind, status, waitSeconds, liftsAt: nowMs + waitSeconds * 1000, source: "fallback" };
}

/** `16:05:00 UTC` from epoch ms (the date too when it is not today). */
export function formatUtc(ms: number, nowMs: number): string {
  const iso = new Date(ms).toISOString();
  const time = `${iso.slice(11, 19)} UTC`;
  return iso.slice(0, 10) === new Date(nowMs).toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

/** A duration in words: `45 s`, `3 min 20 s`, `1 h 5 min`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(Math.round(seconds), 0);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const m = Math.round((s % 3600) / 60);
  return m === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${m} min`;
}
