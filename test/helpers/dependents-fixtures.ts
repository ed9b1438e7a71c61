/**
 * Dependent feedstocks of the widget project for the dependents tests, written here (not copied) from what the real
 * ones look like: a conda-build (v0) recipe with a run pin that excludes candidates and a build-config pin, a
 * rattler-build (v1) recipe pinning `widget >=1.19,<1.20`, and a runtime feedstock shaped like conda-forge's
 * onnxruntime-feedstock: one `source:` mapping with patches and selectors, a build.sh that collects CMake defines in
 * a `cmake_extra_defines=( ... )` array passed to build.py, and a bld.bat with one `--cmake_extra_defines` line.
 * The runtime's CMake patches the widget sources it fetches (as ORT's applies cmake/patches/onnx/onnx.patch), so its
 * config names that patch in `source-patches`.
 */

export const GADGET = "conda-forge/gadget-feedstock";
export const GIZMO = "conda-forge/gizmo-feedstock";
export const RUNTIME = "conda-forge/widgetruntime-feedstock";

const oldSha = "b".repeat(64);

/** v0, pure Python: pins widget in host/run (conda-forge's `<X.Y.0a0` upper bound excludes candidates). */
export const gadgetMetaYaml = `{% set version = "0.9.1" %}

package:
  name: gadget
  version: {{ version }}

source:
  url: https://pypi.org/packages/source/g/gadget/gadget-{{ version }}.tar.gz
  sha256: ${oldSha}

build:
  number: 0
  noarch: python

requirements:
  host:
    - python {{ python_min }}
    - pip
    - widget
  run:
    - python >={{ python_min }}
    - widget >=1.19,<1.20.0a0  # the series gadget is tested with
    - widgetruntime

test:
  imports:
    - gadget
`;

/** The build config of gadget: a variant pin of widget to the 1.19 series. */
export const gadgetCbc = `python_min:
  - "3.10"
widget:
  - "1.19"
`;

/** v1, pure Python: `<1.20` admits 1.20.0rc1 in conda's ordering, so only channel_sources changes. */
export const gizmoRecipeYaml = `context:
  version: "2.3.0"

package:
  name: gizmo
  version: \${{ version }}

source:
  url: https://pypi.org/packages/source/g/gizmo/gizmo-\${{ version }}.tar.gz
  sha256: ${oldSha}

build:
  number: 1
  noarch: python
  script: \${{ PYTHON }} -m pip install . -vv

requirements:
  host:
    - python \${{ python_min }}.*
    - pip
  run:
    - python >=\${{ python_min }}
    - widget >=1.19,<1.20
`;

/** The runtime's recipe: its CMake fetches widget's sources itself; the license file list shows it. */
export const runtimeMetaYaml = `{% set version = "1.5.0" %}
{% set build = 0 %}

package:
  name: widgetruntime
  version: {{ version }}

source:
  url: https://github.com/acme/widgetruntime/archive/refs/tags/v{{ version }}.tar.gz
  sha256: ${oldSha}
  patches:
    # keeps the runtime's DLL name apart from the system's
    - patches/0001-rename-dll.patch     # [win]
    - patches/0002-find-nvcc.patch

build:
  number: {{ build }}
  skip: true  # [ppc64le]

requirements:
  build:
    - {{ compiler('c') }}
    - {{ compiler('cxx') }}
    - cmake
    - ninja
  host:
    - python
    - pip
    - numpy
  run:
    - python

test:
  imports:
    - widgetruntime

about:
  license: MIT
  license_file:
    - LICENSE
    - build-ci/Release/_deps/widget-src/LICENSE
`;

/** build.sh: defines collected in an array, then handed to the runtime's build.py. */
export const runtimeBuildSh = `#!/bin/bash
set -exuo pipefail

if [[ "\${target_platform}" == "osx-arm64" ]]; then
    BUILD_ARGS="--osx_arch arm64"
else
    BUILD_ARGS=""
fi

cmake_extra_defines=( "EIGEN_MPL2_ONLY=ON" \\
                      "widgetruntime_BUILD_SHARED_LIB=ON" \\
                      "CMAKE_PREFIX_PATH=$PREFIX" \\
                      "CMAKE_INSTALL_LIBDIR=lib"
)

python tools/ci_build/build.py \\
    --build_dir build-ci \\
    --cmake_extra_defines "\${cmake_extra_defines[@]}" \\
    --config Release \\
    \${BUILD_ARGS}
`;

/** bld.bat: the defines on one line after --cmake_extra_defines. */
export const runtimeBldBat = `@echo on

python tools/ci_build/build.py ^
    --build_dir build-ci ^
    --cmake_extra_defines EIGEN_MPL2_ONLY=ON "widgetruntime_BUILD_SHARED_LIB=ON" CMAKE_PREFIX_PATH=%LIBRARY_PREFIX% ^
    --config Release
if errorlevel 1 exit 1
`;

/** The runtime's own pin of the widget sources it fetches (name;url;sha1, like ORT's cmake/deps.txt). */
export const runtimeDepsTxt = `#Name;Url;SHA1
eigen;https://gitlab.example/eigen/archive/3.4.zip;0000000000000000000000000000000000000001
widget;https://github.com/acme/widget/archive/refs/tags/v1.19.0.zip;0000000000000000000000000000000000000002
`;

/** The runtime's own patch to the widget sources, applied by its CMake's FetchContent PATCH_COMMAND. */
export const runtimeWidgetPatch = `diff --git a/CMakeLists.txt b/CMakeLists.txt
--- a/CMakeLists.txt
+++ b/CMakeLists.txt
@@ -1,4 +1,4 @@
 cmake_minimum_required(VERSION 3.18)
 project(widget CXX)
-option(WIDGET_USE_LITE_PROTO "Use lite protobuf" OFF)
+option(WIDGET_USE_LITE_PROTO "Use lite protobuf" ON)
 add_subdirectory(widget)
`;

/** The repositories of the dependents' world (raw seed entries). */
export function dependentRepos(): Record<string, unknown>[] {
  return [
    {
      name: GADGET,
      files: { "recipe/meta.yaml": gadgetMetaYaml, "recipe/conda_build_config.yaml": gadgetCbc },
      checks: { "gadget-feedstock (linux_64)": "success", "gadget-feedstock (win_64)": "success" },
    },
    { name: GIZMO, files: { "recipe/recipe.yaml": gizmoRecipeYaml } },
    {
      name: RUNTIME,
      files: {
        "recipe/meta.yaml": runtimeMetaYaml,
        "recipe/build.sh": runtimeBuildSh,
        "recipe/bld.bat": runtimeBldBat,
        "recipe/conda_build_config.yaml": "suffix:\n- ''\n- -novec\n",
        "recipe/patches/0001-rename-dll.patch": "--- a\n+++ b\n",
        "recipe/patches/0002-find-nvcc.patch": "--- a\n+++ b\n",
      },
      checks: {
        "linux_64_python3.12": "success",
        "linux_aarch64_python3.12": "success",
        "osx_arm64_python3.12": "success",
        "win_64_python3.12": "success",
      },
    },
    {
      name: "acme/widgetruntime",
      files: { "cmake/deps.txt": runtimeDepsTxt, "cmake/patches/widget/widget.patch": runtimeWidgetPatch },
      tags: ["v1.5.0"],
    },
  ];
}

/** The conda-forge: extra keys listing the three dependents. */
export const dependentsConfig = `  dependents:
    - feedstock: ${GADGET}
    - feedstock: ${GIZMO}
      platforms: [linux-64]
    - feedstock: ${RUNTIME}
      mode: vendored-source
      cmake-define: FETCHCONTENT_SOURCE_DIR_WIDGET
      pin-file: acme/widgetruntime:cmake/deps.txt
      source-patches: [cmake/patches/widget/widget.patch]
      platforms: [linux-64, linux-aarch64, osx-arm64, win-64]
`;
