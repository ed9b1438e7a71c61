/**
 * The demo's sample world, written for release-kit: "widget", a Python package with a C++ core at 1.19.0,
 * its conda-forge feedstock, and a release bot token. Served by the embedded sandbox.
 */
import { normalizeSeed, type Seed } from "../sandbox/seed.js";

/** The token the demo's flows use (a sandbox token, not a GitHub one). */
export const DEMO_TOKEN = "demo-release-bot";

/** A maintainer's sandbox token, for the steps people take in the story (a fix, a recipe fix, a /lesson comment). */
export const DEMO_MAINTAINER_TOKEN = "demo-maintainer";

/** release-kit.yml of the sample project. */
export const DEMO_CONFIG = `# release-kit.yml of the demo project "acme/widget"
project:
  repo: acme/widget
  version-files: [VERSION_NUMBER, python/widget/_version.py]
rc:
  required-checks: [build-and-test]
partners: [acme/widget-consumer]
pypi:
  package: widget
conda-forge:
  feedstock: conda-forge/widget-feedstock
  fork-owner: release-bot
  dependents:
    - feedstock: conda-forge/gadget-feedstock
      platforms: [linux-64, osx-arm64, win-64]
`;

/** conda-forge's CI in the story: it reports the dependents' builds per platform (a sandbox token). */
export const DEMO_CONDA_FORGE_CI_TOKEN = "demo-conda-forge-ci";

/** The platforms the dependent feedstock builds on, as conda-forge names its jobs. */
export const DEMO_DEPENDENT_JOBS: Readonly<Record<string, string>> = {
  "linux-64": "gadget-feedstock (linux linux_64_python3.12.____cpython)",
  "osx-arm64": "gadget-feedstock (osx osx_arm64_python3.12.____cpython)",
  "win-64": "gadget-feedstock (win win_64_python3.12.____cpython)",
};

// A dependent of widget on conda-forge: it links against widget's C++ core, so a hidden symbol breaks its build.
const GADGET_META_YAML = `{% set version = "0.4.0" %}

package:
  name: gadget
  version: {{ version }}

source:
  url: https://github.com/acme/gadget/archive/v{{ version }}.tar.gz
  sha256: 1c1b9e6e0e8f4a3d2b7c6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d

build:
  number: 0

requirements:
  host:
    - python
    - widget >=1.19,<1.20.0a0
  run:
    - python
    - widget >=1.19

test:
  imports:
    - gadget

about:
  home: https://github.com/acme/gadget
  license: MIT
  summary: A conda-forge package built on widget (release-kit demo)
`;

const CMAKE = `cmake_minimum_required(VERSION 3.20)
project(widget VERSION 1.19.0 LANGUAGES CXX) # the Python package's version lives in VERSION_NUMBER
add_library(widget SHARED src/widget.cpp)
`;

/** The C++ core; downstream projects link against both exported functions. */
export const WIDGET_CPP = `#include "widget.h"
// The C++ core: the functions the Python bindings and downstream projects call.
WIDGET_API const char* widget_greeting() { return "hello from widget"; }
WIDGET_API int widget_abi_version() { return 3; }
`;

const WIDGET_H = `#pragma once
#define WIDGET_API extern "C" __attribute__((visibility("default")))
#define WIDGET_INTERNAL extern "C" __attribute__((visibility("hidden")))
WIDGET_API const char* widget_greeting();
WIDGET_API int widget_abi_version();
`;

const META_YAML = `{% set name = "widget" %}
{% set version = "1.19.0" %}

package:
  name: {{ name|lower }}
  version: {{ version }}

source:
  url: https://github.com/acme/widget/archive/v{{ version }}.tar.gz
  sha256: 5b0e0d1ba1e4a4b1a7b58e2aa0e7cbb9e62b47c2f3f2d08e4c3a5a43a5b3d6e1

build:
  number: 2
  script: {{ PYTHON }} -m pip install . -vv --no-deps

requirements:
  build:
    - {{ compiler('cxx') }}
    - cmake
  host:
    - python
    - pip
    - scikit-build-core
  run:
    - python

test:
  imports:
    - widget

about:
  home: https://github.com/acme/widget
  license: Apache-2.0
  summary: A sample package with a C++ core (release-kit demo)
`;

/** The seed of the demo sandbox. */
export function demoSeed(): Seed {
  return normalizeSeed(
    {
      tokens: [
        { token: DEMO_TOKEN, login: "release-bot", write: ["acme/widget", "release-bot/*"] },
        { token: DEMO_MAINTAINER_TOKEN, login: "alice", write: ["acme/widget", "conda-forge/widget-feedstock"] },
        { token: DEMO_CONDA_FORGE_CI_TOKEN, login: "conda-forge-ci", write: ["conda-forge/*"] },
      ],
      repos: [
        {
          name: "acme/widget",
          description: "A sample Python package with a C++ core",
          files: {
            VERSION_NUMBER: "1.20.0\n",
            "python/widget/_version.py": '__version__ = "1.20.0"\n',
            "python/widget/__init__.py": "from ._version import __version__\n",
            "pyproject.toml": '[project]\nname = "widget"\ndynamic = ["version"]\nrequires-python = ">=3.10"\n',
            "CMakeLists.txt": CMAKE,
            "src/widget.cpp": WIDGET_CPP,
            "src/widget.h": WIDGET_H,
            "README.md": "# widget\n\nThe sample project of the release-kit demo.\n",
          },
          tags: ["v1.19.0"],
          labels: ["release", "release-blocker"],
          checks: { "build-and-test": "success" },
        },
        { name: "acme/widget-consumer", files: { "README.md": "# widget-consumer\n\nA partner project of widget.\n" } },
        {
          name: "conda-forge/widget-feedstock",
          branches: ["rc"],
          files: { "recipe/meta.yaml": META_YAML, "conda-forge.yml": "conda_build_tool: conda-build\n" },
        },
        {
          name: "conda-forge/gadget-feedstock",
          files: { "recipe/meta.yaml": GADGET_META_YAML, "conda-forge.yml": "conda_build_tool: conda-build\n" },
          // The default branch builds green on every platform: the baseline of the dependents' results.
          checks: Object.fromEntries(Object.values(DEMO_DEPENDENT_JOBS).map((job) => [job, "success"])),
        },
      ],
    },
    process.cwd(),
  );
}
