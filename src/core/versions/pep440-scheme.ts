/**
 * The PEP 440 version scheme, wrapping @renovatebot/pep440 for parsing. Only the subset release-kit cuts is
 * accepted: X.Y.Z[aN|bN|rcN][.devN]; epochs, post-releases and local versions are refused with the fix.
 */
import { explain } from "@renovatebot/pep440";
import { InputError } from "../errors.js";
import { assertExactNumbers, type PreReleaseKind, type ReleaseVersion } from "./release-version.js";
import type { VersionSchemeDefinition } from "./version-scheme-definition.js";

const EXAMPLE = "1.20.0, 1.20.0rc1, 1.20.0a2, 1.20.0b1 or 1.20.0.dev3";

/** Sort rank of each pre-release phase; a dev release of a final (`1.20.0.dev1`) sorts before its alphas. */
const PHASE_RANK: Record<PreReleaseKind | "dev-of-final" | "final", number> = {
  "dev-of-final": 0,
  a: 1,
  b: 2,
  rc: 3,
  final: 4,
};

function parsePep440(text: string): ReleaseVersion {
  const trimmed = text.trim();
  if (/^[vV]/.test(trimmed)) {
    throw new InputError(`"${text}" is not a release version: drop the leading "v" (e.g. ${trimmed.slice(1)})`);
  }
  assertExactNumbers(trimmed);
  const parsed = explain(trimmed);
  if (parsed === null) {
    throw new InputError(
      `"${text}" is not a PEP 440 version: expected X.Y.Z with an optional pre-release, e.g. ${EXAMPLE}`,
    );
  }
  if (parsed.release.length !== 3) {
    throw new InputError(
      `"${text}" has ${parsed.release.length} release part(s): give exactly three (X.Y.Z), e.g. 1.20.0`,
    );
  }
  if (parsed.epoch !== 0 || parsed.post !== null || parsed.local !== null) {
    throw new InputError(
      `"${text}" uses an epoch, post-release or local part, which release-kit does not cut: use a version like ${EXAMPLE}`,
    );
  }
  const [major, minor, patch] = parsed.release as [number, number, number];
  let pre: ReleaseVersion["pre"] = null;
  if (parsed.pre !== null) {
    const [letter, number] = parsed.pre;
    if ((letter !== "a" && letter !== "b" && letter !== "rc") || typeof number !== "number") {
      throw new InputError(`"${text}" has an unsupported pre-release part: use aN, bN or rcN, e.g. ${EXAMPLE}`);
    }
    pre = { kind: letter, number };
  }
  // The library types dev as an array, but returns a number (or null) at run time.
  const dev = parsed.dev as unknown as number | null;
  return { major, minor, patch, pre, dev: typeof dev === "number" ? dev : null };
}

/**
 * A tag's version as PEP 440 compares it: trailing zero release parts do not count, so `1.20` and `1.20.0.0` are both
 * 1.20.0 (PEP 440, "Version matching": release segments are zero-padded). Anything the model cannot hold
 * (`1.20.0.1`, epochs, post and local versions, oversized numbers) is not one of ours: null.
 */
function readPep440Tag(text: string): ReleaseVersion | null {
  const trimmed = text.trim();
  if (/^[vV]/.test(trimmed)) return null;
  const parsed = explain(trimmed);
  if (parsed === null || (parsed.release.length > 3 && parsed.release.slice(3).some((part) => part !== 0))) return null;
  const release = [...parsed.release.slice(0, 3), 0, 0].slice(0, 3).join(".");
  const canonical = parsed.public.replace(/^[\d.]+/, release);
  try {
    return parsePep440(canonical);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

function formatPep440(version: ReleaseVersion): string {
  const pre = version.pre === null ? "" : `${version.pre.kind}${version.pre.number}`;
  const dev = version.dev === null ? "" : `.dev${version.dev}`;
  return `${version.major}.${version.minor}.${version.patch}${pre}${dev}`;
}

function comparePep440(a: ReleaseVersion, b: ReleaseVersion): number {
  return compareKeys(pep440Key(a), pep440Key(b));
}

/** PEP 440's order as a tuple: release, phase, pre-release number, then a dev release before its non-dev twin. */
function pep440Key(v: ReleaseVersion): number[] {
  const phase =
    v.pre !== null ? PHASE_RANK[v.pre.kind] : v.dev !== null ? PHASE_RANK["dev-of-final"] : PHASE_RANK.final;
  const devKey = v.dev === null ? Number.POSITIVE_INFINITY : v.dev;
  return [v.major, v.minor, v.patch, phase, v.pre?.number ?? 0, devKey];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** PEP 440: `1.20.0rc1`, `1.20.0a2`, `1.20.0b1`, `1.20.0.dev3`, `1.20.0rc1.dev2`. */
export const pep440Scheme: VersionSchemeDefinition = {
  name: "pep440",
  example: "1.20.0rc1",
  parse: parsePep440,
  readTag: readPep440Tag,
  format: formatPep440,
  compare: comparePep440,
};
