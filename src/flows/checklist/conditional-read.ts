/**
 * Conditional GETs: a read sent with the ETag of the last answer comes back as 304 when nothing changed. On GitHub a
 * 304 to an authenticated request does not count against the rate limit, so re-reading an unchanged source is cheap.
 * https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 */
import { statusOf } from "../../adapters/github/requests.js";

/** The answer to a conditional read: the data, or "not modified" (the caller reuses what it had). */
export type ConditionalAnswer<T> =
  | { readonly modified: true; readonly data: T; readonly etag?: string }
  | { readonly modified: false; readonly etag: string };

/** The `headers` option that makes an Octokit request conditional. */
export function ifNoneMatch(etag: string | undefined): { headers?: Record<string, string> } {
  return etag ? { headers: { "if-none-match": etag } } : {};
}

/** Runs an Octokit read with If-None-Match; a 304 (which Octokit throws) becomes `{ modified: false }`. */
export async function readConditionally<T>(
  etag: string | undefined,
  read: (options: { headers?: Record<string, string> }) => Promise<{ data: T; headers: { etag?: string } }>,
): Promise<ConditionalAnswer<T>> {
  try {
    const response = await read(ifNoneMatch(etag));
    return { modified: true, data: response.data, ...(response.headers.etag ? { etag: response.headers.etag } : {}) };
  } catch (error) {
    if (statusOf(error) === 304 && etag) return { modified: false, etag };
    throw error;
  }
}
