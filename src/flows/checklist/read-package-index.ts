/**
 * A small client for a PyPI-style JSON API (`$index/pypi/<name>/json`): which versions have files, and how many.
 * Conditional like the GitHub reads: pypi.org answers 304 to If-None-Match.
 */
import { RemoteError } from "../../core/errors.js";

/** Files per version of a package, or `missing` when the index does not know the package. */
export type PackageIndexAnswer =
  | { readonly modified: false }
  | {
      readonly modified: true;
      readonly missing: boolean;
      readonly files: Readonly<Record<string, number>>;
      readonly etag?: string;
    };

/** Reads the package's JSON document; `etag` makes the read conditional. */
export async function readPackageIndex(
  indexUrl: string,
  name: string,
  etag: string | undefined,
): Promise<PackageIndexAnswer> {
  const url = `${indexUrl.replace(/\/+$/, "")}/pypi/${encodeURIComponent(name)}/json`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json", ...(etag ? { "if-none-match": etag } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new RemoteError(
      `cannot reach the package index at ${url} (${String(error)}): check PYPI_URL or pypi.index-url`,
    );
  }
  if (response.status === 304) return { modified: false };
  if (response.status === 404) return { modified: true, missing: true, files: {} };
  if (!response.ok)
    throw new RemoteError(
      `the package index answered ${response.status} for ${url}: retry later or check pypi.index-url`,
    );
  const body = (await response.json()) as { releases?: Record<string, unknown[]> };
  const files: Record<string, number> = {};
  for (const [version, list] of Object.entries(body.releases ?? {}))
    files[version] = Array.isArray(list) ? list.length : 0;
  const newEtag = response.headers.get("etag") ?? undefined;
  return { modified: true, missing: false, files, ...(newEtag ? { etag: newEtag } : {}) };
}
