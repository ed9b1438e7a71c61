/**
 * What `--version` (and the action input `version`) accepts for `release-kit rc` and `final`: exactly X.Y.Z.
 * The RC number comes from `--rc N` or from the existing tags, never from the version text.
 */
import { InputError } from "../errors.js";
import { finalVersion, type ReleaseVersion } from "./release-version.js";

const EXACT = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Parses the base version of a release; each rejection is one line that says how to fix it. */
export function parseReleaseVersionInput(text: string, flag = "--version"): ReleaseVersion {
  const value = text.trim();
  const bad = (fix: string): InputError => new InputError(`${flag} "${text}" is not valid: ${fix}`);
  if (value === "") throw bad("give the version to release as X.Y.Z, e.g. 1.20.0");
  if (/^[vV]\d/.test(value)) throw bad(`drop the leading "v" and give ${value.slice(1)} (the tag pattern adds it)`);
  const match = EXACT.exec(value);
  if (match !== null) {
    const [major, minor, patch] = match.slice(1, 4).map(Number) as [number, number, number];
    if (![major, minor, patch].every(Number.isSafeInteger)) throw bad("a version number is too large");
    return finalVersion(major, minor, patch);
  }
  if (/^\d+(\.\d+)?$/.test(value) || /^\d+(\.\d+){3,}$/.test(value)) {
    const parts = value.split(".");
    const suggestion = [...parts, "0", "0"].slice(0, 3).join(".");
    throw bad(`a version needs exactly three parts X.Y.Z, e.g. ${suggestion}`);
  }
  if (/^\d+\.\d+\.\d+$/.test(value)) {
    throw bad(`write each part without leading zeros, e.g. ${value.split(".").map(Number).join(".")}`);
  }
  const base = /^(\d+\.\d+\.\d+)[-._]?(a|b|c|rc|alpha|beta|pre|preview|dev|post)[-._]?\d*/i.exec(value);
  if (base !== null) {
    throw bad(`give the base version ${base[1]}; --rc N selects the release candidate`);
  }
  throw bad("give the version to release as X.Y.Z, e.g. 1.20.0");
}
