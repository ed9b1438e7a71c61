/**
 * Property tests of versions against the reference libraries: PEP 440 and SemVer round trips, formatting and
 * ordering, conda ordering.
 */
import * as pep440 from "@renovatebot/pep440";
import fc from "fast-check";
import * as semver from "semver";
import { describe, expect, it } from "vitest";
import {
  compareVersions,
  condaVersionCompare,
  convertVersion,
  formatVersion,
  parseVersion,
  type ReleaseVersion,
  type VersionScheme,
} from "../../src/core/versions/index.js";

const NUM_RUNS = 1000;
const schemes: readonly VersionScheme[] = ["pep440", "semver"];

// The sign of a comparison as -1, 0 or 1. Negating a comparison that returned 0 gives -0, which toBe (Object.is)
// tells apart from 0, so antisymmetry is checked on signs.
const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

// Small numbers make equal bases (where the interesting ordering happens) common; large ones test the arithmetic.
const part = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 100_000 }));
const releaseVersion: fc.Arbitrary<ReleaseVersion> = fc.record({
  major: part,
  minor: part,
  patch: part,
  pre: fc.option(fc.record({ kind: fc.constantFrom("a" as const, "b" as const, "rc" as const), number: part })),
  dev: fc.option(part),
});

describe("versions (property)", () => {
  it.each(schemes)("parse(format(v)) gives v back in %s", (scheme) => {
    fc.assert(
      fc.property(releaseVersion, (v) => {
        expect(parseVersion(formatVersion(v, scheme), scheme)).toEqual(v);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("maps PEP 440 -> SemVer -> PEP 440 without loss", () => {
    fc.assert(
      fc.property(releaseVersion, (v) => {
        const text = formatVersion(v, "pep440");
        expect(convertVersion(convertVersion(text, "pep440", "semver"), "semver", "pep440")).toBe(text);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("formats text each reference library accepts as valid", () => {
    fc.assert(
      fc.property(releaseVersion, (v) => {
        expect(pep440.valid(formatVersion(v, "pep440"))).not.toBeNull();
        expect(semver.valid(formatVersion(v, "semver"))).toBe(formatVersion(v, "semver"));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it.each(schemes)("orders %s versions totally: reflexive, antisymmetric, transitive", (scheme) => {
    fc.assert(
      fc.property(releaseVersion, releaseVersion, releaseVersion, (a, b, c) => {
        expect(compareVersions(a, a, scheme)).toBe(0);
        expect(sign(compareVersions(a, b, scheme))).toBe(sign(-compareVersions(b, a, scheme)));
        if (compareVersions(a, b, scheme) === 0) expect(formatVersion(a, scheme)).toBe(formatVersion(b, scheme));
        if (compareVersions(a, b, scheme) <= 0 && compareVersions(b, c, scheme) <= 0) {
          expect(compareVersions(a, c, scheme)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("orders PEP 440 versions as @renovatebot/pep440 does", () => {
    fc.assert(
      fc.property(releaseVersion, releaseVersion, (a, b) => {
        const reference = Math.sign(pep440.compare(formatVersion(a, "pep440"), formatVersion(b, "pep440")));
        expect(compareVersions(a, b, "pep440")).toBe(reference);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("orders SemVer versions as semver.compare does", () => {
    fc.assert(
      fc.property(releaseVersion, releaseVersion, (a, b) => {
        const reference = semver.compare(formatVersion(a, "semver"), formatVersion(b, "semver"));
        expect(compareVersions(a, b, "semver")).toBe(reference);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("orders conda versions as PEP 440 does on X.Y.Z[aN|bN|rcN][.devN], except the documented dev-of-final case", () => {
    // conda reads `1.20.0.dev1` as an extra component, so it sorts after `1.20.0rc1` (PEP 440: before). Those pairs
    // are the one place the two orders are known to disagree; every other pair must agree.
    const devOfFinal = (v: ReleaseVersion): boolean => v.pre === null && v.dev !== null;
    const knownDisagreement = (a: ReleaseVersion, b: ReleaseVersion): boolean =>
      a.major === b.major &&
      a.minor === b.minor &&
      a.patch === b.patch &&
      ((devOfFinal(a) && b.pre !== null) || (devOfFinal(b) && a.pre !== null));
    fc.assert(
      fc.property(releaseVersion, releaseVersion, (a, b) => {
        fc.pre(!knownDisagreement(a, b));
        const x = formatVersion(a, "pep440");
        const y = formatVersion(b, "pep440");
        expect(condaVersionCompare(x, y)).toBe(Math.sign(pep440.compare(x, y)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("orders conda versions totally", () => {
    const condaText = fc.stringMatching(
      /^(\d{1,3}!)?\d{1,3}([._](\d{1,3}|[a-z]{1,4}\d{0,2}|dev\d?|post\d?)){0,4}_?(\+[a-z0-9]{1,3})?$/,
    );
    fc.assert(
      fc.property(condaText, condaText, condaText, (a, b, c) => {
        expect(condaVersionCompare(a, a)).toBe(0);
        expect(sign(condaVersionCompare(a, b))).toBe(sign(-condaVersionCompare(b, a)));
        if (condaVersionCompare(a, b) <= 0 && condaVersionCompare(b, c) <= 0) {
          expect(condaVersionCompare(a, c)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
