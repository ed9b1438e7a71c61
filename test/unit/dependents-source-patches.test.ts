/**
 * The edits that make a vendored-source dependent apply its own patches to the candidate's sources: the step in
 * build.sh and bld.bat (placed before the command that runs CMake, replaced on a rerun), the patch tools in the
 * recipe's build requirements (meta.yaml selectors, recipe.yaml if/then/else, only when absent), and the PR plan.
 */
import { describe, expect, it } from "vitest";
import { addCmakeDefine } from "../../src/core/dependents-plan/vendored-source.js";
import {
  addPatchTool,
  addSourcePatchStep,
  patchFailureLine,
  type SourcePatchSpec,
} from "../../src/core/dependents-plan/source-patches.js";
import { planDependentPr, type DependentObservation } from "../../src/core/dependents-plan/plan-dependent-pr.js";
import type { VerifiedSource } from "../../src/core/feedstock-plan/verified-source.js";
import { detectFailure } from "../../src/core/downstream/detect-failure-reason.js";
import { ConflictError } from "../../src/core/errors.js";
import { runtimeBldBat, runtimeBuildSh, runtimeMetaYaml } from "../helpers/dependents-fixtures.js";

const spec: SourcePatchSpec = {
  define: "FETCHCONTENT_SOURCE_DIR_WIDGET",
  folder: "widget-candidate",
  patches: ["cmake/patches/widget/widget.patch"],
  strip: 1,
};

/** What the plan does to a build script: the define, then the patch step. */
function edit(text: string, script: string, s: SourcePatchSpec = spec): string {
  return addSourcePatchStep(addCmakeDefine(text, script, s.define, s.folder), script, s);
}

describe("the step that applies the dependent's patches, in build.sh", () => {
  const after = edit(runtimeBuildSh, "recipe/build.sh");
  const lines = after.split("\n");

  it("sits after the cmake_extra_defines array and before the define's line, and nothing else changes", () => {
    const close = lines.indexOf(")");
    expect(lines[close + 1]).toBe("# >>> release-kit: the dependent's own patches, applied to the candidate's sources");
    const end = lines.indexOf("# <<< release-kit: the dependent's own patches");
    expect(lines[end + 1]).toBe('cmake_extra_defines+=( "FETCHCONTENT_SOURCE_DIR_WIDGET=$SRC_DIR/widget-candidate" )');
    expect([...lines.slice(0, close + 1), ...lines.slice(end + 2)].join("\n")).toBe(runtimeBuildSh);
  });

  it("applies each patch to the candidate's folder with patch --binary --ignore-whitespace -p<strip>", () => {
    expect(after).toContain('for rk_patch in "cmake/patches/widget/widget.patch"; do');
    expect(after).toContain(
      'rk_args=( --binary --ignore-whitespace --forward -p1 -d "$SRC_DIR/widget-candidate" -i "$SRC_DIR/$rk_patch" )',
    );
    const two = edit(runtimeBuildSh, "recipe/build.sh", { ...spec, patches: ["a/one.patch", "b/two.patch"], strip: 0 });
    expect(two).toContain('for rk_patch in "a/one.patch" "b/two.patch"; do');
    expect(two).toContain("--forward -p0 -d");
  });

  it("goes before the whole command when the defines are a --cmake_extra_defines argument", () => {
    const script = 'set -ex\npython build.py \\\n    --cmake_extra_defines "A=1" \\\n    --config Release\n';
    const out = edit(script, "recipe/build.sh").split("\n");
    expect(out[0]).toBe("set -ex");
    expect(out[1]).toMatch(/^# >>> release-kit/);
    expect(out[out.indexOf("# <<< release-kit: the dependent's own patches") + 1]).toBe("python build.py \\");
  });
});

describe("the step in bld.bat", () => {
  const after = edit(runtimeBldBat, "recipe/bld.bat");
  const lines = after.split("\n");

  it("goes before the build.py command that carries --cmake_extra_defines, one block per patch", () => {
    const end = lines.indexOf("rem <<< release-kit: the dependent's own patches");
    expect(lines.slice(0, 3)).toEqual([
      "@echo on",
      "",
      "rem >>> release-kit: the dependent's own patches, applied to the candidate's sources",
    ]);
    expect(lines[end + 1]).toBe("python tools/ci_build/build.py ^");
    const args =
      '--binary --ignore-whitespace --forward -p1 -d "%SRC_DIR:\\=/%/widget-candidate" -i "%SRC_DIR:\\=/%/cmake/patches/widget/widget.patch"';
    expect(lines.slice(4, end)).toEqual([
      `patch --dry-run ${args} <nul`,
      "if not errorlevel 1 (",
      `    patch ${args} <nul`,
      "    if errorlevel 1 exit 1",
      ") else (",
      `    patch --dry-run --reverse ${args} <nul >nul 2>&1`,
      "    if errorlevel 1 (",
      `        echo ${patchFailureLine("cmake/patches/widget/widget.patch", "widget-candidate")}`,
      "        exit 1",
      "    )",
      "    echo release-kit: cmake/patches/widget/widget.patch is already in the candidate's sources, its reverse applies: skipped",
      ")",
    ]);
  });

  it("never puts a parenthesis in an echo inside a block, which would end the block early", () => {
    for (const line of lines.filter((l) => /^\s+echo /.test(l))) expect(line).not.toMatch(/[()&|<>^]/);
  });
});

describe("a rerun and a newer candidate", () => {
  it("an edit of an already edited script gives the same script: no second step, no second define", () => {
    for (const [text, script] of [
      [runtimeBuildSh, "recipe/build.sh"],
      [runtimeBldBat, "recipe/bld.bat"],
    ] as const) {
      const once = edit(text, script);
      expect(edit(once, script)).toBe(once);
      expect(once.split("release-kit: the dependent's own patches, applied").length).toBe(2);
    }
  });

  it("replaces the step when the patches changed, and removes it when none are left", () => {
    const once = edit(runtimeBuildSh, "recipe/build.sh");
    const changed = edit(once, "recipe/build.sh", { ...spec, patches: ["cmake/patches/widget/other.patch"] });
    expect(changed).toBe(
      edit(runtimeBuildSh, "recipe/build.sh", { ...spec, patches: ["cmake/patches/widget/other.patch"] }),
    );
    expect(changed).not.toContain("widget.patch");
    expect(edit(once, "recipe/build.sh", { ...spec, patches: [] })).toBe(
      addCmakeDefine(runtimeBuildSh, "recipe/build.sh", spec.define, spec.folder),
    );
  });

  it("keeps CRLF line endings of a Windows script", () => {
    const crlf = runtimeBldBat.replaceAll("\n", "\r\n");
    const out = edit(crlf, "recipe/bld.bat");
    expect(out.split("\r\n").join("\n")).toBe(edit(runtimeBldBat, "recipe/bld.bat"));
    expect(out.replaceAll("\r\n", "")).not.toContain("\n");
  });

  it("refuses a script with no place for the step, naming it", () => {
    expect(() => addSourcePatchStep("make all\n", "recipe/build.sh", spec)).toThrow(ConflictError);
    expect(() => addSourcePatchStep("make all\n", "recipe/build.sh", spec)).toThrow(/recipe\/build.sh/);
  });
});

describe("patch in the recipe's build requirements", () => {
  it("meta.yaml: patch [unix] and m2-patch [win] after the last build requirement, nothing else changes", () => {
    const { text, added } = addPatchTool(runtimeMetaYaml, "meta.yaml");
    expect(added).toEqual(["patch", "m2-patch"]);
    expect(text).toBe(
      runtimeMetaYaml.replace(
        "    - ninja\n  host:\n",
        "    - ninja\n    - patch  # [unix]\n    - m2-patch  # [win]\n  host:\n",
      ),
    );
  });

  it("meta.yaml shaped like onnxruntime's: Jinja and comment lines inside the list stay where they are", () => {
    const recipe = [
      "requirements:",
      "  build:",
      "    - {{ compiler('cxx') }}",
      "    {% if cuda_major >= 12 %}",
      "    - cuda-cudart-dev  # [build_platform != target_platform]",
      "    {% endif %}",
      "    # protoc for cross compilations (a comment that says patch)",
      "    - libprotobuf 3.21",
      "",
      "  host:",
      "    - python",
      "",
    ].join("\n");
    expect(addPatchTool(recipe, "meta.yaml").text).toBe(
      recipe.replace(
        "    - libprotobuf 3.21\n",
        "    - libprotobuf 3.21\n    - patch  # [unix]\n    - m2-patch  # [win]\n",
      ),
    );
  });

  it("adds only what is absent, and nothing when both are there (a rerun adds nothing)", () => {
    const withPatch = runtimeMetaYaml.replace("    - ninja\n", "    - ninja\n    - patch  # [not win]\n");
    const one = addPatchTool(withPatch, "meta.yaml");
    expect(one.added).toEqual(["m2-patch"]);
    expect(one.text).toBe(
      withPatch.replace("    - patch  # [not win]\n", "    - patch  # [not win]\n    - m2-patch  # [win]\n"),
    );
    const again = addPatchTool(one.text, "meta.yaml");
    expect(again).toEqual({ text: one.text, added: [] });
    // patchelf and a host requirement named patch are not the build tool.
    const other = runtimeMetaYaml
      .replace("    - ninja\n", "    - ninja\n    - patchelf\n")
      .replace("    - numpy\n", "    - numpy\n    - patch\n");
    expect(addPatchTool(other, "meta.yaml").added).toEqual(["patch", "m2-patch"]);
  });

  it("recipe.yaml: one if: win / then: m2-patch / else: patch item", () => {
    const recipe = "requirements:\n  build:\n    - ${{ compiler('cxx') }}\n    - cmake\n  host:\n    - python\n";
    const { text, added } = addPatchTool(recipe, "recipe.yaml");
    expect(added).toEqual(["patch", "m2-patch"]);
    expect(text).toBe(
      "requirements:\n  build:\n    - ${{ compiler('cxx') }}\n    - cmake\n    - if: win\n      then: m2-patch\n      else: patch\n  host:\n    - python\n",
    );
    expect(addPatchTool(text, "recipe.yaml").added).toEqual([]);
    const unixOnly = "requirements:\n  build:\n    - if: win\n      then: m2-patch\n";
    expect(addPatchTool(unixOnly, "recipe.yaml").text).toBe(`${unixOnly}    - if: unix\n      then: patch\n`);
  });

  it("creates the build list when requirements has none, and refuses a recipe without requirements", () => {
    expect(addPatchTool("requirements:\n  host:\n    - python\n", "meta.yaml").text).toBe(
      "requirements:\n  build:\n    - patch  # [unix]\n    - m2-patch  # [win]\n  host:\n    - python\n",
    );
    expect(() => addPatchTool("package:\n  name: x\n", "meta.yaml")).toThrow(/no requirements: block/);
  });
});

describe("the PR plan of a vendored-source dependent with source-patches", () => {
  const settings = {
    upstreamRepo: "acme/widget",
    package: "widget",
    version: "1.20.0rc1",
    kind: "rc" as const,
    tag: "v1.20.0rc1",
    label: "widget_rc",
    forkOwner: "release-bot",
    rerender: "auto" as const,
    checklistUrl: undefined,
  };
  const target = {
    feedstock: "conda-forge/widgetruntime-feedstock",
    mode: "vendored-source" as const,
    branch: undefined,
    cmakeDefine: "FETCHCONTENT_SOURCE_DIR_WIDGET",
    buildScripts: ["recipe/build.sh", "recipe/bld.bat"],
    sourceFolder: "widget-candidate",
    sourcePatches: ["cmake/patches/widget/widget.patch"],
    sourcePatchStrip: 1,
  };
  const observation: DependentObservation = {
    feedstock: target.feedstock,
    defaultBranch: "main",
    base: { name: "main", sha: "a".repeat(40), treeSha: "t".repeat(40) },
    recipe: { format: "meta.yaml", path: "recipe/meta.yaml", text: runtimeMetaYaml },
    condaBuildConfig: undefined,
    scripts: { "recipe/build.sh": runtimeBuildSh, "recipe/bld.bat": runtimeBldBat },
    forkOwner: "release-bot",
    fork: { fullName: "release-bot/widgetruntime-feedstock", exists: false, branches: {} },
    pulls: [],
    branchCommit: null,
  };
  const source: VerifiedSource = {
    url: "https://github.com/acme/widget/archive/refs/tags/v1.20.0rc1.tar.gz",
    sha256: "c".repeat(64),
    bytes: 1000,
    verification: "downloaded and hashed",
  };

  it("edits the recipe and both scripts, and the body says what is applied instead of warning", () => {
    const plan = planDependentPr(settings, target, observation, source);
    expect(plan.files.map((f) => f.path)).toEqual(["recipe/bld.bat", "recipe/build.sh", "recipe/meta.yaml"]);
    expect(plan.patchTools).toEqual(["patch", "m2-patch"]);
    expect(plan.files.find((f) => f.path === "recipe/meta.yaml")!.after).toContain("    - m2-patch  # [win]\n");
    for (const f of plan.files.filter((f) => f.path !== "recipe/meta.yaml"))
      expect(f.after).toContain("release-kit: the dependent's own patches, applied to the candidate's sources");
    expect(plan.body).toContain("### The dependent's own patches");
    expect(plan.body).toContain("- `cmake/patches/widget/widget.patch` (from the dependent's source root)");
    expect(plan.body).not.toContain("are not applied to the candidate");
  });

  it("without source-patches: no step, no patch tool, and the body still warns", () => {
    const plan = planDependentPr(settings, { ...target, sourcePatches: [] }, observation, source);
    expect(plan.patchTools).toEqual([]);
    expect(plan.files.find((f) => f.path === "recipe/meta.yaml")!.after).not.toContain("patch  # [unix]");
    for (const f of plan.files) expect(f.after).not.toContain(">>> release-kit");
    expect(plan.body).toContain("are not applied to the candidate");
    expect(plan.body).toContain("Name them in `source-patches`");
  });

  it("plans the same files from the base on a rerun and for a newer candidate (only the source differs)", () => {
    const rc1 = planDependentPr(settings, target, observation, source);
    expect(planDependentPr(settings, target, observation, source).files).toEqual(rc1.files);
    const rc2 = planDependentPr({ ...settings, version: "1.20.0rc2", tag: "v1.20.0rc2" }, target, observation, source);
    expect(rc2.files.filter((f) => f.path !== "recipe/meta.yaml")).toEqual(
      rc1.files.filter((f) => f.path !== "recipe/meta.yaml"),
    );
  });
});

describe("the failure reason of a patch that no longer applies", () => {
  it("is `patch`, quoting release-kit's line, or GNU patch's Hunk FAILED line", () => {
    const line = patchFailureLine("cmake/patches/onnx/onnx.patch", "onnx-candidate");
    expect(
      detectFailure({ timedOut: false, exitCode: 1, logTail: `checking file onnx/defs/schema.h\n${line}\n` }),
    ).toEqual({ reason: "patch", line });
    expect(
      detectFailure({
        timedOut: false,
        exitCode: 1,
        logTail: "patching file CMakeLists.txt\nHunk #2 FAILED at 140.\n1 out of 2 hunks FAILED -- saving rejects\n",
      }),
    ).toEqual({ reason: "patch", line: "Hunk #2 FAILED at 140." });
  });
});
