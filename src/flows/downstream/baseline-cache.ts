/**
 * The baseline cache of `downstream run --baseline-cache DIR`: one JSON file and one log per reusable baseline
 * result, named by the digest of its key (core/downstream/baseline-cache-key). Files are written to a temp name and
 * renamed, so jobs running at once and a job killed mid-write never leave a half entry; an entry that cannot be read
 * or whose stored key differs is treated as absent (the job runs both sides) and said in the log.
 */
import { join } from "node:path";
import {
  copyFileAtomically,
  copyFileTo,
  makeDirectory,
  makeParentDirectory,
  readText,
  removePath,
  writeText,
  writeTextAtomically,
} from "../../adapters/files.js";
import {
  BASELINE_CACHE_FORMAT,
  baselineCacheDigest,
  canonicalJson,
  type BaselineKeyFields,
} from "../../core/downstream/baseline-cache-key.js";
import type { CachedRunOrigin, DownstreamRun } from "../../core/downstream/outcomes.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";

/** One stored entry. */
interface StoredBaseline {
  readonly format: number;
  readonly fields: BaselineKeyFields;
  readonly origin: CachedRunOrigin;
  readonly run: DownstreamRun;
}

/** A directory of reusable baseline results. */
export class BaselineCache {
  constructor(
    /** The cache directory (created on first store). */
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /**
   * The cached baseline run for these key fields, its log copied to `logFile` (absolute) and its `log` set to
   * `logName` (relative to the shard's output), or undefined on a miss.
   */
  async lookup(fields: BaselineKeyFields, logFile: string, logName: string): Promise<DownstreamRun | undefined> {
    const digest = baselineCacheDigest(fields);
    let text: string;
    try {
      text = await readText(this.entryFile(digest));
    } catch {
      return undefined;
    }
    try {
      const stored = JSON.parse(text) as StoredBaseline;
      // The digest names the file; comparing the stored key itself also rejects a hand-edited or foreign entry.
      if (stored.format !== BASELINE_CACHE_FORMAT || canonicalJson(stored.fields) !== canonicalJson(fields))
        throw new Error("its key does not match its name");
      if (typeof stored.run?.result !== "string" || typeof stored.origin?.savedAt !== "string")
        throw new Error("it holds no run");
      await makeParentDirectory(logFile);
      await copyFileTo(this.logFile(digest), logFile).catch(() => writeText(logFile, stored.run.tail ?? ""));
      return { ...stored.run, attempt: 1, log: logName, cached: stored.origin };
    } catch (error) {
      this.logger.warning(
        `baseline cache entry ${this.entryFile(digest)} is unusable (${errorMessage(error)}): ignored`,
      );
      return undefined;
    }
  }

  /** Keeps a baseline run and a copy of its log (`logFile`, absolute) for the next candidate. */
  async store(fields: BaselineKeyFields, run: DownstreamRun, logFile: string, origin: CachedRunOrigin): Promise<void> {
    const digest = baselineCacheDigest(fields);
    const { cached: _cached, ...plain } = run;
    const stored: StoredBaseline = { format: BASELINE_CACHE_FORMAT, fields, origin, run: plain };
    await makeDirectory(this.dir);
    // The log first: an entry is only visible once its JSON is renamed into place.
    const log = this.logFile(digest);
    await copyFileAtomically(logFile, log).catch(() => writeTextAtomically(log, run.tail ?? ""));
    await writeTextAtomically(this.entryFile(digest), `${JSON.stringify(stored, null, 2)}\n`);
  }

  /** Forgets the entry for these fields (a live baseline run contradicted it). */
  async drop(fields: BaselineKeyFields): Promise<void> {
    const digest = baselineCacheDigest(fields);
    await removePath(this.entryFile(digest));
    await removePath(this.logFile(digest));
  }

  private entryFile(digest: string): string {
    return join(this.dir, `baseline-${digest}.json`);
  }

  private logFile(digest: string): string {
    return join(this.dir, `baseline-${digest}.log`);
  }
}
