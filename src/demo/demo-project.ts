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
      ],
    },
    process.cwd(),
  );
}
