/**
 * The SemVer scheme, wrapping the `semver` package for parsing. Pre-releases are spelled `-alpha.N`, `-beta.N`,
 * `-rc.N` (also read: `-a.N`, `-b.N`), dev releases `-dev.N`, both together `-rc.1.dev.2`. Build metadata is refused.
 * Why the order differs from PEP 440 for dev releases: SemVer compares identifiers as text, so `-dev.1` sorts after
 * `-alpha.1` and `-rc.1.dev.2` after `-rc.1`; this scheme follows SemVer (https://semver.org/#spec-item-11).
 */
import { parse } from "semver";
import { InputError } from "../errors.js";
import { assertExactNumbers, type PreReleaseKind, type ReleaseVersion } from "./release-version.js";
import type { VersionSchemeDefinition } from "./version-scheme-definition.js";

const EXAMPLE = "1.20.0, 1.20.0-rc.1, 1.20.0-alpha.2, 1.20.0-beta.1 or 1.20.0-dev.3";

const KIND_BY_NAME: Readonly<Record<string, PreReleaseKind>> = { alpha: "a", a: "a", beta: "b", b: "b", rc: "rc" };
const NAME_BY_KIND: Readonly<Record<PreReleaseKind, string>> = { a: "alpha", b: "beta", rc: "rc" };

function parseSemver(text: string): ReleaseVersion {
  const trimmed = text.trim();
  if (/^[vV=]/.test(trimmed)) {
    throw new InputError(
      `"${text}" is not a release version: drop the leading "${trimmed[0]}" (e.g. ${trimmed.slice(1)})`,
    );
  }
  assertExactNumbers(trimmed);
  const parsed = parse(trimmed);
  if (parsed === null) {
    throw new InputError(
      `"${text}" is not a SemVer version: expected X.Y.Z with an optional pre-release, e.g. ${EXAMPLE}`,
    );
  }
  if (parsed.build.length > 0) {
    throw new InputError(`"${text}" carries build metadata (+${parsed.build.join(".")}): remove it, e.g. ${EXAMPLE}`);
  }
  const base = { major: parsed.major, minor: parsed.minor, patch: parsed.patch };
  const ids = parsed.prerelease;
  const unsupported = (): InputError =>
    new InputError(`"${text}" has an unsupported pre-release "-${ids.join(".")}": use one like ${EXAMPLE}`);
  const devFrom = (name: unknown, number: unknown): number => {
    if (name !== "dev" || typeof number !== "number") throw unsupported();
    return number;
  };
  if (ids.length === 0) return { ...base, pre: null, dev: null };
  if (ids.length === 2 && ids[0] === "dev") return { ...base, pre: null, dev: devFrom(ids[0], ids[1]) };
  if (ids.length !== 2 && ids.length !== 4) throw unsupported();
  const kind = typeof ids[0] === "string" ? KIND_BY_NAME[ids[0]] : undefined;
  const number = ids[1];
  if (kind === undefined || typeof number !== "number") throw unsupported();
  const dev = ids.length === 4 ? devFrom(ids[2], ids[3]) : null;
  return { ...base, pre: { kind, number }, dev };
}

/** A tag's version: SemVer has one spelling per version, so this is `parse` without the error. */
function readSemverTag(text: string): ReleaseVersion | null {
  try {
    return parseSemver(text);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

/** The pre-release identifiers of a version, as SemVer spells them. */
function identifiersOf(version: ReleaseVersion): (string | number)[] {
  const ids: (string | number)[] = [];
  if (version.pre !== null) ids.push(NAME_BY_KIND[version.pre.kind], version.pre.number);
  if (version.dev !== null) ids.push("dev", version.dev);
  return ids;
}

function formatSemver(version: ReleaseVersion): string {
  const ids = identifiersOf(version);
  const suffix = ids.length === 0 ? "" : `-${ids.join(".")}`;
  return `${version.major}.${version.minor}.${version.patch}${suffix}`;
}

/** SemVer precedence (spec item 11) on the model: release numbers, then a pre-release before none, then identifiers. */
function compareSemver(a: ReleaseVersion, b: ReleaseVersion): number {
  for (const key of ["major", "minor", "patch"] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  const x = identifiersOf(a);
  const y = identifiersOf(b);
  if (x.length === 0 || y.length === 0) return Math.sign(y.length - x.length);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (i >= x.length) return -1;
    if (i >= y.length) return 1;
    const order = compareIdentifier(x[i] as string | number, y[i] as string | number);
    if (order !== 0) return order;
  }
  return 0;
}

function compareIdentifier(x: string | number, y: string | number): number {
  if (typeof x === "number" && typeof y === "number") return Math.sign(x - y);
  if (typeof x === "number") return -1;
  if (typeof y === "number") return 1;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** SemVer: `1.20.0-rc.1`, `1.20.0-alpha.2`, `1.20.0-beta.1`, `1.20.0-dev.3`, `1.20.0-rc.1.dev.2`. */
export const semverScheme: VersionSchemeDefinition = {
  name: "semver",
  example: "1.20.0-rc.1",
  parse: parseSemver,
  readTag: readSemverTag,
  format: formatSemver,
  compare: compareSemver,
};
