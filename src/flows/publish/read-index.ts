/**
 * Reads a version's files from a PyPI-style JSON API (`$base/pypi/<package>/<version>/json`). A 404 means
 * "not published (yet)"; a 5xx or a dropped connection is retried a few times, then reported.
 */
import { RemoteError, errorMessage } from "../../core/errors.js";
import type { IndexFile } from "../../core/publish-plan/publish-observation.js";

interface IndexJson {
  readonly urls?: readonly { filename?: string; url?: string; digests?: { sha256?: string }; yanked?: boolean }[];
}

const ATTEMPTS = 4;

/** The files of `version` on the index, or [] when the index does not have that version. */
export async function readIndexFiles(
  base: string,
  pkg: string,
  version: string,
  options: { retryDelayMs?: number } = {},
): Promise<IndexFile[]> {
  const url = `${base}/pypi/${encodeURIComponent(pkg)}/${encodeURIComponent(version)}/json`;
  let last = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const res = await fetch(url, { headers: { accept: "application/json" } });
      if (res.status === 404) return [];
      if (res.ok) {
        const body = (await res.json()) as IndexJson;
        return (body.urls ?? [])
          .filter((u) => u.yanked !== true)
          .map((u) => ({ filename: u.filename ?? "", sha256: u.digests?.sha256 ?? "", url: u.url ?? "" }));
      }
      last = `HTTP ${res.status}`;
      if (res.status < 500 && res.status !== 429) break;
    } catch (error) {
      last = errorMessage(error);
    }
    if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, (options.retryDelayMs ?? 1000) * attempt));
  }
  throw new RemoteError(`the package index did not answer for ${url} (${last}): check the index URL, or retry later`);
}
