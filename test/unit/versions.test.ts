/** Parsing, formatting, ordering and bumping versions in each scheme. */
import { describe, expect, it } from "vitest";
import { ConfigError, InputError } from "../../src/core/errors.js";
import {
  bumpVersion,
  compareVersions,
  condaVersionCompare,
  convertVersion,
  existingRcNumbers,
  finalTagOf,
  formatVersion,
  getVersionScheme,
  hasFinalTag,
  latestFinalRelease,
  nextRcNumber,
  parseReleaseVersionInput,
  parseVersion,
  releaseBranchName,
  releaseCandidateOf,
  tagForVersion,
  validateVersionPattern,
  versionFromTag,
} from "../../src/core/versions/index.js";

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("parsing and formatting versions", () => {
  it.each([
    ["1.20.0", { pre: null, dev: null }],
    ["1.20.0rc1", { pre: { kind: "rc", number: 1 }, dev: null }],
    ["1.20.0a2", { pre: { kind: "a", number: 2 }, dev: null }],
    ["1.20.0b1", { pre: { kind: "b", number: 1 }, dev: null }],
    ["1.20.0.dev3", { pre: null, dev: 3 }],
    ["1.20.0rc1.dev2", { pre: { kind: "rc", number: 1 }, dev: 2 }],
  ])("reads the PEP 440 version %s", (text, parts) => {
    expect(parseVersion(text, "pep440")).toEqual({ major: 1, minor: 20, patch: 0, ...parts });
    expect(formatVersion(parseVersion(text, "pep440"), "pep440")).toBe(text);
  });

  it("reads non-normalised PEP 440 spellings and writes the normal form", () => {
    expect(formatVersion(parseVersion("1.20.0RC1", "pep440"), "pep440")).toBe("1.20.0rc1");
    expect(formatVersion(parseVersion("1.20.0-alpha.2", "pep440"), "pep440")).toBe("1.20.0a2");
    expect(formatVersion(parseVersion("1.20.0c1", "pep440"), "pep440")).toBe("1.20.0rc1");
  });

  it.each([
    ["1.20.0-rc.1", "1.20.0rc1"],
    ["1.20.0-alpha.2", "1.20.0a2"],
    ["1.20.0-beta.1", "1.20.0b1"],
    ["1.20.0-dev.3", "1.20.0.dev3"],
    ["1.20.0-rc.1.dev.2", "1.20.0rc1.dev2"],
    ["1.20.0", "1.20.0"],
  ])("maps SemVer %s to PEP 440 %s and back", (semver, pep440) => {
    expect(convertVersion(semver, "semver", "pep440")).toBe(pep440);
    expect(convertVersion(pep440, "pep440", "semver")).toBe(semver);
  });

  it("reads the short SemVer aliases a and b", () => {
    expect(convertVersion("1.20.0-a.1", "semver", "semver")).toBe("1.20.0-alpha.1");
    expect(convertVersion("1.20.0-b.4", "semver", "pep440")).toBe("1.20.0b4");
  });

  it.each([
    ["1.2", "pep440", /"1.2" has 2 release part/],
    ["v1.20.0", "pep440", /drop the leading "v"/],
    ["1.20.0.post1", "pep440", /post-release/],
    ["1!1.20.0", "pep440", /epoch/],
    ["1.20.0+local", "pep440", /local/],
    ["banana", "pep440", /"banana" is not a PEP 440 version.*e\.g\. 1\.20\.0/],
    ["1.20.0rc1", "semver", /"1.20.0rc1" is not a SemVer version.*1\.20\.0-rc\.1/],
    ["1.20.0-rc1", "semver", /unsupported pre-release "-rc1"/],
    ["1.20.0-nightly.1", "semver", /unsupported pre-release/],
    ["1.20.0+build.5", "semver", /build metadata/],
    ["v1.20.0", "semver", /drop the leading "v"/],
  ] as const)("refuses %s as %s with one line naming it", (text, scheme, message) => {
    const error = errorOf(() => parseVersion(text, scheme));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`"${text}"`);
    expect(error.message).not.toContain("\n");
  });

  it("lists the known schemes when the config names an unknown one", () => {
    const error = errorOf(() => getVersionScheme("calver"));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('unknown version scheme "calver": use one of pep440, semver (project.version-scheme)');
  });
});

describe("ordering versions", () => {
  const pep440Order = [
    "1.19.1",
    "1.20.0.dev1",
    "1.20.0a1",
    "1.20.0b2",
    "1.20.0rc1.dev5",
    "1.20.0rc1",
    "1.20.0rc2",
    "1.20.0",
  ];
  it("orders PEP 440 dev < alpha < beta < rc < final", () => {
    const versions = pep440Order.map((t) => parseVersion(t, "pep440"));
    const sorted = [...versions].reverse().sort((a, b) => compareVersions(a, b, "pep440"));
    expect(sorted.map((v) => formatVersion(v, "pep440"))).toEqual(pep440Order);
  });

  it("orders SemVer dev releases as SemVer does, after alpha and beta", () => {
    const order = ["1.20.0-alpha.1", "1.20.0-beta.1", "1.20.0-dev.1", "1.20.0-rc.1", "1.20.0-rc.1.dev.1", "1.20.0"];
    const versions = order.map((t) => parseVersion(t, "semver"));
    const sorted = [...versions].reverse().sort((a, b) => compareVersions(a, b, "semver"));
    expect(sorted.map((v) => formatVersion(v, "semver"))).toEqual(order);
  });

  it("bumps to the next major, minor and patch release", () => {
    const rc = parseVersion("1.20.0rc2", "pep440");
    expect(formatVersion(bumpVersion(rc, "minor"), "pep440")).toBe("1.21.0");
    expect(formatVersion(bumpVersion(rc, "major"), "pep440")).toBe("2.0.0");
    expect(formatVersion(bumpVersion(rc, "patch"), "pep440")).toBe("1.20.1");
    expect(() => bumpVersion(rc, "huge")).toThrow(/use one of major, minor, patch/);
  });

  it("builds release candidate N of a base version", () => {
    expect(formatVersion(releaseCandidateOf(parseVersion("1.20.0", "pep440"), 3), "semver")).toBe("1.20.0-rc.3");
    expect(() => releaseCandidateOf(parseVersion("1.20.0", "pep440"), 0)).toThrow(InputError);
  });
});

describe("the --version input of rc and final", () => {
  it("accepts exactly X.Y.Z", () => {
    expect(parseReleaseVersionInput("1.20.0")).toEqual({ major: 1, minor: 20, patch: 0, pre: null, dev: null });
    expect(parseReleaseVersionInput(" 0.1.0 ")).toMatchObject({ major: 0, minor: 1, patch: 0 });
  });

  it.each([
    ["1.2", '--version "1.2" is not valid: a version needs exactly three parts X.Y.Z, e.g. 1.2.0'],
    ["v1.20.0", '--version "v1.20.0" is not valid: drop the leading "v" and give 1.20.0 (the tag pattern adds it)'],
    [
      "1.20.0rc1",
      '--version "1.20.0rc1" is not valid: give the base version 1.20.0; --rc N selects the release candidate',
    ],
    [
      "1.20.0-rc.1",
      '--version "1.20.0-rc.1" is not valid: give the base version 1.20.0; --rc N selects the release candidate',
    ],
    ["1.2.3.4", '--version "1.2.3.4" is not valid: a version needs exactly three parts X.Y.Z, e.g. 1.2.3'],
    ["1.02.0", '--version "1.02.0" is not valid: write each part without leading zeros, e.g. 1.2.0'],
    ["", '--version "" is not valid: give the version to release as X.Y.Z, e.g. 1.20.0'],
    ["; rm -rf /", '--version "; rm -rf /" is not valid: give the version to release as X.Y.Z, e.g. 1.20.0'],
  ])("refuses %j with the fix", (text, message) => {
    const error = errorOf(() => parseReleaseVersionInput(text));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(message);
  });

  it("names the flag it was given", () => {
    expect(() => parseReleaseVersionInput("1.2", "input version")).toThrow(/^input version "1.2"/);
  });
});

describe("tag and branch patterns", () => {
  it("makes tags and release branches from patterns", () => {
    expect(tagForVersion("v{version}", "1.20.0rc1")).toBe("v1.20.0rc1");
    expect(tagForVersion("release/{version}", "1.20.0")).toBe("release/1.20.0");
    expect(releaseBranchName("rel-{version}", "1.20.0")).toBe("rel-1.20.0");
  });

  it("reads the version back from a tag, or null when the tag does not match", () => {
    expect(versionFromTag("v{version}", "v1.20.0rc1")).toBe("1.20.0rc1");
    expect(versionFromTag("v{version}", "refs/tags/v1.20.0")).toBe("1.20.0");
    expect(versionFromTag("onnx-{version}-final", "onnx-1.2.0-final")).toBe("1.2.0");
    expect(versionFromTag("v{version}", "1.20.0")).toBeNull();
    expect(versionFromTag("v{version}", "v")).toBeNull();
    expect(versionFromTag("{version}-x", "1.0-y")).toBeNull();
  });

  it.each([
    ["v", /does not contain \{version\}/],
    ["v{version}{version}", /contains \{version\} 2 times/],
    ["v{version}-{sha}", /unknown placeholder \{sha\}/],
    ["v{version}}", /unmatched brace/],
    ["v {version}", /valid git ref name/],
    ["-{version}", /valid git ref name/],
    ["v{version}..x", /valid git ref name/],
    ["v{version}.lock", /valid git ref name/],
    ["refs/tags/v{version}", /names a full ref/],
  ])("refuses the pattern %j with the placeholders allowed", (pattern, message) => {
    const error = errorOf(() => validateVersionPattern(pattern));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(message);
    expect(error.message).toContain("placeholders: {version}");
  });

  it("names the branch key when the branch pattern is wrong", () => {
    expect(() => releaseBranchName("rel", "1.20.0")).toThrow(/^project\.release-branch: "rel"/);
  });

  it("refuses to name a branch after a pre-release", () => {
    expect(() => releaseBranchName("rel-{version}", "1.20.0rc1")).toThrow(InputError);
  });

  it("refuses a version that would break the tag name", () => {
    expect(() => tagForVersion("v{version}", "1.0 ; rm")).toThrow(InputError);
    expect(() => tagForVersion("v{version}", "1..0")).toThrow(InputError);
  });
});

describe("release candidates from existing tags", () => {
  const tags = [
    "v1.19.0",
    "v1.19.1",
    "v1.20.0rc1",
    "v1.20.0rc2",
    "nightly",
    "v1.21.0rc5",
    "vbanana",
    "v1.20.0rc2.dev1",
  ];

  it("cuts rc1 when no tag of the version exists", () => {
    expect(nextRcNumber("1.22.0", tags, "v{version}", "pep440")).toBe(1);
    expect(nextRcNumber("1.20.0", [], "v{version}", "pep440")).toBe(1);
  });

  it("cuts the next RC after the highest tagged one", () => {
    expect(existingRcNumbers("1.20.0", tags, "v{version}", "pep440")).toEqual([1, 2]);
    expect(nextRcNumber("1.20.0", tags, "v{version}", "pep440")).toBe(3);
    expect(nextRcNumber("1.20.0", ["v1.20.0rc4", "v1.20.0rc1"], "v{version}", "pep440")).toBe(5);
  });

  it("counts SemVer candidate tags", () => {
    const semverTags = ["v1.20.0-rc.1", "v1.20.0-rc.10", "v1.20.0-rc.9", "v1.20.0-beta.3"];
    expect(nextRcNumber("1.20.0", semverTags, "v{version}", "semver")).toBe(11);
  });

  it("tells whether the final is tagged", () => {
    expect(hasFinalTag("1.19.1", tags, "v{version}", "pep440")).toBe(true);
    expect(hasFinalTag("1.20.0", tags, "v{version}", "pep440")).toBe(false);
    expect(finalTagOf("1.19.0", ["refs/tags/v1.19.0"], "v{version}", "pep440")).toBe("v1.19.0");
  });

  it("finds the latest final release, ignoring candidates and foreign tags", () => {
    const latest = latestFinalRelease([...tags, "v1.9.9", "2.0.0"], "v{version}", "pep440");
    expect(latest?.tag).toBe("v1.19.1");
    expect(latestFinalRelease(["v1.0.0rc1", "junk"], "v{version}", "pep440")).toBeNull();
  });

  it("asks for a base version, not a candidate", () => {
    expect(() => nextRcNumber("1.20.0rc1", tags, "v{version}", "pep440")).toThrow(/give X.Y.Z, e.g. 1.20.0/);
  });

  it("reads tags PEP 440 calls the same version as that version", () => {
    expect(latestFinalRelease(["v2.0", "v1.20.0"], "v{version}", "pep440")?.tag).toBe("v2.0");
    expect(latestFinalRelease(["v1.20.0.0", "v1.19.0"], "v{version}", "pep440")?.version).toEqual(
      parseVersion("1.20.0", "pep440"),
    );
    expect(hasFinalTag("1.20.0", ["v1.20"], "v{version}", "pep440")).toBe(true);
    // Candidate numbering continues across spellings instead of restarting at 1.
    expect(nextRcNumber("1.20.0", ["v1.20rc1", "v1.20.0-RC2", "v1.20.0.0rc3"], "v{version}", "pep440")).toBe(4);
    // 1.20.0.1 is another version, which release-kit never cuts: not the 1.20.0 final.
    expect(hasFinalTag("1.20.0", ["v1.20.0.1"], "v{version}", "pep440")).toBe(false);
    // SemVer has one spelling per version.
    expect(latestFinalRelease(["v2.0", "v1.20.0"], "v{version}", "semver")?.tag).toBe("v1.20.0");
  });

  it("ignores tags with numbers too large to count exactly", () => {
    expect(latestFinalRelease(["v1.20.0", "v1.20.9007199254740993"], "v{version}", "pep440")?.tag).toBe("v1.20.0");
    expect(nextRcNumber("1.20.0", ["v1.20.0rc9007199254740993"], "v{version}", "pep440")).toBe(1);
  });
});

describe("oversized version numbers", () => {
  it.each([
    ["pep440", "1.20.9007199254740993"],
    ["pep440", "1.20.0rc99999999999999999999"],
    ["semver", "1.20.9007199254740993"],
    ["semver", "1.20.0-rc.9007199254740993"],
  ] as const)("%s refuses %s in one line naming the number", (scheme, text) => {
    const error = errorOf(() => parseVersion(text, scheme));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/has the number \d+, larger than 9007199254740991/);
  });

  it("refuses them on --version alike", () => {
    expect(() => parseReleaseVersionInput("1.20.9007199254740993")).toThrow(/too large/);
  });
});

describe("conda version ordering", () => {
  // Each entry is lower than the next, following conda's documented rules.
  const ascending = [
    "0.4",
    "0.4.1.rc",
    "0.4.1",
    "0.5a1",
    "0.5b3",
    "0.5C1",
    "0.5",
    "0.9.6",
    "0.960923",
    "1.0",
    "1.1dev1",
    "1.1_",
    "1.1a1",
    "1.1.0dev1",
    "1.1.a1",
    "1.1.0rc1",
    "1.1.0",
    "1.1.0post1",
    "1.1post1",
    "1996.07.12",
    "1!0.4.1",
    "1!3.1.1.6",
    "2!0.4.1",
  ];
  it("orders the documented sequence", () => {
    for (let i = 1; i < ascending.length; i++) {
      const [lower, higher] = [ascending[i - 1] as string, ascending[i] as string];
      expect([lower, higher, condaVersionCompare(lower, higher)]).toEqual([lower, higher, -1]);
      expect(condaVersionCompare(higher, lower)).toBe(1);
    }
  });

  it.each([
    ["0.4", "0.4.0"],
    ["1.1", "1.1.0"],
    ["0.4.1.rc", "0.4.1.RC"],
    ["1.1.0dev1", "1.1.dev1"],
    ["1.1.0post1", "1.1.post1"],
    ["1.20.0+abc", "1.20.0+ABC"],
  ])("treats %s and %s as equal", (a, b) => {
    expect(condaVersionCompare(a, b)).toBe(0);
  });

  it("puts release candidates before the final and dev before rc", () => {
    expect(condaVersionCompare("1.20.0rc1", "1.20.0")).toBe(-1);
    expect(condaVersionCompare("1.20.0rc1.dev1", "1.20.0rc1")).toBe(-1);
    expect(condaVersionCompare("1.20.0dev1", "1.20.0rc1")).toBe(-1);
  });

  it("differs from PEP 440 for a dev release written as a separate .devN part", () => {
    // conda reads `.dev1` as a new component compared with a missing (0) one, so it lands after the rc.
    expect(condaVersionCompare("1.20.0.dev1", "1.20.0rc1")).toBe(1);
    expect(condaVersionCompare("1.20.0.dev1", "1.20.0")).toBe(-1);
  });

  it("compares the local part only when the versions are equal", () => {
    expect(condaVersionCompare("1.0+2", "1.0+10")).toBe(-1);
    expect(condaVersionCompare("1.1+0", "1.0+99")).toBe(1);
  });

  it("compares very long numbers exactly", () => {
    expect(condaVersionCompare("1.99999999999999999998", "1.99999999999999999999")).toBe(-1);
  });

  it.each(["", "1..0", "1.0 beta", "a!1.0", "1+2+3"])("refuses the malformed version %j", (text) => {
    expect(() => condaVersionCompare(text, "1.0")).toThrow(InputError);
  });
});
