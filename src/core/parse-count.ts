/**
 * Parses a count typed by a user (a flag such as `--rc 2` or `--shards 8`, or the matching action input). One rule
 * for every count, so a value the CLI accepts is accepted by the action too and the error reads the same.
 */
import { InputError } from "./errors.js";

/** Options of `parseCount`. */
export interface CountOptions {
  /** The largest count that makes sense (default 9999). */
  readonly max?: number;
  /** What to give instead, appended to the error, e.g. "give the candidate number: 1, 2, 3...". */
  readonly hint?: string;
}

/** A whole number from 1 to `max`, written without sign or leading zeros (surrounding blanks ignored). */
export function parseCount(text: string, flag: string, options: CountOptions = {}): number {
  const max = options.max ?? 9999;
  const trimmed = text.trim();
  const value = /^[1-9]\d{0,15}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(value <= max)) {
    const hint = options.hint !== undefined ? `: ${options.hint}` : "";
    throw new InputError(`${flag} "${text}" is not a whole number from 1 to ${max}${hint}`);
  }
  return value;
}
