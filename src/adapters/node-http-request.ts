/**
 * One HTTP(S) request with node:http/node:https, redirects followed: the status and, when asked, the body as text.
 * The CLI's short commands use it rather than fetch: loading fetch's HTTP client (its parser is WebAssembly compiled
 * at first use) costs more CPU than a whole recipe bump, for one or two small requests.
 */
import http from "node:http";
import https from "node:https";

/** What to send and whether the body is wanted. */
export interface NodeHttpRequest {
  readonly method: "GET" | "HEAD";
  readonly signal: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
  /** Read the body (as UTF-8 text); otherwise it is drained unread. */
  readonly readBody?: boolean;
}

/** The answer after redirects. */
export interface NodeHttpResponse {
  readonly status: number;
  /** The body, when `readBody` was set and the answer was not a redirect. */
  readonly body?: string;
}

const maxRedirects = 10;

/** Sends `request` to `url`, following up to 10 redirects; rejects on a network error, a timeout or an abort. */
export function nodeHttpRequest(url: string, request: NodeHttpRequest, redirects = 0): Promise<NodeHttpResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === "http:" ? http : https;
    const headers = { "user-agent": "release-kit", ...request.headers };
    const sent = client.request(target, { method: request.method, signal: request.signal, headers }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location && redirects < maxRedirects) {
        response.resume();
        nodeHttpRequest(new URL(location, target).href, request, redirects + 1).then(resolve, reject);
        return;
      }
      if (!request.readBody) {
        response.resume();
        resolve({ status });
        return;
      }
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    sent.on("error", reject);
    sent.end();
  });
}
