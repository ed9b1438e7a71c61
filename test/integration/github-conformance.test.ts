/**
 * Conformance of the sandbox with real GitHub: replays the recorded api.github.com sessions of
 * ../shared/fixtures/github-recordings (read there, never copied) against a sandbox seeded with the state each
 * session starts from, and compares status codes, the headers clients act on (ETag, Link, Location,
 * x-ratelimit-*), error messages and the response bodies' keys and types. Sessions on endpoints release-kit never
 * calls are skipped with the reason. Prints one table: scenarios, requests, status matched, shape matched, skipped.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const RECORDINGS = path.resolve(import.meta.dirname, "../../../shared/fixtures/github-recordings");
const hasRecordings = existsSync(RECORDINGS);

/** One recorded request and GitHub's answer (octokit/fixtures' normalized format). */
interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
  readonly response: unknown;
  readonly reqheaders: Readonly<Record<string, string | number>>;
  readonly headers: Readonly<Record<string, string | number>>;
}

const ORG = "octokit-fixture-org";
const TOKEN = "t-conformance";
/** The recordings' placeholder SHAs stand for commits; each replay maps them onto commits of its seeded repo. */
const SHA_1 = "0000000000000000000000000000000000000001";
const SHA_2 = "0000000000000000000000000000000000000002";

/** How a scenario is replayed: the repository it starts from, API calls that build the rest, path rewrites. */
interface Replay {
  readonly repo: string;
  readonly defaultBranch?: string;
  readonly files?: Record<string, string>;
  /** Builds the starting state through the API; returns recorded SHA -> sandbox SHA. */
  setup?(api: ApiCall, head: string): Promise<Record<string, string>>;
  /** A recorded path as release-kit (or Octokit following a Link) would ask it of this sandbox. */
  rewrite?(recordedPath: string): string;
  /** Why a rewrite or a difference is right, shown in the table. */
  readonly note?: string;
}

type ApiCall = (method: string, apiPath: string, body?: unknown) => Promise<{ status: number; data: unknown }>;

/**
 * Every recording, classified. Replayed: sessions whose endpoints release-kit calls (or the sandbox serves for its
 * flows). Skipped: the reason is the endpoint release-kit never calls.
 */
const SCENARIOS: Readonly<Record<string, Replay | { readonly skip: string }>> = {
  "add-labels-to-issue": { repo: "add-labels-to-issue" },
  "create-status": {
    repo: "create-status",
    setup: (_api, head) => Promise.resolve({ [SHA_1]: head }),
  },
  errors: { repo: "errors" },
  "get-content": { repo: "hello-world", defaultBranch: "master", files: { "README.md": "# hello-world" } },
  "get-repository": { repo: "hello-world", defaultBranch: "master", files: { "README.md": "# hello-world" } },
  "git-refs": {
    repo: "git-refs",
    async setup(api, head) {
      // The session creates refs/heads/test on SHA 2 and moves it to SHA 1 without force, so SHA 2 is the parent
      // of main's head SHA 1.
      const parent = (await api("GET", `/repos/${ORG}/git-refs/git/commits/${head}`)).data as { tree: { sha: string } };
      const commit = await api("POST", `/repos/${ORG}/git-refs/git/commits`, {
        message: "second",
        tree: parent.tree.sha,
        parents: [head],
      });
      const child = (commit.data as { sha: string }).sha;
      await api("PATCH", `/repos/${ORG}/git-refs/git/refs/heads/main`, { sha: child });
      return { [SHA_1]: child, [SHA_2]: head };
    },
    // `GET git/refs/` is the undocumented spelling of listing every ref; release-kit lists refs with
    // matching-refs, whose answer has the same shape (an array of git-ref).
    rewrite: (p) => p.replace(/\/git\/refs\/$/, "/git/matching-refs/"),
    note: "GET git/refs/ replayed as git/matching-refs/ (same answer; release-kit calls matching-refs)",
  },
  "paginate-issues": {
    repo: "paginate-issues",
    async setup(api) {
      for (let n = 1; n <= 13; n++)
        await api("POST", `/repos/${ORG}/paginate-issues/issues`, { title: `Test issue ${n}` });
      return {};
    },
    // GitHub's Link URLs use the /repositories/{id} alias; a paginating client follows the sandbox's own links,
    // which name the repository. The test checks that the sandbox's next link is the page the session asked next.
    rewrite: (p) => p.replace(/^\/repositories\/\d+\//, `/repos/${ORG}/paginate-issues/`),
    note: "pages 2-5 asked at /repos/... (GitHub links the /repositories/{id} alias)",
  },
  "add-and-remove-repository-collaborator": { skip: "collaborators and invitations: release-kit never adds one" },
  "branch-protection": {
    skip: "GET/PUT/DELETE branches/{branch}/protection: release-kit reads protection from GET branches/{branch}",
  },
  "create-file": { skip: "PUT contents/{path}: release-kit commits through the Git Data API" },
  "get-archive": { skip: "GET tarball/{ref}: release-kit downloads archives from the web host, not the API" },
  "get-organization": { skip: "GET /orgs/{org}: not called by release-kit" },
  "get-root": { skip: "GET /: not called by release-kit" },
  labels: { skip: "GET/PATCH/DELETE labels/{name}: release-kit only names labels on issues" },
  "lock-issue": { skip: "issue locks: not called by release-kit" },
  "mark-notifications-as-read": { skip: "notifications: not called by release-kit" },
  markdown: { skip: "markdown rendering: not called by release-kit" },
  "project-cards": { skip: "projects (classic): not called by release-kit" },
  "release-assets": { skip: "release assets: release-kit publishes to the package index, never uploads assets" },
  "release-assets-conflict": {
    skip: "release assets: release-kit publishes to the package index, never uploads assets",
  },
  "rename-repository": { skip: "repository renames and the /repositories/{id} redirects: not called by release-kit" },
  "search-issues": { skip: "search: release-kit lists issues by label instead" },
};

/** Headers whose presence (and, for Link, whose relations) must match GitHub's. */
const COMPARED_HEADERS = ["etag", "link", "location"];

/** One difference between the sandbox's answer and GitHub's. */
interface Difference {
  readonly request: string;
  readonly kind: "status" | "shape" | "header" | "message";
  readonly detail: string;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/**
 * Keys of GitHub's body missing from the sandbox's, and keys whose types differ. `null` on either side matches any
 * type (nullable fields depend on state: `closed_at`, `description`). Arrays compare their lengths and first items.
 */
function shapeDifferences(recorded: unknown, actual: unknown, at: string): string[] {
  const rt = jsonType(recorded);
  const at_ = jsonType(actual);
  if (rt === "null" || at_ === "null") return [];
  if (rt !== at_) return [`${at || "body"}: ${at_} where GitHub sends ${rt}`];
  if (rt === "array") {
    const r = recorded as unknown[];
    const a = actual as unknown[];
    // The length of a list answer is the seeded state's; nested arrays (topics, labels) vary with data.
    const out = at === "" && r.length !== a.length ? [`body: ${a.length} items where GitHub sends ${r.length}`] : [];
    return r.length > 0 && a.length > 0 ? [...out, ...shapeDifferences(r[0], a[0], `${at}[0]`)] : out;
  }
  if (rt !== "object") return [];
  const r = recorded as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(r)) {
    const where = at ? `${at}.${key}` : key;
    if (!(key in a)) out.push(`${where}: missing`);
    else out.push(...shapeDifferences(r[key], a[key], where));
  }
  return out;
}

/** JSON with object keys sorted (GitHub's key order carries no meaning). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** `rel -> page` of a Link header (the page number is what a paginating client acts on). */
function linkRels(link: string | null | undefined): Record<string, string> {
  const rels: Record<string, string> = {};
  for (const part of (link ?? "").split(",")) {
    const m = /<([^>]+)>;\s*rel="(\w+)"/.exec(part.trim());
    if (m) rels[m[2]!] = new URL(m[1]!).searchParams.get("page") ?? "";
  }
  return rels;
}

/** What one replayed scenario gave. */
interface ScenarioResult {
  readonly name: string;
  readonly requests: number;
  readonly statusMatched: number;
  readonly shapeMatched: number;
  readonly headersMatched: number;
  readonly differences: Difference[];
  readonly note?: string;
  readonly violations: readonly string[];
}

async function replay(name: string, scenario: Replay, recorded: readonly Recorded[]): Promise<ScenarioResult> {
  const seed = normalizeSeed(
    {
      tokens: [{ token: TOKEN, login: "octokit-fixture-user-a", write: [`${ORG}/*`] }],
      repos: [
        {
          name: `${ORG}/${scenario.repo}`,
          default_branch: scenario.defaultBranch ?? "main",
          files: scenario.files ?? { "README.md": `# ${scenario.repo}\n` },
        },
      ],
    },
    process.cwd(),
  );
  const sandbox: Sandbox = await startSandbox(seed);
  try {
    const base = new URL(sandbox.apiUrl);
    const call = async (method: string, apiPath: string, body?: unknown, accept?: string) => {
      const response = await fetch(`${sandbox.apiUrl}${apiPath}`, {
        method: method.toUpperCase(),
        headers: {
          authorization: `token ${TOKEN}`,
          accept: accept ?? "application/vnd.github.v3+json",
          ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const type = response.headers.get("content-type") ?? "";
      const data: unknown = text && type.includes("json") ? JSON.parse(text) : text;
      return { status: response.status, data, headers: response.headers };
    };
    const head = (await sandbox.git.resolveCommit(`${ORG}/${scenario.repo}`, scenario.defaultBranch ?? "main"))!;
    const shas = scenario.setup ? await scenario.setup((m, p, b) => call(m, p, b), head) : {};
    const mapShas = (text: string) => Object.entries(shas).reduce((t, [from, to]) => t.split(from).join(to), text);
    const before = sandbox.requests.length;
    const differences: Difference[] = [];
    let statusMatched = 0;
    let shapeMatched = 0;
    let headersMatched = 0;
    let expectedNext: string | undefined;
    for (const [i, rec] of recorded.entries()) {
      const recordedPath = mapShas(scenario.rewrite ? scenario.rewrite(rec.path) : rec.path);
      const label = `${i + 1}. ${rec.method.toUpperCase()} ${rec.path}`;
      const body: unknown =
        rec.body === "" || rec.body === undefined ? undefined : JSON.parse(mapShas(JSON.stringify(rec.body)));
      const accept = String(rec.reqheaders.accept ?? "application/vnd.github.v3+json");
      const got = await call(rec.method, recordedPath, body, accept);
      const diff = (kind: Difference["kind"], detail: string) => differences.push({ request: label, kind, detail });

      if (got.status === rec.status) statusMatched++;
      else diff("status", `${got.status} where GitHub answers ${rec.status}`);

      let headersOk = true;
      for (const h of COMPARED_HEADERS) {
        const recordedValue = rec.headers[h];
        const actual = got.headers.get(h);
        if ((recordedValue === undefined) !== (actual === null)) {
          headersOk = false;
          diff(
            "header",
            `${h} ${actual === null ? "missing" : "sent"} where GitHub ${actual === null ? "sends it" : "sends none"}`,
          );
        } else if (h === "link" && recordedValue !== undefined) {
          const want = linkRels(String(recordedValue));
          const have = linkRels(actual);
          if (JSON.stringify(want) !== JSON.stringify(have)) {
            headersOk = false;
            diff("header", `link rels ${JSON.stringify(have)} where GitHub sends ${JSON.stringify(want)}`);
          }
        } else if (h === "location" && recordedValue !== undefined) {
          const want = mapShas(new URL(String(recordedValue)).pathname);
          const have = new URL(actual!).pathname.slice(base.pathname.length);
          if (want !== have) {
            headersOk = false;
            diff("header", `location ${have} where GitHub sends ${want}`);
          }
        }
      }
      for (const h of Object.keys(rec.headers).filter((k) => k.startsWith("x-ratelimit-"))) {
        if (got.headers.get(h) === null) {
          headersOk = false;
          diff("header", `${h} missing`);
        }
      }
      // The previous page's `next` link must be the page this request asks for.
      if (expectedNext !== undefined && new URL(`http://x${recordedPath}`).searchParams.get("page") !== expectedNext) {
        headersOk = false;
        diff("header", `the previous answer's next link leads to page ${expectedNext}, not to this page`);
      }
      expectedNext = linkRels(got.headers.get("link")).next;
      if (headersOk) headersMatched++;

      const shape = shapeDifferences(rec.response, got.data, "");
      if (rec.status >= 400) {
        const r = rec.response as { message?: string; errors?: unknown[] };
        const a = (got.data ?? {}) as { message?: string; errors?: unknown[] };
        if (r.message !== a.message) shape.push(`message "${a.message}" where GitHub says "${r.message}"`);
        if (canonical(r.errors ?? null) !== canonical(a.errors ?? null))
          shape.push(`errors ${JSON.stringify(a.errors)} where GitHub sends ${JSON.stringify(r.errors)}`);
      }
      if (shape.length === 0) shapeMatched++;
      for (const s of shape) diff(s.startsWith("message") || s.startsWith("errors") ? "message" : "shape", s);
    }
    expect(sandbox.requests.length - before).toBe(recorded.length);
    return {
      name,
      requests: recorded.length,
      statusMatched,
      shapeMatched,
      headersMatched,
      differences,
      note: scenario.note,
      violations: [...sandbox.violations],
    };
  } finally {
    await sandbox.stop();
  }
}

function loadRecordings(): Map<string, Recorded[]> {
  const out = new Map<string, Recorded[]>();
  for (const file of readdirSync(RECORDINGS)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    out.set(file.replace(/\.json$/, ""), JSON.parse(readFileSync(path.join(RECORDINGS, file), "utf8")) as Recorded[]);
  }
  return out;
}

describe.skipIf(!hasRecordings)(
  `the sandbox against recorded GitHub sessions (${hasRecordings ? RECORDINGS : "skipped: ../shared/fixtures/github-recordings is absent"})`,
  () => {
    const recordings = hasRecordings ? loadRecordings() : new Map<string, Recorded[]>();
    const results: ScenarioResult[] = [];
    const skipped: { name: string; requests: number; reason: string }[] = [];

    afterAll(() => {
      const rows = [
        ["scenario", "requests", "status matched", "shape matched", "headers matched", "note / skipped because"],
        ...results.map((r) => [
          r.name,
          String(r.requests),
          `${r.statusMatched}/${r.requests}`,
          `${r.shapeMatched}/${r.requests}`,
          `${r.headersMatched}/${r.requests}`,
          r.note ?? "",
        ]),
        ...skipped.map((s) => [s.name, String(s.requests), "-", "-", "-", `skipped: ${s.reason}`]),
      ];
      const sum = (f: (r: ScenarioResult) => number) => results.reduce((n, r) => n + f(r), 0);
      const requests = sum((r) => r.requests);
      rows.push([
        `TOTAL ${results.length + skipped.length} scenarios (${results.length} replayed, ${skipped.length} skipped)`,
        String(requests),
        `${sum((r) => r.statusMatched)}/${requests}`,
        `${sum((r) => r.shapeMatched)}/${requests}`,
        `${sum((r) => r.headersMatched)}/${requests}`,
        "",
      ]);
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
      const lines = rows.map((row) =>
        row
          .map((cell, c) => cell.padEnd(widths[c]!))
          .join(" | ")
          .trimEnd(),
      );
      const differences = results.flatMap((r) =>
        r.differences.map((d) => `  ${r.name} ${d.request}: [${d.kind}] ${d.detail}`),
      );
      console.log(
        ["GitHub conformance", ...lines, ...(differences.length ? ["differences:", ...differences] : [])].join("\n"),
      );
    });

    it("classifies every recorded session (replayed, or skipped with a reason)", () => {
      const unclassified = [...recordings.keys()].filter((name) => !(name in SCENARIOS));
      expect(unclassified, "add these recordings to SCENARIOS").toEqual([]);
    });

    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if ("skip" in scenario) {
        it.skip(`${name}: ${scenario.skip}`, () => undefined);
        if (recordings.has(name)) skipped.push({ name, requests: recordings.get(name)!.length, reason: scenario.skip });
        continue;
      }
      it(`${name}: matches GitHub's statuses, headers, messages and body shapes`, async () => {
        const recorded = recordings.get(name);
        expect(recorded, `${name}.json is missing from ${RECORDINGS}`).toBeDefined();
        const result = await replay(name, scenario, recorded!);
        results.push(result);
        expect(result.violations).toEqual([]);
        expect(result.differences.map((d) => `${d.request}: [${d.kind}] ${d.detail}`)).toEqual([]);
      });
    }
  },
);
