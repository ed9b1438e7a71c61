/**
 * Downloads each version-dependent source of the recipe (streamed, hashed, size-capped) and cross-checks the hash
 * with the package index: when PyPI's JSON API lists a file of the same name, its sha256 must be the same, or
 * nothing is pushed. A source that is not there yet (PyPI publish lag, a tag archive not yet served) is waited for
 * with exponential backoff up to the configured limit, then the run fails naming the URL.
 */
import { downloadSha256 } from "../../adapters/http-download.js";
import { mapPublicUrl } from "../../adapters/public-url.js";
import type { PackageIndexClient, ReleaseFilesResult } from "../../adapters/package-index.js";
import { OperationFailedError, RemoteError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { VerifiedSource } from "../../core/feedstock-plan/verified-source.js";
import { interruptibleClock } from "../wait-clock.js";
import { WaitReporter } from "../wait-reporter.js";
import { countOf } from "../../core/plural.js";

/** How sources are fetched. */
export interface FetchSourcesOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly index: PackageIndexClient;
  /** Package name and version on the index. */
  readonly indexPackage: string;
  readonly version: string;
  /** Give up waiting for a missing source after this long (0: one try). */
  readonly waitMs: number;
  /** First backoff delay; doubles up to `maxPollMs`. */
  readonly pollMs: number;
  readonly maxPollMs: number;
  readonly maxBytes: number;
  /** Per-download timeout. */
  readonly downloadTimeoutMs: number;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
  } catch {
    return "";
  }
}

/** Downloads and verifies every URL, in order. Throws before anything is pushed when a hash cannot be trusted. */
export async function fetchSources(urls: readonly string[], options: FetchSourcesOptions): Promise<VerifiedSource[]> {
  const clock = interruptibleClock(options.signal);
  const deadline = clock.now() + options.waitMs;
  let indexAnswer: ReleaseFilesResult | undefined;
  const verified: VerifiedSource[] = [];
  for (const url of urls) {
    const target = mapPublicUrl(url, options.env);
    let delay = options.pollMs;
    let attempt = 0;
    const reporter = new WaitReporter(
      {
        what: url,
        limitMs: Math.max(0, deadline - clock.now()),
        limitSetting: "conda-forge.source-wait-minutes, --source-wait-minutes",
      },
      clock,
      options.logger,
    );
    for (;;) {
      attempt++;
      const result = await downloadSha256(target, {
        timeoutMs: options.downloadTimeoutMs,
        maxBytes: options.maxBytes,
        signal: options.signal,
      });
      if (result.kind === "ok") {
        indexAnswer ??= await options.index.releaseFiles(options.indexPackage, options.version);
        const name = fileName(url);
        const listed = indexAnswer?.files.find((f) => f.filename === name);
        if (listed && listed.sha256 !== result.sha256) {
          throw new OperationFailedError(
            `sha256 mismatch for ${url}: downloaded ${result.sha256}, but the package index lists ${listed.sha256} for ${name}; nothing was pushed: find out which file is wrong before packaging it`,
          );
        }
        const check = listed
          ? `matches the package index's sha256 of ${name}`
          : indexAnswer
            ? `the package index lists no file named ${name}`
            : `the package index has no ${options.indexPackage} ${options.version} yet`;
        verified.push({
          url,
          sha256: result.sha256,
          bytes: result.bytes,
          verification: `downloaded (${result.bytes} bytes) and hashed while streaming; ${check}`,
        });
        // The result lists each source with its sha256: here only for --verbose, so it is said once.
        options.logger.debug(`${url}: sha256 ${result.sha256} (${result.bytes} bytes; ${check})`);
        break;
      }
      const why = result.kind === "missing" ? `HTTP ${result.status}` : result.detail;
      if (clock.now() + delay > deadline) {
        const waited = options.waitMs > 0 ? ` after waiting ${Math.round(options.waitMs / 60_000)} min` : "";
        throw new RemoteError(
          `${url} is not available (${why})${waited}; check that the release's source is published, or raise conda-forge.source-wait-minutes (--source-wait-minutes N)`,
        );
      }
      options.logger.debug(`${url} is not available yet (${why}); try ${attempt + 1} in ${delay} ms`);
      await reporter.sleep(delay, `${why}, ${countOf(attempt, "try", "tries")}`);
      delay = Math.min(delay * 2, options.maxPollMs);
      // A later try must see a newly published index entry too.
      indexAnswer = undefined;
    }
  }
  return verified;
}
