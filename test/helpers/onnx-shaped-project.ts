/**
 * An ONNX-shaped project for init tests: the version in VERSION_NUMBER (read by setup.py, pyproject.toml declares it
 * dynamic), a C++ core, v* tags with candidates, rel-X.Y.Z branches, checks on main (one red), the package on the
 * index and a conda-forge feedstock with a recipe.yaml. Written for release-kit's tests.
 */
import { normalizeSeed } from "../../src/sandbox/seed.js";

/** An ONNX-shaped project: the version in VERSION_NUMBER (read by setup.py), a C++ core, v* tags, rel-* branches. */
export function onnxShapedSeed() {
  return normalizeSeed(
    {
      tokens: [{ token: "t-release", login: "release-bot", write: ["onnx/onnx", "release-bot/*"] }],
      repos: [
        {
          name: "onnx/onnx",
          files: {
            VERSION_NUMBER: "1.20.0\n",
            "pyproject.toml":
              '[build-system]\nrequires = ["setuptools>=77", "protobuf>=4.25.1"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "onnx"\ndynamic = ["version"]\nrequires-python = ">=3.10"\n',
            "setup.py": "# reads VERSION_NUMBER and builds the C++ core with CMake\n",
            "CMakeLists.txt": "cmake_minimum_required(VERSION 3.18)\nproject(onnx LANGUAGES CXX)\n",
            "onnx/__init__.py": "from onnx.version import version as __version__\n",
            "onnx/defs/schema.cc": "// the operator schemas\n",
            "onnx/test/helper_test.py": '__version__ = "0.0.1"\n',
            "docs/conf.py": 'version = "1.20"\n',
          },
          tags: ["v1.18.0", "v1.19.0rc1", "v1.19.0rc2", "v1.19.0", "ort-compat-2024"],
          branches: ["rel-1.18.0", "rel-1.19.0", "gh-pages"],
          labels: ["release-blocker"],
          checks: { "Linux CI": "success", "Windows CI": "success", "Mac CI": "failure" },
        },
        {
          name: "conda-forge/onnx-feedstock",
          files: { "recipe/recipe.yaml": "context:\n  version: 1.19.0\n", "conda-forge.yml": "" },
        },
      ],
      packages: [{ name: "onnx", version: "1.19.0", filename: "onnx-1.19.0.tar.gz", content: "sdist\n" }],
    },
    process.cwd(),
  );
}
