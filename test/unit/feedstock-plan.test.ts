/**
 * The feedstock PR's identity (branch and title as conda-forge's bot names them, superseded candidates) and carrying
 * the rc branch's recipe changes into the final.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { carryRcChanges, neutralRecipe } from "../../src/core/feedstock-plan/carry-rc-changes.js";
import {
  isPreRelease,
  prBranchName,
  prTitle,
  releaseSeries,
  supersededPulls,
  versionOfPrBranch,
} from "../../src/core/feedstock-plan/pr-identity.js";
import type { ObservedPull, RcBranchChanges } from "../../src/core/feedstock-plan/feedstock-observation.js";
import { rcBranchWithPatch, widgetCondaBuildConfig, widgetMetaYaml } from "../helpers/feedstock-world.js";

function pull(number: number, headRef: string, headRepo = "bot/widget-feedstock"): ObservedPull {
  return {
    number,
    url: `u/${number}`,
    title: "",
    body: "",
    headRepo,
    headRef,
    headSha: "",
    baseRef: "rc",
    author: "bot",
  };
}

describe("PR identity", () => {
  it("names the branch and title like conda-forge's bot, with [rc] only into the rc branch", () => {
    expect(prBranchName("onnx", "1.20.0rc1")).toBe("release-kit/onnx-1.20.0rc1");
    expect(prTitle("onnx", "1.20.0rc1", "rc", "rc")).toBe("[rc] onnx v1.20.0rc1");
    expect(prTitle("numpy", "2.5.0rc1", "main", "rc")).toBe("numpy v2.5.0rc1");
    expect(releaseSeries("1.20.0rc2")).toBe("1.20.0");
    expect(isPreRelease("1.20.0b1")).toBe(true);
    expect(isPreRelease("1.20.0")).toBe(false);
  });

  it("finds the version again in any branch name it made", () => {
    fc.assert(
      fc.property(fc.nat(30), fc.nat(30), fc.nat(9), fc.option(fc.integer({ min: 1, max: 9 })), (a, b, c, rc) => {
        const version = `${a}.${b}.${c}${rc === null ? "" : `rc${rc}`}`;
        expect(versionOfPrBranch("onnx-weekly", prBranchName("onnx-weekly", version))).toBe(version);
      }),
    );
    expect(versionOfPrBranch("onnx", "release-kit/onnxruntime-1.2.0")).toBeUndefined();
    expect(versionOfPrBranch("onnx", "regro-cf-autotick-bot/1.20.0_h1")).toBeUndefined();
  });

  it("supersedes older candidates of the same series from the same fork only", () => {
    const pulls = [
      pull(1, "release-kit/widget-1.20.0rc1"),
      pull(2, "release-kit/widget-1.20.0rc2"),
      pull(3, "release-kit/widget-1.19.0rc1"),
      pull(4, "release-kit/widget-1.20.0rc1", "someone/widget-feedstock"),
      pull(5, "release-kit/widget-1.20.0rc3"),
    ];
    const numbers = (v: string) => supersededPulls(pulls, "bot/widget-feedstock", "widget", v).map((p) => p.number);
    expect(numbers("1.20.0rc2")).toEqual([1]);
    expect(numbers("1.20.0")).toEqual([1, 2, 5]);
    expect(numbers("1.21.0rc1")).toEqual([]);
  });
});

describe("carrying the rc branch's recipe changes into a final", () => {
  const rc = rcBranchWithPatch();
  const blob = (text: string | undefined) => (text === undefined ? null : `blob:${text.length}:${text.slice(0, 20)}`);
  const changes = (mainMeta = widgetMetaYaml): { changes: RcBranchChanges; mainMeta: string } => ({
    mainMeta,
    changes: {
      rcSha: "r".repeat(40),
      mergeBaseSha: "b".repeat(40),
      changed: [
        {
          path: "recipe/meta.yaml",
          status: "modified",
          rcBlobSha: blob(rc["recipe/meta.yaml"]),
          baseBlobSha: blob(widgetMetaYaml),
          rcText: rc["recipe/meta.yaml"],
          baseText: widgetMetaYaml,
        },
        {
          path: "recipe/fix-build.patch",
          status: "added",
          rcBlobSha: blob(rc["recipe/fix-build.patch"]),
          baseBlobSha: null,
          rcText: rc["recipe/fix-build.patch"],
        },
        {
          path: "recipe/conda_build_config.yaml",
          status: "modified",
          rcBlobSha: blob(rc["recipe/conda_build_config.yaml"]),
          baseBlobSha: blob(widgetCondaBuildConfig),
          rcText: rc["recipe/conda_build_config.yaml"],
          baseText: widgetCondaBuildConfig,
        },
      ],
    },
  });

  it("carries the patch and the recipe's patches line, not the version, hash, build number or label", () => {
    const { changes: c, mainMeta } = changes();
    const out = carryRcChanges({
      format: "meta.yaml",
      mainRecipe: mainMeta,
      mainCondaBuildConfig: widgetCondaBuildConfig,
      mainFiles: [
        { path: "recipe/meta.yaml", blobSha: blob(widgetMetaYaml)!, mode: "100644" },
        { path: "recipe/conda_build_config.yaml", blobSha: blob(widgetCondaBuildConfig)!, mode: "100644" },
      ],
      changes: c,
    });
    expect(out.carried.map((x) => x.path)).toEqual(["recipe/meta.yaml", "recipe/fix-build.patch"]);
    expect(out.recipeText).toBe(rc["recipe/meta.yaml"]);
    expect(out.carried[0]!.diff).toContain("+  patches:");
    const changed = out.carried[0]!.diff!.split("\n").filter((l) => /^[-+][^-+]/.test(l));
    expect(changed).toEqual(["+  patches:", "+    - fix-build.patch"]);
    expect(out.condaBuildConfigText).toBe(widgetCondaBuildConfig);
    expect(out.extraFiles).toEqual([
      { path: "recipe/fix-build.patch", before: undefined, after: rc["recipe/fix-build.patch"] },
    ]);
    expect(out.conflicts).toEqual([]);
  });

  it("lists a conflict when main also changed the recipe beyond the version, and keeps main's recipe", () => {
    const mainMeta = widgetMetaYaml.replace("    - pip\n", "    - pip\n    - setuptools\n");
    const { changes: c } = changes(mainMeta);
    const out = carryRcChanges({
      format: "meta.yaml",
      mainRecipe: mainMeta,
      mainCondaBuildConfig: widgetCondaBuildConfig,
      mainFiles: [{ path: "recipe/meta.yaml", blobSha: blob(mainMeta)!, mode: "100644" }],
      changes: c,
    });
    expect(out.recipeText).toBe(mainMeta);
    expect(out.conflicts.map((x) => x.path)).toEqual(["recipe/meta.yaml"]);
  });

  it("neutralises only version, hashes and build numbers", () => {
    expect(neutralRecipe(widgetMetaYaml, "meta.yaml")).toBe(
      neutralRecipe(widgetMetaYaml.replace('"1.19.0"', '"2.0.0rc4"').replace("number: 2", "number: 7"), "meta.yaml"),
    );
    expect(neutralRecipe(widgetMetaYaml, "meta.yaml")).not.toBe(neutralRecipe(rc["recipe/meta.yaml"]!, "meta.yaml"));
  });
});
