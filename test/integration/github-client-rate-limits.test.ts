/**
 * The GitHub client against every rate-limit shape GitHub uses (primary or secondary, 403 or 429, with or without
 * retry-after), with request counts: a limit that fits `github.rate-limit-wait-minutes` is waited out (printed) and
 * the request completes in 2 requests; one that outlasts it stops at once with one line naming when it lifts and
 * the command that resumes. A shared fake clock lets the sandbox's limit lift while the client "sleeps".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { RemoteError } from "../../src/core/errors.js";
import { RecordingLogger } from "../../src/core/logger.js";
import type { RateLimitShape } from "../../src/sandbox/rate-limits.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const widget = { owner: "acme", repo: "widget" };
const clock = { ms: Date.parse("2026-12-02T15:00:00Z") };

const SHAPES: { kind: "primary" | "secondary"; status: 403 | 429; retryAfter: boolean }[] = [];
for (const kind of ["primary", "secondary"] as const)
  for (const status of [403, 429] as const)
    for (const retryAfter of [true, false]) SHAPES.push({ kind, status, retryAfter });

const label = (s: (typeof SHAPES)[number]) => `${s.kind} ${s.status} ${s.retryAfter ? "with" : "without"} retry-after`;

describe("the GitHub client under rate limits", () => {
  let sandbox: Sandbox;
  const logger = new RecordingLogger();
  const client = (budgetMinutes = 10): GitHubClient =>
    createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: "t-release",
      logger,
      writeIntervalMs: 0,
      retryBaseMs: 1,
      rateLimitWaitMinutes: budgetMinutes,
      resumeHint: "release-kit rc --version 1.20.0",
      now: () => clock.ms,
      sleep: (ms) => {
        clock.ms += ms;
        return Promise.resolve();
      },
    });

  beforeAll(async () => {
    sandbox = await startSandbox(
      normalizeSeed(
        {
          tokens: [{ token: "t-release", login: "release-bot", write: ["acme/widget"] }],
          repos: [{ name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n" } }],
        },
        process.cwd(),
      ),
      { now: () => new Date(clock.ms) },
    );
  });
  afterAll(() => sandbox.stop());

  const requestsTo = (from: number) =>
    sandbox.requests.slice(from).filter((r) => r.path === "/repos/acme/widget").length;
  const limit = (s: (typeof SHAPES)[number], seconds: number): RateLimitShape => ({
    kind: s.kind,
    status: s.status,
    resetSeconds: seconds,
    ...(s.retryAfter ? { retryAfter: seconds } : {}),
  });

  it("sends x-ratelimit-limit/remaining/reset/used/resource on every answer and serves GET /rate_limit uncounted", async () => {
    const gh = client();
    const first = await gh.rest.repos.get(widget);
    expect(first.headers["x-ratelimit-resource"]).toBe("core");
    expect(first.headers["x-ratelimit-limit"]).toBe("5000");
    const used = Number(first.headers["x-ratelimit-used"]);
    expect(Number(first.headers["x-ratelimit-remaining"])).toBe(5000 - used);
    const second = await gh.rest.repos.get(widget);
    expect(Number(second.headers["x-ratelimit-used"])).toBe(used + 1);
    const overview = await gh.rest.rateLimit.get();
    expect(overview.data.resources.core.used).toBe(used + 1);
    expect(overview.data.rate.remaining).toBe(5000 - used - 1);
    const missing = await gh.rest.repos
      .get({ owner: "acme", repo: "nope" })
      .catch((e: { response: { headers: Record<string, string> } }) => e.response);
    expect(missing.headers["x-ratelimit-used"]).toBe(String(used + 2));
    expect(sandbox.violations).toEqual([]);
  });

  for (const shape of SHAPES) {
    it(`waits out a ${label(shape)} that fits the budget: 2 requests and the run completes`, async () => {
      const gh = client(10);
      const mark = sandbox.requests.length;
      const lines = logger.lines.length;
      sandbox.faults.set({ rateLimit: limit(shape, 30) });
      try {
        const { data } = await gh.rest.repos.get(widget);
        expect(data.full_name).toBe("acme/widget");
      } finally {
        sandbox.faults.set({});
      }
      expect(requestsTo(mark)).toBe(2);
      expect(
        logger.lines
          .slice(lines)
          .map((l) => l.message)
          .join("\n"),
      ).toMatch(
        new RegExp(
          `GitHub ${shape.kind} rate limit \\(HTTP ${shape.status} to GET /repos/\\{owner\\}/\\{repo\\}\\): waiting`,
        ),
      );
    });

    it(`stops at once on a ${label(shape)} that outlasts the budget, naming the reset time and the command`, async () => {
      const gh = client(10);
      const mark = sandbox.requests.length;
      sandbox.faults.set({ rateLimit: limit(shape, 3600) });
      let error: unknown;
      try {
        await gh.rest.repos.get(widget);
      } catch (e) {
        error = e;
      } finally {
        sandbox.faults.set({});
      }
      expect(error).toBeInstanceOf(RemoteError);
      const message = (error as Error).message;
      expect(message).not.toContain("\n");
      expect(message).toContain("run `release-kit rc --version 1.20.0` again");
      expect(message).toMatch(/lifts at \d\d:\d\d:\d\d UTC/);
      // Without a hint a secondary limit is waited out once (a minute) before the run stops.
      expect(requestsTo(mark)).toBe(shape.kind === "secondary" && !shape.retryAfter ? 2 : 1);
      expect(requestsTo(mark)).toBeLessThanOrEqual(2);
    });
  }

  it("does not wait at all with a budget of 0 minutes", async () => {
    const gh = client(0);
    const mark = sandbox.requests.length;
    sandbox.faults.set({ rateLimit: { kind: "secondary", status: 429, resetSeconds: 5, retryAfter: 5 } });
    try {
      await expect(gh.rest.repos.get(widget)).rejects.toThrow(/github.rate-limit-wait-minutes \(0\)/);
    } finally {
      sandbox.faults.set({});
    }
    expect(requestsTo(mark)).toBe(1);
  });

  it("counts the budget over the whole run: a second limit finds what the first left", async () => {
    const gh = client(1);
    sandbox.faults.set({ rateLimit: { kind: "secondary", status: 403, resetSeconds: 40, retryAfter: 40 } });
    await gh.rest.repos.get(widget);
    sandbox.faults.set({ rateLimit: { kind: "secondary", status: 403, resetSeconds: 40, retryAfter: 40 } });
    try {
      await expect(gh.rest.repos.get(widget)).rejects.toThrow(/20 s left of github.rate-limit-wait-minutes \(1\)/);
    } finally {
      sandbox.faults.set({});
    }
  });

  it("waits before sending when the last answer said the quota is spent, instead of spending a refused request", async () => {
    const gh = client(10);
    // GitHub serves the last request of the quota with x-ratelimit-remaining: 0; the next one would be refused.
    sandbox.faults.set({ rateLimit: { kind: "primary", status: 403, resetSeconds: 90, afterRequests: 1 } });
    const mark = sandbox.requests.length;
    const lines = logger.lines.length;
    try {
      const first = await gh.rest.repos.get(widget);
      expect(first.headers["x-ratelimit-remaining"]).toBe("0");
      await gh.rest.repos.get(widget);
    } finally {
      sandbox.faults.set({});
    }
    expect(sandbox.requests.slice(mark).map((r) => r.status)).toEqual([200, 200]);
    expect(
      logger.lines
        .slice(lines)
        .map((l) => l.message)
        .join("\n"),
    ).toMatch(/x-ratelimit-remaining 0 before GET/);
  });

  it("tries an outage (502) three more times, still one chain, and names the resume command", async () => {
    const gh = client(10);
    const mark = sandbox.requests.length;
    sandbox.faults.set({ rate: 1, seed: 1, kinds: ["502"] });
    try {
      await expect(gh.rest.repos.get(widget)).rejects.toThrow(/run `release-kit rc --version 1.20.0` again later/);
    } finally {
      sandbox.faults.set({});
    }
    expect(requestsTo(mark)).toBe(4);
  });
});
