/**
 * Whether a source URL serves a file, without downloading it: a HEAD request (a GET whose body is dropped when a
 * server refuses HEAD), redirects followed. Public hosts are mapped like downloads (GITHUB_SERVER_URL, PYPI_URL).
 * Plain node:http(s) rather than fetch: a bump makes one or two such requests, and loading fetch's HTTP client (its
 * parser is WebAssembly compiled at first use) cost more CPU than the whole recipe bump.
 */
import http from "node:http";
import https from "node:https";
import { RemoteError } from "../core/errors.js";
import { mapPublicUrl } from "./public-url.js";

/** Checks URLs for existence. */
export interface UrlProbe {
  /** true: the file is there; false: 404/410 (not published, or never under that name). */
  exists(url: string): Promise<boolean>;
}

const maxRedirects = 10;

/** The status of `url` after redirects, its body left unread. */
function statusOf(url: string, method: "HEAD" | "GET", signal: AbortSignal, redirects = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === "http:" ? http : https;
    const request = client.request(target, { method, signal, headers: { "user-agent": "release-kit" } }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location && redirects < maxRedirects) {
        statusOf(new URL(location, target).href, method, signal, redirects + 1).then(resolve, reject);
        return;
      }
      resolve(status);
    });
    request.on("error", reject);
    request.end();
  });
}

/** A probe over HTTP; an answer other than 2xx/404/410 (a 5xx, a timeout) is a RemoteError naming the URL. */
export function createUrlProbe(env: NodeJS.ProcessEnv, options: { timeoutMs?: number } = {}): UrlProbe {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const ask = async (url: string, method: "HEAD" | "GET"): Promise<number> => {
    try {
      return await statusOf(mapPublicUrl(url, env), method, AbortSignal.timeout(timeoutMs));
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
