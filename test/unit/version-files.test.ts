/**
 * Version file updaters, one fixture per case: the bytes restored on a bump back, unbumpable files reported, kinds
 * chosen by name or config.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, InputError } from "../../src/core/errors.js";
import {
  detectVersionFileKind,
  DynamicVersionError,
  getVersionFileUpdater,
  readVersionFile,
  updateVersionFile,
} from "../../src/core/version-files/index.js";

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

/** One fixture: a file as found, the version it holds, and the file after the bump to 1.20.0rc1. */
interface Case {
  readonly name: string;
  readonly path: string;
  readonly kind?: string;
  readonly before: string;
  readonly version: string;
  readonly after: string;
}

const NEW = "1.20.0rc1";

const cases: Case[] = [
  { name: "plain with a newline", path: "VERSION_NUMBER", before: "1.19.0\n", version: "1.19.0", after: "1.20.0rc1\n" },
  { name: "plain without a newline", path: "VERSION_NUMBER", before: "1.19.0", version: "1.19.0", after: "1.20.0rc1" },
  { name: "plain with CRLF", path: "VERSION", before: "1.19.0\r\n", version: "1.19.0", after: "1.20.0rc1\r\n" },
  {
    name: "plain .txt",
    path: "version.txt",
    before: "  1.19.0rc2\n\n",
    version: "1.19.0rc2",
    after: "  1.20.0rc1\n\n",
  },
  {
    name: "pyproject with other tables and a nested version key",
    path: "pyproject.toml",
    before: [
      "[build-system]",
      'requires = ["setuptools"]',
      "",
      "[tool.other]",
      'version = "9.9.9"',
      "",
      "[project]",
      'name = "widget"',
      "version = '1.19.0'  # the release",
      'requires-python = ">=3.9"',
      "",
      "[project.urls]",
      'version = "nope"',
      "",
    ].join("\n"),
    version: "1.19.0",
    after: [
      "[build-system]",
      'requires = ["setuptools"]',
      "",
      "[tool.other]",
      'version = "9.9.9"',
      "",
      "[project]",
      'name = "widget"',
      "version = '1.20.0rc1'  # the release",
      'requires-python = ">=3.9"',
      "",
      "[project.urls]",
      'version = "nope"',
      "",
    ].join("\n"),
  },
  {
    name: "pyproject with CRLF",
    path: "sub/pyproject.toml",
    before: '[project]\r\nname = "w"\r\nversion = "1.19.0"\r\n',
    version: "1.19.0",
    after: '[project]\r\nname = "w"\r\nversion = "1.20.0rc1"\r\n',
  },
  {
    name: "python with double quotes",
    path: "onnx/version.py",
    before: '"""Version."""\n__version__ = "1.19.0"\ngit_version = "abc"\n',
    version: "1.19.0",
    after: '"""Version."""\n__version__ = "1.20.0rc1"\ngit_version = "abc"\n',
  },
  {
    name: "python with single quotes and a type annotation",
    path: "pkg/_version.py",
    before: "__version__: str = '1.19.0'  # keep\r\n",
    version: "1.19.0",
    after: "__version__: str = '1.20.0rc1'  # keep\r\n",
  },
  {
    name: "package.json with nested versions and odd formatting",
    path: "package.json",
    before:
      '{\n    "name": "widget",\n    "engines": { "version": "20" },\n    "version" :  "1.19.0",\n    "dependencies": {\n        "x": "^1.0.0"\n    }\n}',
    version: "1.19.0",
    after:
      '{\n    "name": "widget",\n    "engines": { "version": "20" },\n    "version" :  "1.20.0rc1",\n    "dependencies": {\n        "x": "^1.0.0"\n    }\n}',
  },
  {
    name: "package.json with tabs and CRLF",
    path: "web/package.json",
    before: '{\r\n\t"version": "1.19.0",\r\n\t"description": "\\"version\\": \\"0.0.0\\""\r\n}\r\n',
    version: "1.19.0",
    after: '{\r\n\t"version": "1.20.0rc1",\r\n\t"description": "\\"version\\": \\"0.0.0\\""\r\n}\r\n',
  },
  {
    name: "marker in CMakeLists.txt",
    path: "CMakeLists.txt",
    before: "cmake_minimum_required(VERSION 3.18)\nset(ONNX_VERSION 1.19.0) # release-kit: version\nproject(onnx)\n",
    version: "1.19.0",
    after: "cmake_minimum_required(VERSION 3.18)\nset(ONNX_VERSION 1.20.0rc1) # release-kit: version\nproject(onnx)\n",
  },
  {
    name: "marker on several lines, keeping a leading v",
    path: "docs/conf.js",
    before:
      "const release = 'v1.19.0'; // release-kit: version\r\nconst year = 2025;\r\n// 1.19.0 release-kit: version\r\n",
    version: "1.19.0",
    after:
      "const release = 'v1.20.0rc1'; // release-kit: version\r\nconst year = 2025;\r\n// 1.20.0rc1 release-kit: version\r\n",
  },
  {
    name: "marker with a custom marker in an explicitly typed file",
    path: "VERSION_NUMBER",
    kind: "marker",
    before: "name=widget\nversion=1.19.0 # bump-me\n",
    version: "1.19.0",
    after: "name=widget\nversion=1.20.0rc1 # bump-me\n",
  },
];

describe("version file updaters (fixture per case)", () => {
  it.each(cases)("reads and bumps: $name", ({ path, kind, before, version, after }) => {
    const options = before.includes("bump-me") ? { marker: "bump-me" } : {};
    expect(readVersionFile(path, before, kind, options)).toBe(version);
    expect(updateVersionFile(path, before, NEW, kind, options)).toBe(after);
    expect(readVersionFile(path, after, kind, options)).toBe(NEW);
  });

  it("restores the original bytes when bumped back to the old version", () => {
    for (const { path, kind, before, after } of cases) {
      const options = before.includes("bump-me") ? { marker: "bump-me" } : {};
      const updated = updateVersionFile(path, before, NEW, kind, options);
      expect(updated).toBe(after);
      expect(updateVersionFile(path, updated, readVersionFile(path, before, kind, options), kind, options)).toBe(
        before,
      );
    }
  });
});

describe("version files that cannot be bumped", () => {
  it("reports a dynamic pyproject version so the caller can skip it", () => {
    const text = '[project]\nname = "onnx"\ndynamic = [\n  "version",  # from VERSION_NUMBER\n  "readme",\n]\n';
    const error = errorOf(() => readVersionFile("pyproject.toml", text));
    expect(error).toBeInstanceOf(DynamicVersionError);
    expect(error).toBeInstanceOf(InputError);
    expect((error as DynamicVersionError).file).toBe("pyproject.toml");
    expect(error.message).toMatch(/^pyproject.toml: the version is dynamic .*list the file your build backend reads/);
    expect(() => updateVersionFile("pyproject.toml", text, NEW)).toThrow(DynamicVersionError);
  });

  it.each([
    ["VERSION_NUMBER", "", /^VERSION_NUMBER: the file is empty \(expected the version alone/],
    ["VERSION_NUMBER", "1.0.0\n2.0.0\n", /^VERSION_NUMBER: no version found/],
    ["VERSION", "hello\n", /^VERSION: no version found/],
    [
      "pyproject.toml",
      '[tool.x]\nversion = "1"\n',
      /^pyproject.toml: no \[project\] table \(expected version = "X.Y.Z"/,
    ],
    ["pyproject.toml", '[project]\nname = "x"\n', /^pyproject.toml: no version key in \[project\]/],
    ["a/version.py", "VERSION = '1.0.0'\n", /^a\/version.py: no version found \(expected a top-level line __version__/],
    ["a/version.py", "__version__ = '1.0.0'\n__version__ = '2.0.0'\n", /assigned different values \(1.0.0, 2.0.0\)/],
    ["package.json", '{"name": "x", "dependencies": {"version": "1"}}', /^package.json: no version found/],
    ["package.json", '{"version": 1}', /"version" is not a string/],
    ["package.json", "{ nope", /^package.json: not valid JSON/],
    ["CMakeLists.txt", "project(x VERSION 1.0.0)\n", /^CMakeLists.txt: no line carries the marker/],
    [
      "CMakeLists.txt",
      "set(V 1.0.0 2.0.0) # release-kit: version\n",
      /line 1 carries the marker but 2 version-like values/,
    ],
    ["CMakeLists.txt", "set(V abc) # release-kit: version\n", /line 1 carries the marker but no version/],
    [
      "CMakeLists.txt",
      "a 1.0.0 # release-kit: version\nb 1.0.1 # release-kit: version\n",
      /marked lines disagree \(line 1: 1.0.0, line 2: 1.0.1\)/,
    ],
  ])("%s holding %j is one clear error naming the file", (path, text, message) => {
    const error = errorOf(() => readVersionFile(path, text));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
  });

  it("refuses to write a version that would break the line", () => {
    expect(() => updateVersionFile("VERSION_NUMBER", "1.0.0\n", '1.0"; evil')).toThrow(InputError);
    expect(() => updateVersionFile("VERSION_NUMBER", "1.0.0\n", "")).toThrow(InputError);
  });
});

describe("choosing the kind of a version file", () => {
  it.each([
    ["VERSION_NUMBER", "plain"],
    ["VERSION", "plain"],
    ["src/version.txt", "plain"],
    ["pyproject.toml", "pyproject"],
    ["python/pkg/pyproject.toml", "pyproject"],
    ["onnx/version.py", "python"],
    ["package.json", "package-json"],
    ["CMakeLists.txt", "marker"],
    ["include/version.h", "marker"],
    ["win\\dir\\VERSION_NUMBER", "plain"],
  ])("%s is %s", (path, kind) => {
    expect(detectVersionFileKind(path)).toBe(kind);
  });

  it("lets an explicit kind override the file name", () => {
    expect(detectVersionFileKind("VERSION_NUMBER", "marker")).toBe("marker");
  });

  it("lists the known kinds for an unknown one", () => {
    const error = errorOf(() => detectVersionFileKind("x.cfg", "ini"));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      'unknown version file kind "ini": use one of plain, pyproject, python, package-json, marker (project.version-files)',
    );
    expect(() => getVersionFileUpdater("toml")).toThrow(ConfigError);
  });
});
