/** Deciding whether a release branch holds a new version: finals with and without candidates, first candidates. */
import { describe, expect, it } from "vitest";
import { detectNewVersion, type DetectInput } from "../../src/core/release-plan/detect-new-version.js";

// What a push workflow on release branches asks before tagging: does the version file name a new candidate or final?

function input(version: string, tagNames: string[], over: Partial<DetectInput> = {}): DetectInput {
  return {
    ref: "rel-1.21.0",
    scheme: "pep440",
    tagPattern: "v{version}",
    versionFiles: [{ path: "VERSION_NUMBER", kind: "plain" }],
    files: [{ path: "VERSION_NUMBER", text: `${version}\n` }],
    tagNames,
    ...over,
  };
}

describe("detect on a branch that holds a final", () => {
  it("calls a freshly cut branch holding the plain version nothing to do, saying why in one line", () => {
    const found = detectNewVersion(input("1.21.0", ["v1.20.0"]));
    expect(found).toMatchObject({ kind: "final", tag: "v1.21.0", new: false });
    expect(found.reason).toMatch(/^nothing to do: no candidate of 1\.21\.0 is tagged/);
    expect(found.reason).toMatch(/1\.21\.0rc1 first, or set final\.no-rc: true/);
    expect(found.reason).not.toContain("\n");
  });

  it("takes the same final as new when finals go without candidates (final.no-rc / --no-rc)", () => {
    expect(detectNewVersion(input("1.21.0", ["v1.20.0"], { noRc: true }))).toMatchObject({
      new: true,
      reason: "v1.21.0 does not exist yet",
    });
  });

  it("takes the final as new once a candidate of it is tagged", () => {
    expect(detectNewVersion(input("1.21.0", ["v1.20.0", "v1.21.0rc1"]))).toMatchObject({ kind: "final", new: true });
  });

  it("still sees a candidate as new without any earlier candidate", () => {
    expect(detectNewVersion(input("1.21.0rc1", ["v1.20.0"]))).toMatchObject({ kind: "rc", new: true });
  });
});
