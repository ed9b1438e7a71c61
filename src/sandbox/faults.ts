/**
 * Deterministic fault injection for tests: a seeded fraction of API requests is answered with 502/503, a
 * secondary rate limit (403 + retry-after), 429, or a dropped connection, before the request is processed.
 * `crashAfterWrites: N` applies the Nth write, then drops that response and every later request, as if the
 * client's runner died right after the write; tests clear it and run the flow again to prove it resumes.
 * `rateLimit` answers every request with one of GitHub's rate-limit shapes until it lifts (see rate-limits.ts).
 */
import { RateLimits, parseRateLimitKind } from "./rate-limits.js";
import type { RateLimitShape } from "./rate-limits.js";

/** The kinds of injected faults. */
export type FaultKind = "502" | "503" | "secondary" | "429" | "drop";

/** What the sandbox should inject. */
export interface FaultSpec {
  /** Fraction of API requests that fail, 0..1. */
  readonly rate?: number;
  readonly seed?: number;
  readonly kinds?: readonly FaultKind[];
  /** retry-after seconds on 403/429 faults. Default 1. */
  readonly retryAfter?: number;
  /** Apply the Nth write (1-based, counted from when the spec was set), then go down. */
  readonly crashAfterWrites?: number;
  /** Answer with a rate limit of this shape (primary/secondary, 403/429, with/without retry-after) until it lifts. */
  readonly rateLimit?: RateLimitShape;
}

const ALL_KINDS: readonly FaultKind[] = ["502", "503", "secondary", "429", "drop"];

const KEYS = "rate, seed, kinds, retry-after, crash-after-writes, limit, limit-retry-after, limit-reset, limit-after";

/**
 * Parses `rate=0.2,seed=7,kinds=502+503+drop,retry-after=1,crash-after-writes=3` (the CLI's `--faults`), and a rate
 * limit: `limit=primary-429,limit-reset=90,limit-retry-after=none,limit-after=2`.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = {};
  let limit: { kind: RateLimitShape["kind"]; status: 403 | 429 } | undefined;
  let limitRetryAfter: number | undefined;
  let limitReset = 60;
  let limitAfter = 0;
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value = ""] = part.split("=", 2) as [string, string?];
    const num = Number(value);
    switch (key) {
      case "rate":
        if (!(num >= 0 && num <= 1)) throw new Error(`--faults rate=${value}: give a fraction between 0 and 1`);
        spec.rate = num;
        break;
      case "seed":
        if (!Number.isInteger(num)) throw new Error(`--faults seed=${value}: give an integer`);
        spec.seed = num;
        break;
      case "retry-after":
        if (!(num >= 0)) throw new Error(`--faults retry-after=${value}: give seconds`);
        spec.retryAfter = num;
        break;
      case "crash-after-writes":
        if (!(Number.isInteger(num) && num >= 1))
          throw new Error(`--faults crash-after-writes=${value}: give a count >= 1`);
        spec.crashAfterWrites = num;
        break;
      case "kinds": {
        const kinds = value.split("+").filter(Boolean);
        const bad = kinds.filter((k) => !ALL_KINDS.includes(k as FaultKind));
        if (bad.length > 0)
          throw new Error(`--faults kinds: unknown ${bad.join(", ")} (known: ${ALL_KINDS.join(", ")})`);
        spec.kinds = kinds as FaultKind[];
        break;
      }
      case "limit":
        limit = parseRateLimitKind(value);
        if (!limit)
          throw new Error(`--faults limit=${value}: give primary-403, primary-429, secondary-403 or secondary-429`);
        break;
      case "limit-retry-after":
        if (value === "none") limitRetryAfter = undefined;
        else if (num >= 0) limitRetryAfter = num;
        else throw new Error(`--faults limit-retry-after=${value}: give seconds or none`);
        break;
      case "limit-reset":
        if (!(num > 0)) throw new Error(`--faults limit-reset=${value}: give seconds > 0`);
        limitReset = num;
        break;
      case "limit-after":
        if (!(Number.isInteger(num) && num >= 0)) throw new Error(`--faults limit-after=${value}: give a count >= 0`);
        limitAfter = num;
        break;
      default:
        throw new Error(`--faults: unknown key "${key}" (known: ${KEYS})`);
    }
  }
  if (limit)
    spec.rateLimit = {
      ...limit,
      resetSeconds: limitReset,
      afterRequests: limitAfter,
      ...(limitRetryAfter === undefined ? {} : { retryAfter: limitRetryAfter }),
    };
  return spec;
}

/** A small seeded PRNG (mulberry32) so a fault sequence is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request, which fault (if any) to inject. */
export class FaultInjector {
  private random: () => number;
  private writesSinceSet = 0;
  private crashed = false;
  /** How many faults were injected, by kind. */
  readonly injected: Record<FaultKind | "crash", number> = {
    "502": 0,
    "503": 0,
    secondary: 0,
    "429": 0,
    drop: 0,
    crash: 0,
  };

  /** GitHub's rate limits: the headers of every response, and the configured limit shape. */
  readonly rateLimits: RateLimits;

  constructor(
    private spec: FaultSpec = {},
    nowMs: () => number = () => Date.now(),
  ) {
    this.random = mulberry32(spec.seed ?? 1);
    this.rateLimits = new RateLimits(nowMs);
    this.rateLimits.setShape(spec.rateLimit);
  }

  /** Replaces the spec; resets the crash state, the write counter and the rate-limit shape. */
  set(spec: FaultSpec): void {
    this.spec = spec;
    this.rateLimits.setShape(spec.rateLimit);
    this.random = mulberry32(spec.seed ?? 1);
    this.writesSinceSet = 0;
    this.crashed = false;
  }

  /** True once a crash point was reached: every request is dropped until `set` is called again. */
  get isDown(): boolean {
    return this.crashed;
  }

  /** The fault to inject before processing this request, if any. */
  before(): FaultKind | undefined {
    const rate = this.spec.rate ?? 0;
    if (rate <= 0) return undefined;
    if (this.random() >= rate) return undefined;
    const kinds = this.spec.kinds && this.spec.kinds.length > 0 ? this.spec.kinds : ALL_KINDS;
    const kind = kinds[Math.floor(this.random() * kinds.length)] ?? "502";
    this.injected[kind] += 1;
    return kind;
  }

  /** Called after a write was applied; true when this write is the crash point. */
  afterWrite(): boolean {
    this.writesSinceSet += 1;
    if (this.spec.crashAfterWrites !== undefined && this.writesSinceSet >= this.spec.crashAfterWrites) {
      this.crashed = true;
      this.injected.crash += 1;
      return true;
    }
    return false;
  }

  /** retry-after seconds to send with 403/429 faults. */
  get retryAfter(): number {
    return this.spec.retryAfter ?? 1;
  }
}
