/**
 * The sandbox's router and response headers behave like api.github.com: an unimplemented endpoint is a visible 501
 * (never answered by a greedy route), ETags come with 201s too, Link has prev/first, a new status has a Location,
 * and the tag list is paginated with Link.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [{ token: "t-router", login: "router-bot", write: ["acme/widget"] }],
    repos: [
      {
        name: "acme/widget",
        files: { VERSION_NUMBER: "1.0.0\n" },
        tags: ["v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0"],
        branches: ["feature/new-api"],
      },
    ],
  },
  process.cwd(),
);

describe("sandbox routing and headers", () => {
  let sandbox: Sandbox;
  let head: string;

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${sandbox.apiUrl}${path}`, {
      method,
      headers: { authorization: "token t-router", accept: "application/vnd.github+json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, data: text ? (JSON.parse(text) as unknown) : null };
  }

  beforeAll(async () => {
    sandbox = await startSandbox(seed);
    head = (await sandbox.git.resolveCommit("acme/widget", "main"))!;
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("answers an unimplemented endpoint below commits/{sha} with 501, not as a commit named '<sha>/pulls'", async () => {
    const before = sandbox.violations.length;
    const r = await call("GET", `/repos/acme/widget/commits/${head}/pulls`);
    expect(r.status).toBe(501);
    expect((r.data as { message: string }).message).toBe(
      `The release-kit sandbox does not implement GET /repos/acme/widget/commits/${head}/pulls`,
    );
    // The 501 also fails the test that caused it, through the violations list.
    expect(sandbox.violations.slice(before)).toHaveLength(1);
    sandbox.violations.splice(before);
  });

  it("lists a commit's statuses at commits/{sha}/statuses, newest first, and still resolves a branch with a slash", async () => {
    const first = await call("POST", `/repos/acme/widget/statuses/${head}`, { state: "pending", context: "ci" });
    expect(first.status).toBe(201);
    // GitHub's Location for a new status is the commit's statuses URL.
    expect(first.headers.get("location")).toBe(`${sandbox.apiUrl}/repos/acme/widget/statuses/${head}`);
    expect(first.headers.get("etag")).toMatch(/^W\/"[0-9a-f]{40}"$/);
    await call("POST", `/repos/acme/widget/statuses/${head}`, { state: "success", context: "ci" });
    const list = await call("GET", `/repos/acme/widget/commits/${head}/statuses`);
    expect(list.status).toBe(200);
    expect((list.data as { state: string }[]).map((s) => s.state)).toEqual(["success", "pending"]);
    const combined = await call("GET", `/repos/acme/widget/commits/${head}/status`);
    expect((combined.data as { total_count: number }).total_count).toBe(1);
    const branch = await call("GET", `/repos/acme/widget/commits/feature/new-api`);
    expect(branch.status).toBe(200);
    expect((branch.data as { sha: string }).sha).toBe(head);
    expect(sandbox.violations).toEqual([]);
  });

  it("sends an ETag with a 201 (a created ref), as GitHub does", async () => {
    const r = await call("POST", "/repos/acme/widget/git/refs", { ref: "refs/heads/etag-check", sha: head });
    expect(r.status).toBe(201);
    expect(r.headers.get("etag")).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect(r.headers.get("location")).toBe(`${sandbox.apiUrl}/repos/acme/widget/git/refs/heads/etag-check`);
  });

  it("paginates GET /tags with GitHub's Link relations: next+last, then prev+next+last+first, then prev+first", async () => {
    const rels = (link: string | null) =>
      [...(link ?? "").matchAll(/[?&]page=(\d+)>; rel="(\w+)"/g)].map((m) => `${m[2]}=${m[1]}`).join(" ");
    const p1 = await call("GET", "/repos/acme/widget/tags?per_page=2");
    expect((p1.data as unknown[]).length).toBe(2);
    expect(rels(p1.headers.get("link"))).toBe("next=2 last=3");
    const p2 = await call("GET", "/repos/acme/widget/tags?per_page=2&page=2");
    expect(rels(p2.headers.get("link"))).toBe("prev=1 next=3 last=3 first=1");
    const p3 = await call("GET", "/repos/acme/widget/tags?per_page=2&page=3");
    expect((p3.data as unknown[]).length).toBe(1);
    expect(rels(p3.headers.get("link"))).toBe("prev=2 first=1");
    const all = await call("GET", "/repos/acme/widget/tags?per_page=100");
    expect(all.headers.get("link")).toBeNull();
  });

  it("answers GET contents/ with the root directory and the raw media type with the file itself", async () => {
    const root = await call("GET", "/repos/acme/widget/contents/");
    expect(root.status).toBe(200);
    expect((root.data as { path: string }[]).map((e) => e.path)).toEqual(["VERSION_NUMBER"]);
    const raw = await fetch(`${sandbox.apiUrl}/repos/acme/widget/contents/VERSION_NUMBER`, {
      headers: { authorization: "token t-router", accept: "application/vnd.github.raw" },
    });
    expect(raw.headers.get("content-type")).toMatch(/^application\/vnd\.github\.v3\.raw/);
    expect(await raw.text()).toBe("1.0.0\n");
  });
});
