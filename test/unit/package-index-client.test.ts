/**
 * The package index client over node:http against a local server: the files and digests of a release, a 404 as "not
 * published", redirects followed, and a server error or an answer that is not JSON as a RemoteError naming the URL.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPackageIndexClient } from "../../src/adapters/package-index.js";
import { RemoteError } from "../../src/core/errors.js";

const digest = "ab".repeat(32);
let base = "";
const seen: { url: string; accept: string | undefined }[] = [];
const server = http.createServer((req, res) => {
  seen.push({ url: req.url ?? "", accept: req.headers.accept });
  if (req.url === "/pypi/gizmo/1.0/json") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        urls: [
          {
            filename: "gizmo-1.0.tar.gz",
            url: "https://x.invalid/gizmo-1.0.tar.gz",
            digests: { sha256: digest.toUpperCase() },
            packagetype: "sdist",
          },
          { filename: "broken.whl", digests: {} },
        ],
      }),
    );
  } else if (req.url === "/pypi/Moved/1.0/json") {
    res.writeHead(301, { location: "/pypi/gizmo/1.0/json" });
    res.end();
  } else if (req.url === "/pypi/flaky/1.0/json") {
    res.writeHead(503);
    res.end("down");
  } else if (req.url === "/pypi/html/1.0/json") {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html>");
  } else {
    res.writeHead(404);
    res.end("not found");
  }
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("package index client", () => {
  it("lists a release's files with lower-case digests, skipping entries without one, and asks for JSON", async () => {
    const release = await createPackageIndexClient(`${base}/`).releaseFiles("gizmo", "1.0");
    expect(release).toEqual({
      files: [
        {
          filename: "gizmo-1.0.tar.gz",
          url: "https://x.invalid/gizmo-1.0.tar.gz",
          sha256: digest,
          packagetype: "sdist",
        },
      ],
    });
    expect(seen.at(-1)).toEqual({ url: "/pypi/gizmo/1.0/json", accept: "application/json" });
  });

  it("answers null for a version the index does not have", async () => {
    expect(await createPackageIndexClient(base).releaseFiles("gizmo", "9.9")).toBeNull();
  });

  it("follows a redirect (the index's name normalisation)", async () => {
    expect((await createPackageIndexClient(base).releaseFiles("Moved", "1.0"))?.files).toHaveLength(1);
  });

  it("turns a server error and an answer that is not JSON into a RemoteError naming the URL", async () => {
    const down = await rejection(createPackageIndexClient(base).releaseFiles("flaky", "1.0"));
    expect(down).toBeInstanceOf(RemoteError);
    expect(down.message).toBe(`the package index answered HTTP 503 for ${base}/pypi/flaky/1.0/json; retry later`);
    const html = await rejection(createPackageIndexClient(base).releaseFiles("html", "1.0"));
    expect(html).toBeInstanceOf(RemoteError);
    expect(html.message).toContain(`${base}/pypi/html/1.0/json`);
  });

  it("turns a refused connection into a RemoteError that names PYPI_URL", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(createPackageIndexClient(`http://127.0.0.1:${port}`).releaseFiles("gizmo", "1.0"));
    expect(error).toBeInstanceOf(RemoteError);
    expect(error.message).toMatch(/did not answer .*check PYPI_URL or retry/);
  });
});
