/**
 * Whether a source URL serves a file, without downloading it: a HEAD request (a GET whose body is dropped when a
 * server refuses HEAD), redirects followed. Public hosts are mapped like downloads (GITHUB_SERVER_URL, PYPI_URL).
 * Plain node:http(s) rather than fetch (node-http-request.ts says why).
 */
import { RemoteError } from "../core/errors.js";
import { nodeHttpRequest } from "./node-http-request.js";
import { mapPublicUrl } from "./public-url.js";

/** Checks URLs for existence. */
export interface UrlProbe {
  /** true: the file is there; false: 404/410 (not published, or never under that name). */
  exists(url: string): Promise<boolean>;
}

/** A probe over HTTP; an answer other than 2xx/404/410 (a 5xx, a timeout) is a RemoteError naming the URL. */
export function createUrlProbe(env: NodeJS.ProcessEnv, options: { timeoutMs?: number } = {}): UrlProbe {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const ask = async (url: string, method: "HEAD" | "GET"): Promise<number> => {
    try {
      return (await nodeHttpRequest(mapPublicUrl(url, env), { method, signal: AbortSignal.timeout(timeoutMs) })).status;
    } catch (error) {
      throw new RemoteError(
        `could not check ${url} (${error instanceof Error ? error.message : String(error)}); retry, or pass --offline to skip the check`,
      );
    }
  };
  return {
    async exists(url) {
      let status = await ask(url, "HEAD");
      // Some hosts answer HEAD with 403/405 but serve GET.
      if (status === 403 || status === 405) status = await ask(url, "GET");
      if (status >= 200 && status < 300) return true;
      if (status === 404 || status === 410) return false;
      throw new RemoteError(`${url} answered HTTP ${status}; retry, or pass --offline to skip the check`);
    },
  };
}
