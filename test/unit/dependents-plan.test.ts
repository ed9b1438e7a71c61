/** The pure edits of the dependents' PRs: conda's version ordering, pin widening, channel_sources, a second source. */
import { describe, expect, it } from "vitest";
import { compareCondaVersions, specAdmits } from "../../src/core/dependents-plan/conda-version.js";
import { setChannelSources } from "../../src/core/dependents-plan/channel-sources.js";
import { widenBuildConfigPins, widenRecipePins } from "../../src/core/dependents-plan/widen-pins.js";
import { addCandidateSource, addCmakeDefine } from "../../src/core/dependents-plan/vendored-source.js";
import { ConflictError } from "../../src/core/errors.js";
import {
  gadgetCbc,
  gadgetMetaYaml,
  gizmoRecipeYaml,
  runtimeBldBat,
  runtimeBuildSh,
  runtimeMetaYaml,
} from "../helpers/dependents-fixtures.js";

describe("conda's version ordering", () => {
  it("orders candidates below the final and the final equal to its short form", () => {
    expect(compareCondaVersions("1.20.0rc1", "1.20.0")).toBeLessThan(0);
    expect(compareCondaVersions("1.20.0rc1", "1.20")).toBeLessThan(0);
    expect(compareCondaVersions("1.20.0", "1.20")).toBe(0);
    expect(compareCondaVersions("1.20.0rc2", "1.20.0rc1")).toBeGreaterThan(0);
    expect(compareCondaVersions("1.20.0a0", "1.20.0rc1")).toBeLessThan(0);
    expect(compareCondaVersions("1.20.0dev0", "1.20.0a0")).toBeLessThan(0);
    expect(compareCondaVersions("1.19.2", "1.20.0rc1")).toBeLessThan(0);
  });

  it.each([
    [">=1.19,<1.20", true],
    [">=1.19,<1.20.0a0", false],
    ["<1.20.0dev0", false],
    ["1.19.*", false],
    ["1.20.*", true],
    ["1.19", false],
    ["==1.19.0", false],
    [">=1.19", true],
    ["<=1.19.2|1.20.0rc1", true],
    ["!=1.20.0rc1", false],
  ])("%s admits 1.20.0rc1: %s", (spec, admits) => {
    expect(specAdmits(spec, "1.20.0rc1")).toBe(admits);
  });
});

describe("pins of the upstream package", () => {
  it("widens a v0 run pin that excludes the candidate and leaves every other line", () => {
    const { text, pins } = widenRecipePins(gadgetMetaYaml, "recipe/meta.yaml", "widget", "1.20.0rc1");
    expect(pins.map((p) => p.verdict)).toEqual(["widened"]);
    expect(text).toBe(
      gadgetMetaYaml.replace(
        "    - widget >=1.19,<1.20.0a0  # the series",
        "    - widget >=1.19,<1.20.0a0|==1.20.0rc1  # the series",
      ),
    );
    // The bare host `- widget` and `- widgetruntime` are not pins of widget.
    expect(text).toContain("    - widget\n");
    expect(text).toContain("    - widgetruntime\n");
  });

  it("leaves a v1 pin `>=1.19,<1.20`, which admits 1.20.0rc1 in conda's ordering", () => {
    const { text, pins } = widenRecipePins(gizmoRecipeYaml, "recipe/recipe.yaml", "widget", "1.20.0rc1");
    expect(pins).toEqual([expect.objectContaining({ verdict: "admits", line: 23 })]);
    expect(text).toBe(gizmoRecipeYaml);
  });

  it("replaces a build-config variant pin that excludes the candidate, keeping its quotes", () => {
    const { text, pins } = widenBuildConfigPins(gadgetCbc, "recipe/conda_build_config.yaml", "widget", "1.20.0rc2");
    expect(pins.map((p) => p.verdict)).toEqual(["widened"]);
    expect(text).toBe('python_min:\n  - "3.10"\nwidget:\n  - "1.20.0rc2"\n');
  });
});

describe("channel_sources", () => {
  it("is added at the end, or replaces an existing value", () => {
    const value = "conda-forge/label/widget_rc,conda-forge";
    expect(setChannelSources(undefined, value)).toBe(`channel_sources:\n  - ${value}\n`);
    expect(setChannelSources("a:\n  - 1\n", value)).toBe(`a:\n  - 1\nchannel_sources:\n  - ${value}\n`);
    expect(setChannelSources("channel_sources:\n- conda-forge\nb:\n  - 2\n", value)).toBe(
      `channel_sources:\n- ${value}\nb:\n  - 2\n`,
    );
  });
});

describe("a vendored-source dependent shaped like onnxruntime-feedstock", () => {
  const source = {
    url: "https://github.com/acme/widget/archive/refs/tags/v1.20.0rc1.tar.gz",
    sha256: "c".repeat(64),
    folder: "widget-candidate",
  };

  it("turns the source mapping into a list and appends the candidate's archive in its own folder", () => {
    const after = addCandidateSource(runtimeMetaYaml, "meta.yaml", source);
    expect(after).toContain(
      [
        "source:",
        "  - url: https://github.com/acme/widgetruntime/archive/refs/tags/v{{ version }}.tar.gz",
        `    sha256: ${"b".repeat(64)}`,
        "    patches:",
        "      # keeps the runtime's DLL name apart from the system's",
        "      - patches/0001-rename-dll.patch     # [win]",
        "      - patches/0002-find-nvcc.patch",
        `  - url: ${source.url}`,
        `    sha256: ${source.sha256}`,
        "    folder: widget-candidate",
        "",
        "build:",
      ].join("\n"),
    );
    // Everything outside source: is unchanged.
    expect(after.replace(/source:[\s\S]*?\n\nbuild:/, "")).toBe(
      runtimeMetaYaml.replace(/source:[\s\S]*?\n\nbuild:/, ""),
    );
  });

  it("uses target_directory in a recipe.yaml and extends an existing list", () => {
    const list = "source:\n  - url: a\n    sha256: x\n\nbuild:\n  number: 0\n";
    expect(addCandidateSource(list, "recipe.yaml", source)).toBe(
      `source:\n  - url: a\n    sha256: x\n  - url: ${source.url}\n    sha256: ${source.sha256}\n    target_directory: widget-candidate\n\nbuild:\n  number: 0\n`,
    );
  });

  it("adds the define after the cmake_extra_defines array of build.sh and after --cmake_extra_defines in bld.bat", () => {
    const sh = addCmakeDefine(runtimeBuildSh, "recipe/build.sh", "FETCHCONTENT_SOURCE_DIR_WIDGET", "widget-candidate");
    expect(sh).toBe(
      runtimeBuildSh.replace(
        '                      "CMAKE_INSTALL_LIBDIR=lib"\n)\n',
        '                      "CMAKE_INSTALL_LIBDIR=lib"\n)\ncmake_extra_defines+=( "FETCHCONTENT_SOURCE_DIR_WIDGET=$SRC_DIR/widget-candidate" )\n',
      ),
    );
    const bat = addCmakeDefine(runtimeBldBat, "recipe/bld.bat", "FETCHCONTENT_SOURCE_DIR_WIDGET", "widget-candidate");
    expect(bat).toBe(
      runtimeBldBat.replace(
        "--cmake_extra_defines EIGEN",
        '--cmake_extra_defines "FETCHCONTENT_SOURCE_DIR_WIDGET=%SRC_DIR:\\=/%/widget-candidate" EIGEN',
      ),
    );
  });

  it("refuses a build script with no place for CMake defines, naming it", () => {
    expect(() => addCmakeDefine("make all\n", "recipe/build.sh", "X", "f")).toThrow(ConflictError);
    expect(() => addCmakeDefine("make all\n", "recipe/build.sh", "X", "f")).toThrow(/recipe\/build.sh/);
  });
});
