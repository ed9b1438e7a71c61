/**
 * Reads the files a downstream run is given: the durations of earlier runs (to balance shards) and an `--only` list
 * of jobs to run again; a malformed file is an input error that names it.
 */
import { pathExists, readText } from "../../adapters/files.js";
import type { Durations } from "../../core/downstream/plan-shards.js";
import { InputError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";

/**
 * The durations that balance the shards, from `--durations FILE` when given. A file that does not exist yet (the first
 * release: no earlier report wrote durations.json) and no flag at all both mean equal weights, said in one line;
 * plan and run read the same file the same way, so they agree on the shards either way.
 */
export async function readDurations(file: string | undefined, logger: Logger): Promise<Durations> {
  if (file === undefined) {
    logger.info("no --durations: the shards are balanced with equal weights");
    return {};
  }
  if (!(await pathExists(file))) {
    logger.warning(
      `--durations ${file} does not exist yet (no earlier report wrote it): the shards are balanced with equal weights`,
    );
    return {};
  }
  return readDurationsFile(file);
}

/** Reads a durations file: `{ "<downstream name>": seconds }`. */
export async function readDurationsFile(file: string): Promise<Durations> {
  const value = await readJson(file, "--durations");
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0)
  ) {
    throw new InputError(
      `--durations ${file}: expected {"<downstream name>": seconds, ...} as \`downstream report\` writes`,
    );
  }
  return value as Durations;
}

/** Reads an `--only` file: a `retry-list.json` (objects with name and platform) or a list of names. */
export async function readOnlyFile(file: string): Promise<{ name: string; platform?: string }[]> {
  const value = await readJson(file, "--only");
  const ok =
    Array.isArray(value) &&
    value.every(
      (v: unknown) =>
        typeof v === "string" ||
        (typeof v === "object" &&
          v !== null &&
          typeof (v as { name?: unknown }).name === "string" &&
          ["string", "undefined"].includes(typeof (v as { platform?: unknown }).platform)),
    );
  if (!ok) throw new InputError(`--only ${file}: expected a retry-list.json or a JSON list of downstream names`);
  return (value as (string | { name: string; platform?: string })[]).map((v) =>
    typeof v === "string"
      ? { name: v }
      : { name: v.name, ...(v.platform !== undefined ? { platform: v.platform } : {}) },
  );
}

async function readJson(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readText(file);
  } catch {
    throw new InputError(`${flag} ${file}: cannot read the file: check the path`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InputError(`${flag} ${file}: not valid JSON`);
  }
}
