/**
 * Reads a millisecond knob from the environment (`RELEASE_KIT_SOURCE_POLL_MS`...): tests shorten release-kit's waits
 * with them. One reader for the CLI commands and the actions, so a bad value fails the same way in both.
 */
import { InputError } from "./errors.js";

/** A millisecond knob from the environment (tests shorten waits with it); undefined when unset or empty. */
export function millisFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new InputError(`${name}=${raw} is not a number of milliseconds; unset it`);
  return n;
}
