/**
 * The package index (PyPI's JSON API, https://docs.pypi.org/api/json/): which files a version has and their
 * sha256 digests. A 404 means the version is not published yet, which callers treat as "wait", not as an error.
 */
import { RemoteError } from "../core/errors.js";
import { nodeHttpRequest } from "./node-http-request.js";
import type { NodeHttpResponse } from "./node-http-request.js";

/** One file of a release on the index. */
export interface IndexFile {
  readonly filename: string;
  readonly url: string;
  readonly sha256: string;
  readonly packagetype: string;
}

/** The files of `name` `version`, or null when the index does not have that version (404). */
export type ReleaseFilesResult = { readonly files: readonly IndexFile[] } | null;

/** A client of one index. */
export interface PackageIndexClient {
  /** The base URL requests go to (after any mapping). */
  readonly indexUrl: string;
  releaseFiles(name: string, version: string): Promise<ReleaseFilesResult>;
}

/** A client of the index at `indexUrl` (e.g. https://pypi.org). */
export function createPackageIndexClient(indexUrl: string, options: { timeoutMs?: number } = {}): PackageIndexClient {
  const base = indexUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    indexUrl: base,
    async releaseFiles(name, version) {
      const url = `${base}/pypi/${encodeURIComponent(name)}/${encodeURIComponent(version)}/json`;
      let response: NodeHttpResponse;
      try {
        response = await nodeHttpRequest(url, {
          method: "GET",
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: "application/json" },
          readBody: true,
        });
      } catch (error) {
        throw new RemoteError(`the package index did not answer ${url} (${String(error)}); check PYPI_URL or retry`);
      }
      if (response.status === 404) return null;
      if (response.status < 200 || response.status >= 300) {
        throw new RemoteError(`the package index answered HTTP ${response.status} for ${url}; retry later`);
      }
      let body: {
        urls?: { filename?: unknown; url?: unknown; digests?: { sha256?: unknown }; packagetype?: unknown }[];
      };
      try {
        body = JSON.parse(response.body ?? "") as typeof body;
      } catch {
        throw new RemoteError(`the package index answered ${url} with something other than JSON; check PYPI_URL`);
      }
      const files: IndexFile[] = [];
      for (const f of body.urls ?? []) {
        if (typeof f.filename !== "string" || typeof f.digests?.sha256 !== "string") continue;
        files.push({
          filename: f.filename,
          url: typeof f.url === "string" ? f.url : "",
          sha256: f.digests.sha256.toLowerCase(),
          packagetype: typeof f.packagetype === "string" ? f.packagetype : "",
        });
      }
      return { files };
    },
  };
}
