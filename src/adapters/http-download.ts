/**
 * Streamed downloads of release sources: hashed (sha256) while the bytes arrive, never held in memory, cut off at
 * a size cap and a timeout. Callers map public URLs first (public-url.ts), so the same recipe URL reaches the sandbox
 * in tests and a GitHub Enterprise host in production.
 */
import { createHash } from "node:crypto";
import { RemoteError } from "../core/errors.js";

/** Limits of one download. */
export interface DownloadLimits {
  /** The whole download, headers to last byte. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/** What a download found. */
export type DownloadResult =
  | { readonly kind: "ok"; readonly sha256: string; readonly bytes: number; readonly url: string }
  /** 404/410: the file is not published yet (or never will be); the caller decides whether to wait. */
  | { readonly kind: "missing"; readonly status: number; readonly url: string }
  /** A 5xx or a dropped connection: worth another try. */
  | { readonly kind: "transient"; readonly detail: string; readonly url: string };

/**
 * Downloads `url` and returns its sha256. Throws RemoteError for answers that waiting will not fix (403, a file
 * over the size cap, a timeout).
 */
export async function downloadSha256(url: string, limits: DownloadLimits): Promise<DownloadResult> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.signal ? AbortSignal.any([limits.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: "follow" });
  } catch (error) {
    if (timeout.aborted) throw new RemoteError(`download of ${url} timed out after ${limits.timeoutMs} ms`);
    if (limits.signal?.aborted) throw error;
    return { kind: "transient", detail: describe(error), url };
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return { kind: "missing", status: response.status, url };
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    return { kind: "transient", detail: `HTTP ${response.status}`, url };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new RemoteError(`download of ${url} answered HTTP ${response.status}; check the recipe's source URL`);
  }
  const declared = Number(response.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body.cancel();
    throw tooLarge(url, limits.maxBytes);
  }
  const hash = createHash("sha256");
  let bytes = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limits.maxBytes) {
        await reader.cancel();
        throw tooLarge(url, limits.maxBytes);
      }
      hash.update(value);
    }
  } catch (error) {
    if (error instanceof RemoteError) throw error;
    if (timeout.aborted) throw new RemoteError(`download of ${url} timed out after ${limits.timeoutMs} ms`);
    if (limits.signal?.aborted) throw error;
    return { kind: "transient", detail: `connection lost after ${bytes} bytes (${describe(error)})`, url };
  }
  return { kind: "ok", sha256: hash.digest("hex"), bytes, url };
}

function tooLarge(url: string, maxBytes: number): RemoteError {
  const mb = Math.round(maxBytes / (1024 * 1024));
  return new RemoteError(
    `${url} is larger than ${mb} MB; raise conda-forge.max-download-mb if this source is really that big`,
  );
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
