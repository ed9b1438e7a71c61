/**
 * The sandbox server: GitHub's REST API (under /api/v3), GitHub's web host (smart-HTTP clones, archive
 * tarballs) and a PyPI-like package index (under /pypi-index), on one loopback port. Tests use
 * `startSandbox(seed)`; `release-kit sandbox serve` wraps the same function.
 */
import http from "node:http";
import { createHash } from "node:crypto";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import type { AddressInfo, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { FaultInjector } from "./faults.js";
import type { FaultSpec } from "./faults.js";
import { GitStore } from "./git-store.js";
import { HttpError, notImplemented } from "./http-errors.js";
import type { Urls } from "./representations.js";
import { Router } from "./router.js";
import type { Caller, RouteContext, RouteResult } from "./router.js";
import type { Seed } from "./seed.js";
import { SandboxState, emptyData } from "./state.js";
import { applySeed } from "./apply-seed.js";
import { answerWhileForkCopies } from "./fork-readiness.js";
import { allRoutes } from "./routes/index.js";
import { handleWeb } from "./web.js";
import type { PushSetup } from "./web.js";
import { PUSH_CHECK_PATH, PendingPushes, writePushHook } from "./git-push.js";
import type { PushedRefUpdate } from "./git-push.js";
import { handleCondaChannel, addCondaPackage } from "./conda-channel.js";
import { handlePackageIndex } from "./package-index.js";
import { rememberServedTokens } from "./served-tokens.js";
import { tokenKindHeaders, tokenKindRefusal } from "./token-kinds.js";
import {
  GITHUB_UNIVERSAL_ERROR_STATUSES,
  createOpenApiValidator,
  loadGitHubOpenApiSubset,
} from "./openapi/validator.js";

/** One request the sandbox answered. */
export interface SandboxRequest {
  readonly method: string;
  /** The concrete path, e.g. `/repos/acme/widget/git/refs`. */
  readonly path: string;
  /** The matched OpenAPI template, e.g. `POST /repos/{owner}/{repo}/git/refs`; empty for web/index requests. */
  readonly route: string;
  /** HTTP status; 0 when the connection was dropped. */
  readonly status: number;
  /** A mutating API request (POST/PATCH/PUT/DELETE). */
  readonly write: boolean;
  /** The write was applied to the sandbox's state. */
  readonly applied: boolean;
  /** Which injected fault answered it, if any. */
  readonly fault?: string;
  readonly ms: number;
  readonly area: "api" | "web" | "index" | "conda" | "control";
}

/** The strictness checker (GitHub's OpenAPI description). */
export interface ApiValidator {
  hasOperation(method: string, template: string): boolean;
  validateRequestBody(method: string, template: string, body: unknown): string[];
  validateResponse(method: string, template: string, status: number, body: unknown): string[];
}

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** 0 or absent: any free port. */
  readonly port?: number;
  /** Keep git repositories and state here (reused across restarts); default: a temp dir removed on stop. */
  readonly stateDir?: string;
  readonly faults?: FaultSpec;
  /** Check requests and responses against GitHub's OpenAPI description. Default true. */
  readonly strict?: boolean;
  /** Fixed clock for deterministic tests. */
  readonly now?: () => Date;
}

/** A running sandbox. */
export interface Sandbox {
  /** GITHUB_API_URL */
  readonly apiUrl: string;
  /** GITHUB_SERVER_URL */
  readonly serverUrl: string;
  /** PYPI_URL */
  readonly pypiUrl: string;
  /** Every request answered so far. */
  readonly requests: SandboxRequest[];
  /** Responses that failed the OpenAPI check and requests to unimplemented endpoints: each fails a test. */
  readonly violations: string[];
  readonly state: SandboxState;
  readonly git: GitStore;
  readonly faults: FaultInjector;
  /** Environment variables a client needs (GITHUB_API_URL, GITHUB_SERVER_URL, PYPI_URL, CONDA_URL). */
  env(): Record<string, string>;
  /** Writes that were applied (optionally since an index into `requests`). */
  appliedWrites(since?: number): SandboxRequest[];
  /** Stops the server and removes a temporary state dir. */
  stop(): Promise<void>;
}

const API_PREFIX = "/api/v3";
/** POST endpoints that read only: https://docs.github.com/rest/releases/releases#generate-release-notes-content-for-a-release */
const READ_ONLY_POSTS = /^\/repos\/[^/]+\/[^/]+\/releases\/generate-notes$/;
const INDEX_PREFIX = "/pypi-index";
const CONDA_PREFIX = "/conda";

function isoNow(clock: () => Date): string {
  return clock()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

/** Serializes writes so that concurrent clients see GitHub's atomic behaviour. */
class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseCaller(header: string | undefined, tokens: readonly Caller[]): Caller | undefined | "bad" {
  if (!header) return undefined;
  const m = /^(?:token|bearer)\s+(.+)$/i.exec(header.trim());
  if (!m) return "bad";
  return tokens.find((t) => t.token === m[1]) ?? "bad";
}

/** The token of an Authorization header (`token X` / `bearer X`), or undefined. */
function tokenOfHeader(header: string | undefined): string | undefined {
  return header ? /^(?:token|bearer)\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
}

// Every token of every sandbox this process started: the token-hygiene check scans logs for them.
export { tokensServedByThisProcess } from "./served-tokens.js";

/**
 * One strictness checker for every sandbox of the process. It holds no state of a sandbox (only the parsed subset and
 * the ajv validators it compiled), and parsing the 240 kB subset and compiling its schemas again for each sandbox
 * cost more CPU than anything else in starting one: a crash loop starts a sandbox per write.
 */
let apiValidator: Promise<ApiValidator> | undefined;

function sharedApiValidator(): Promise<ApiValidator> {
  // GitHub answers 422 on operations whose description lists no 422 (a dispatch to an unknown ref: "No ref found
  // for: X"; a status or check run on an unknown SHA; a release edited onto a taken tag). Without this, strict mode
  // would turn those real answers into 500s, which clients retry instead of reporting.
  if (!apiValidator) {
    const loading = loadGitHubOpenApiSubset().then((subset) =>
      createOpenApiValidator(subset, { universalErrorStatuses: [...GITHUB_UNIVERSAL_ERROR_STATUSES, 422] }),
    );
    apiValidator = loading;
    // A failed read (a missing subset file) is reported to its caller and tried again by the next sandbox.
    loading.catch(() => {
      if (apiValidator === loading) apiValidator = undefined;
    });
  }
  return apiValidator;
}

/** Starts a sandbox seeded with `seed`. */
export async function startSandbox(seed: Seed, options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.now ?? (() => new Date());
  const tempRoot = options.stateDir ? undefined : await mkdtemp(path.join(os.tmpdir(), "rk-sandbox-"));
  const root = options.stateDir ?? tempRoot!;
  await mkdir(root, { recursive: true });
  const git = new GitStore(path.join(root, "git"));
  const loaded = options.stateDir ? await SandboxState.load(root) : undefined;
  const state = loaded ?? new SandboxState(emptyData(), path.join(root, "state.json"));
  if (!loaded) {
    // No state.json: never seeded in full (a process killed mid-seed leaves git data and no state). Start clean, seed,
    // then write state.json, the mark that this directory is seeded: a restart at any later point loads it.
    await rm(git.root, { recursive: true, force: true });
    await rm(path.join(root, "packages"), { recursive: true, force: true });
    await applySeed(seed, { state, git, root, now: () => isoNow(clock) });
    await state.save();
  }
  const hooksDir = await writePushHook(root);
  const pushes = new PendingPushes();
  const tokens: Caller[] = seed.tokens.map((t) => ({
    ...t,
    bypassBranchProtection: t.bypassBranchProtection ?? false,
  }));
  rememberServedTokens(tokens.map((t) => t.token));
  const faults = new FaultInjector(options.faults, () => clock().getTime());
  const router = new Router();
  router.add(...allRoutes);
  const validator: ApiValidator | undefined = options.strict === false ? undefined : await sharedApiValidator();
  const requests: SandboxRequest[] = [];
  const violations: string[] = [];
  const lock = new WriteLock();
  const sockets = new Set<Socket>();

  let urls: Urls = { api: "", web: "" };
  let indexUrl = "";
  const pushSetup: PushSetup = {
    tokens,
    pushes,
    hooksDir,
    get checkUrl() {
      return `${urls.web}${PUSH_CHECK_PATH}`;
    },
    runWrite: (fn) => lock.run(fn),
    async pushed(fullName) {
      const repo = state.repo(fullName);
      if (repo) repo.pushedAt = isoNow(clock);
      await state.save();
    },
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      violations.push(`sandbox crashed on ${req.method} ${req.url}: ${String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `sandbox internal error: ${String(error)}` }));
      } else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    if (url.pathname.startsWith(API_PREFIX + "/") || url.pathname === API_PREFIX) {
      await handleApi(req, res, url, method, started);
      return;
    }
    if (url.pathname.startsWith("/_sandbox/")) {
      await handleControl(req, res, url, method);
      return;
    }
    const area = url.pathname.startsWith(INDEX_PREFIX + "/")
      ? "index"
      : url.pathname.startsWith(CONDA_PREFIX + "/")
        ? "conda"
        : "web";
    const status =
      area === "index"
        ? await handlePackageIndex({ state, indexUrl, path: url.pathname.slice(INDEX_PREFIX.length), method, res })
        : area === "conda"
          ? handleCondaChannel(state, url.pathname.slice(CONDA_PREFIX.length), method, res)
          : await handleWeb({ state, git, req, res, url, method, push: pushSetup });
    requests.push({
      method,
      path: url.pathname,
      route: "",
      status,
      write: false,
      applied: false,
      ms: Math.round(performance.now() - started),
      area,
    });
  }

  async function handleControl(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    method: string,
  ): Promise<void> {
    // The pre-receive hook of a push asks whether its ref updates pass branch protection (git-push.ts).
    if (url.pathname === PUSH_CHECK_PATH && method === "POST") {
      const body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as {
        push?: string;
        updates?: PushedRefUpdate[];
      };
      const verdict = pushes.judge(state, String(body.push ?? ""), body.updates ?? []);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(verdict));
      return;
    }
    // Only for `sandbox serve` users (e2e tests of subprocesses): read the request log, set faults.
    if (url.pathname === "/_sandbox/requests" && method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ requests, violations }));
      return;
    }
    if (url.pathname === "/_sandbox/conda" && method === "POST") {
      const body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as Record<string, unknown>;
      const field = (key: string) => (typeof body[key] === "string" ? body[key] : undefined);
      const name = field("name");
      const version = field("version");
      const subdir = field("subdir");
      if (!name || !version || !subdir) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "give name, version and subdir (and channel, label, build)" }));
        return;
      }
      const build = field("build");
      // Saved before the answer, as API writes are: a restart keeps the package.
      await lock.run(async () => {
        addCondaPackage(state, {
          channel: field("channel") ?? "conda-forge",
          label: field("label") ?? "main",
          subdir,
          name,
          version,
          ...(build ? { build } : {}),
        });
        await state.save();
      });
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/_sandbox/faults" && method === "POST") {
      const body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as FaultSpec;
      faults.set(body);
      res.writeHead(204).end();
      return;
    }
    res.writeHead(404).end();
  }

  async function handleApi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    method: string,
    started: number,
  ): Promise<void> {
    const apiPath = url.pathname.slice(API_PREFIX.length) || "/";
    // generate-notes is a POST that stores nothing ("the notes are not saved anywhere"), so a dry run may call it.
    const isWrite = !["GET", "HEAD"].includes(method) && !READ_ONLY_POSTS.test(apiPath);
    const log = (status: number, route: string, applied: boolean, fault?: string) =>
      requests.push({
        method,
        path: apiPath,
        route,
        status,
        write: isWrite,
        applied,
        fault,
        ms: Math.round(performance.now() - started),
        area: "api",
      });

    // Rate limits are counted per token, as GitHub counts them per user (an unknown token is answered 401 below).
    const rateKey = tokenOfHeader(req.headers.authorization);
    // What the caller's kind of token gets in every answer (x-oauth-scopes, x-accepted-github-permissions).
    let kindHeaders: Record<string, string> = {};
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      // A route that sets a non-JSON content type (a raw file) sends its string body as it is.
      const raw =
        typeof body === "string" && headers["content-type"] !== undefined && !/json/.test(headers["content-type"]);
      const payload = body === undefined ? "" : raw ? body : JSON.stringify(body);
      res.writeHead(status, {
        ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
        "x-github-api-version-selected": "2022-11-28",
        ...faults.rateLimits.headers(rateKey),
        ...kindHeaders,
        ...headers,
      });
      res.end(payload);
    };

    if (faults.isDown) {
      log(0, "", false, "down");
      req.socket.destroy();
      return;
    }
    const fault = faults.before();
    if (fault) {
      log(fault === "drop" ? 0 : Number(fault === "secondary" ? 403 : fault), "", false, fault);
      if (fault === "drop") {
        req.socket.destroy();
        return;
      }
      const docs = "https://docs.github.com/rest";
      if (fault === "secondary")
        return send(
          403,
          {
            message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            documentation_url: docs,
          },
          { "retry-after": String(faults.retryAfter) },
        );
      if (fault === "429")
        return send(
          429,
          { message: "Too many requests", documentation_url: docs },
          { "retry-after": String(faults.retryAfter) },
        );
      return send(Number(fault), { message: fault === "502" ? "Server Error" : "Service Unavailable" });
    }

    const caller = parseCaller(req.headers.authorization, tokens);
    if (caller === "bad") {
      log(401, "", false);
      return send(401, {
        message: "Bad credentials",
        documentation_url: "https://docs.github.com/rest",
        status: "401",
      });
    }
    // GET /rate_limit is not counted and answers even while a limit is in force, as on GitHub.
    if (!(method === "GET" && apiPath === "/rate_limit")) {
      const limited = faults.rateLimits.check(rateKey, caller ? state.user(caller.login).id : undefined);
      if (limited) {
        log(limited.status, "", false, `${limited.kind}-rate-limit`);
        return send(limited.status, limited.body, limited.headers);
      }
      faults.rateLimits.count(rateKey);
    }
    kindHeaders = tokenKindHeaders(caller, method, "");
    const matched = router.match(method, apiPath);
    if (!matched) {
      const err = notImplemented(method, apiPath);
      violations.push(String(err.body.message));
      log(501, "", false);
      return send(err.status, err.body);
    }
    const template = matched.route.template;
    const route = `${method} ${template}`;
    const hasBody = !["GET", "HEAD"].includes(method);
    const raw = hasBody ? await readBody(req) : Buffer.alloc(0);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        log(400, route, false);
        return send(400, {
          message: "Problems parsing JSON",
          documentation_url: "https://docs.github.com/rest",
          status: "400",
        });
      }
    }
    if (validator) {
      if (!validator.hasOperation(method, template)) violations.push(`route ${route} is not in the OpenAPI subset`);
      else if (hasBody) {
        const problems = validator.validateRequestBody(method, template, body);
        if (problems.length > 0) {
          log(422, route, false);
          return send(422, {
            message: `Invalid request.\n\n${problems.join("\n")}`,
            documentation_url: "https://docs.github.com/rest",
            status: "422",
          });
        }
      }
    }
    kindHeaders = tokenKindHeaders(caller, method, template);
    const kindRefusal = tokenKindRefusal(
      caller,
      { method, template, params: matched.params, body, write: isWrite },
      state,
    );
    if (kindRefusal) {
      log(kindRefusal.status, route, false);
      return send(kindRefusal.status, kindRefusal.body);
    }
    const ctx: RouteContext = {
      method,
      template,
      params: matched.params,
      query: url.searchParams,
      body,
      headers: req.headers,
      caller,
      state,
      git,
      urls,
      tokens,
      now: () => isoNow(clock),
      rateLimitOverview: () => faults.rateLimits.overview(rateKey),
    };
    let result: RouteResult;
    let applied = false;
    try {
      const copying = answerWhileForkCopies(ctx);
      if (copying) result = copying;
      else if (isWrite) {
        result = await lock.run(async () => {
          const r = await matched.route.handler(ctx);
          if (r.status < 400) await state.save();
          return r;
        });
        applied = result.status < 400;
      } else {
        result = await matched.route.handler(ctx);
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      result = { status: error.status, body: error.body, headers: error.headers };
    }
    const rawMedia = /raw/.test(result.headers?.["content-type"] ?? "");
    if (validator && validator.hasOperation(method, template) && result.status !== 304 && !rawMedia) {
      const problems = validator.validateResponse(method, template, result.status, result.body);
      if (problems.length > 0) {
        const message = `sandbox response to ${route} (${result.status}) fails GitHub's OpenAPI description: ${problems.join("; ")}`;
        violations.push(message);
        log(500, route, applied);
        return send(500, { message });
      }
    }
    if (applied && faults.afterWrite()) {
      // The write is applied; the client never hears back, as when a runner dies mid-request.
      log(0, route, true, "crash");
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    // GitHub sends an ETag with every 200 and 201 that has a body (a created ref, status or release too), and
    // answers a GET whose If-None-Match still matches with 304.
    if ((result.status === 200 || result.status === 201) && result.body !== undefined) {
      const etag = `W/"${createHash("sha1").update(JSON.stringify(result.body)).digest("hex")}"`;
      headers.etag = etag;
      if (method === "GET" && req.headers["if-none-match"] === etag) {
        log(304, route, false);
        res.writeHead(304, { etag, ...faults.rateLimits.headers(rateKey) });
        res.end();
        return;
      }
    }
    log(result.status, route, applied);
    send(result.status, result.status === 204 ? undefined : result.body, headers);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const web = `http://127.0.0.1:${port}`;
  urls = { api: `${web}${API_PREFIX}`, web };
  indexUrl = `${web}${INDEX_PREFIX}`;

  return {
    apiUrl: urls.api,
    serverUrl: urls.web,
    pypiUrl: indexUrl,
    requests,
    violations,
    state,
    git,
    faults,
    env: () => ({
      GITHUB_API_URL: urls.api,
      GITHUB_SERVER_URL: urls.web,
      PYPI_URL: indexUrl,
      CONDA_URL: `${urls.web}${CONDA_PREFIX}`,
    }),
    appliedWrites: (since = 0) => requests.slice(since).filter((r) => r.applied),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      git.close();
      if (tempRoot) await rm(tempRoot, { recursive: true, force: true });
    },
  };
}
