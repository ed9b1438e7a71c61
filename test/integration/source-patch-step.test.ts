/**
 * The build.sh step that applies a vendored-source dependent's own patches to the candidate's sources, run for real:
 * a build script shaped like onnxruntime-feedstock's, edited as the dependents' PR edits it, run by bash with GNU
 * patch on a small source tree ($SRC_DIR with the dependent's patch and the candidate's folder). A patch that applies
 * is applied before the build goes on; one already in the candidate is skipped with a message; one that no longer
 * applies stops the build with the line naming it, which the log classifier reads as `patch`.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { addSourcePatchStep, patchFailureLine } from "../../src/core/dependents-plan/source-patches.js";
import { addCmakeDefine } from "../../src/core/dependents-plan/vendored-source.js";
import { detectFailure } from "../../src/core/downstream/detect-failure-reason.js";
import { runtimeWidgetPatch } from "../helpers/dependents-fixtures.js";

const hasPatch = (await execa("patch", ["--version"], { reject: false })).exitCode === 0;

const PATCH = "cmake/patches/widget/widget.patch";
const FOLDER = "widget-candidate";
const cmakeLists = (option: string) =>
  `cmake_minimum_required(VERSION 3.18)\nproject(widget CXX)\n${option}\nadd_subdirectory(widget)\n`;
const before = cmakeLists('option(WIDGET_USE_LITE_PROTO "Use lite protobuf" OFF)');
const patched = cmakeLists('option(WIDGET_USE_LITE_PROTO "Use lite protobuf" ON)');

// What stands for build.py: it prints the defines it was given and the candidate's CMakeLists.txt it would build.
const buildSh = `#!/bin/bash
set -exuo pipefail

cmake_extra_defines=( "EIGEN_MPL2_ONLY=ON" \\
                      "CMAKE_INSTALL_LIBDIR=lib"
)

echo "build.py --cmake_extra_defines \${cmake_extra_defines[*]}"
cat "$SRC_DIR/${FOLDER}/CMakeLists.txt"
`;

const edited = addSourcePatchStep(
  addCmakeDefine(buildSh, "recipe/build.sh", "FETCHCONTENT_SOURCE_DIR_WIDGET", FOLDER),
  "recipe/build.sh",
  { define: "FETCHCONTENT_SOURCE_DIR_WIDGET", folder: FOLDER, patches: [PATCH], strip: 1 },
);

let work: string | undefined;
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  work = undefined;
});

/** $SRC_DIR with the dependent's patch and the candidate's CMakeLists.txt, then the edited build.sh run by bash. */
async function build(candidate: string) {
  work = await mkdtemp(path.join(tmpdir(), "rk-source-patch-"));
  await mkdir(path.join(work, path.dirname(PATCH)), { recursive: true });
  await mkdir(path.join(work, FOLDER), { recursive: true });
  await writeFile(path.join(work, PATCH), runtimeWidgetPatch);
  await writeFile(path.join(work, FOLDER, "CMakeLists.txt"), candidate);
  await writeFile(path.join(work, "build.sh"), edited);
  const run = await execa("bash", [path.join(work, "build.sh")], {
    cwd: work,
    env: { SRC_DIR: work },
    reject: false,
    all: true,
  });
  return { ...run, file: await readFile(path.join(work, FOLDER, "CMakeLists.txt"), "utf8") };
}

describe.skipIf(!hasPatch)(
  "the patch step of build.sh, run by bash with GNU patch (skipped: patch not on PATH)",
  () => {
    it("applies the dependent's patch to the candidate, then the build goes on with the define", async () => {
      const r = await build(before);
      expect(r.exitCode, r.all).toBe(0);
      expect(r.file).toBe(patched);
      expect(r.stdout).toContain(`FETCHCONTENT_SOURCE_DIR_WIDGET=${work}/${FOLDER}`);
      expect(r.stdout).toContain('option(WIDGET_USE_LITE_PROTO "Use lite protobuf" ON)');
    });

    it("skips a patch already in the candidate with a message, and the build goes on", async () => {
      const r = await build(patched);
      expect(r.exitCode, r.all).toBe(0);
      expect(r.file).toBe(patched);
      expect(r.stdout).toContain(
        `release-kit: ${PATCH} is already in the candidate's sources, its reverse applies: skipped`,
      );
      expect(r.stdout).toContain("build.py --cmake_extra_defines");
    });

    it("stops the build with one line naming a patch that no longer applies, classified as `patch`", async () => {
      // The candidate renamed the option the dependent's patch turns on.
      const moved = cmakeLists('option(WIDGET_LITE_PROTO "Use lite protobuf" OFF)');
      const r = await build(moved);
      expect(r.exitCode).toBe(1);
      expect(r.file).toBe(moved);
      const line = patchFailureLine(PATCH, FOLDER);
      expect(r.stderr.split("\n")).toContain(line);
      expect(r.stdout).toMatch(/Hunk #1 FAILED at 1/);
      // The build never reached CMake.
      expect(r.stdout).not.toContain("build.py --cmake_extra_defines");
      expect(detectFailure({ timedOut: false, exitCode: 1, logTail: r.all })).toEqual({ reason: "patch", line });
    });
  },
);
