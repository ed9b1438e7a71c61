/**
 * Parses a wait limit typed by a user (`--timeout-minutes 90`, `--index-wait-minutes 0`, ...). One rule for every
 * wait flag, with the same bounds as the config key the flag overrides, so the error reads the same everywhere.
 */
import { InputError } from "./errors.js";

/** Whole minutes from `min` to `max` (surrounding blanks ignored); `undefined` when the flag is absent. */
export function parseWaitMinutes(
  value: string | number | undefined,
  flag: string,
  bounds: { readonly min: number; readonly max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const n = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= bounds.min && n <= bounds.max))
    throw new InputError(
      `${flag} "${String(value)}" is not a whole number of minutes from ${bounds.min} to ${bounds.max}`,
    );
  return n;
}
