/**
 * What `release-kit init` detects, without I/O: each kind of version file (a VERSION_NUMBER-style file, pyproject
 * static and dynamic through each backend, setup.cfg, `__version__`, package.json), the tag and release-branch
 * patterns from lists of names (none yet included), the first version to cut, and a written configuration that the
 * schema accepts and whose version files the cut's own updaters read.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { inferVersionFileKind, parseConfig } from "../../src/config/index.js";
import {
  detectVersionFiles,
  versionFileCandidates,
  versionFileIndexes,
} from "../../src/core/init/detect-version-files.js";
import { inferBranchPattern, inferTagPattern, nextReleaseVersion } from "../../src/core/init/infer-ref-patterns.js";
import { adaptTagOnBump, examplePin, pinCallerWorkflow, validatePin } from "../../src/core/init/pin-caller-workflow.js";
import { planInitFiles } from "../../src/core/init/plan-init.js";
import { renderInitConfig, type InitChoices } from "../../src/core/init/render-init-config.js";
import { readVersionFile } from "../../src/core/version-files/index.js";

/** Runs detection as the flow does: the indexes first, then the candidates they lead to, from an in-memory tree. */
function detect(tree: Record<string, string>) {
  const paths = Object.keys(tree);
  const read = (list: readonly string[]) =>
    new Map(list.filter((p) => tree[p] !== undefined).map((p) => [p, tree[p] as string]));
  const candidates = versionFileCandidates(paths, read(versionFileIndexes(paths)));
  return detectVersionFiles(paths, read(candidates));
}

const dynamic = (tool: string) =>
  `[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "widget"\ndynamic = ["version"]\n\n${tool}`;

describe("version files", () => {
  it("a VERSION_NUMBER file holds the version alone", () => {
    const found = detect({ VERSION_NUMBER: "1.20.0\n", "README.md": "# x\n" });
    expect(found.files).toEqual([
      { path: "VERSION_NUMBER", kind: "plain", version: "1.20.0", why: "holds the version alone" },
    ]);
    expect(found.version).toBe("1.20.0");
  });

  it("pyproject.toml with a static [project] version", () => {
    const found = detect({ "pyproject.toml": '[project]\nname = "widget"\nversion = "2.1.0"\n' });
    expect(found.files.map((f) => [f.path, f.kind, f.version])).toEqual([["pyproject.toml", "pyproject", "2.1.0"]]);
    expect(found.packageName).toBe("widget");
  });

  it("pyproject dynamic through setuptools attr: the module that assigns it, found under src/", () => {
    const found = detect({
      "pyproject.toml": dynamic('[tool.setuptools.dynamic]\nversion = {attr = "widget.__version__"}\n'),
      "src/widget/__init__.py": '__version__ = "3.0.0"\n',
      "src/widget/core.py": "x = 1\n",
    });
    expect(found.files.map((f) => [f.path, f.kind, f.why])).toEqual([
      ["src/widget/__init__.py", "python", "the file the build reads the version from"],
    ]);
    expect(found.notes).toContain(
      "pyproject.toml: the version is dynamic; setuptools reads it from the attribute widget.__version__ (src/widget/__init__.py)",
    );
  });

  it("pyproject dynamic through setuptools file, hatch path and scikit-build-core's regex input", () => {
    const file = detect({
      "pyproject.toml": dynamic('[tool.setuptools.dynamic]\nversion = { file = "VERSION.txt" }\n'),
      "VERSION.txt": "0.9.1\n",
    });
    expect(file.files.map((f) => [f.path, f.kind])).toEqual([["VERSION.txt", "plain"]]);
    const hatch = detect({
      "pyproject.toml": dynamic('[tool.hatch.version]\npath = "src/widget/__about__.py"\n'),
      "src/widget/__about__.py": "__version__ = '4.2.0'\n",
    });
    expect(hatch.files.map((f) => [f.path, f.kind, f.version])).toEqual([
      ["src/widget/__about__.py", "python", "4.2.0"],
    ]);
    expect(hatch.notes[0]).toMatch(/hatchling reads it from src\/widget\/__about__\.py/);
    const skbuild = detect({
      "pyproject.toml": dynamic(
        '[tool.scikit-build.metadata.version]\nprovider = "scikit_build_core.metadata.regex"\ninput = "python/widget/_version.py"\n',
      ),
      "python/widget/_version.py": '__version__ = "1.5.0"\n',
    });
    expect(skbuild.files.map((f) => f.path)).toEqual(["python/widget/_version.py"]);
  });

  it("a version from git tags (setuptools_scm, hatch-vcs) is said, and no file is proposed", () => {
    const scm = detect({ "pyproject.toml": dynamic('[tool.setuptools_scm]\nversion_file = "src/w/_v.py"\n') });
    expect(scm.files).toEqual([]);
    expect(scm.notes[0]).toMatch(/comes from git tags \(setuptools_scm\)/);
    const vcs = detect({
      "pyproject.toml":
        '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\n[project]\nname = "w"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n',
    });
    expect(vcs.notes[0]).toMatch(/git tags \(hatch-vcs\)/);
    expect(vcs.notes).toContain("no file holding the version was found: set project.version-files by hand");
  });

  it("__version__ in the package's own folder, never in tests or docs", () => {
    const found = detect({
      "pyproject.toml": '[project]\nname = "my-widget"\ndynamic = ["version"]\n',
      "my_widget/__init__.py": "from ._version import __version__\n",
      "my_widget/_version.py": '__version__: str = "0.3.0"\n',
      "tests/__init__.py": '__version__ = "9.9.9"\n',
      "docs/version.py": '__version__ = "9.9.9"\n',
    });
    expect(found.files.map((f) => [f.path, f.kind, f.version])).toEqual([["my_widget/_version.py", "python", "0.3.0"]]);
    expect(found.notes.join("\n")).not.toMatch(/9\.9\.9/);
  });

  it("setup.cfg's [metadata] version: the marker kind on its key, which the cut's updater reads", () => {
    const cfg = "[metadata]\nname = widget\nversion = 1.4.0\n\n[options]\npython_requires = >=3.9\n";
    const found = detect({ "setup.cfg": cfg });
    expect(found.files).toEqual([
      { path: "setup.cfg", kind: "marker", marker: "version =", version: "1.4.0", why: "[metadata] version" },
    ]);
    expect(readVersionFile("setup.cfg", cfg, "marker", { marker: "version =" })).toBe("1.4.0");
    expect(found.packageName).toBe("widget");
    // `version = attr: ...` is followed to the module instead.
    const attr = detect({
      "setup.cfg": "[metadata]\nname = widget\nversion = attr: widget.__version__\n",
      "widget/__init__.py": '__version__ = "1.4.1"\n',
    });
    expect(attr.files.map((f) => [f.path, f.kind])).toEqual([["widget/__init__.py", "python"]]);
  });

  it("package.json's version, when nothing more authoritative disagrees", () => {
    expect(detect({ "package.json": '{ "name": "w", "version": "5.0.0" }\n' }).files.map((f) => f.kind)).toEqual([
      "package-json",
    ]);
  });

  it("files that agree are all taken; one that disagrees is left out and named", () => {
    const found = detect({
      VERSION_NUMBER: "1.20.0\n",
      "pyproject.toml": '[project]\nname = "widget"\ndynamic = ["version"]\n',
      "python/widget/_version.py": '__version__ = "1.20.0"\n',
      "package.json": '{ "name": "docs-site", "version": "0.0.1" }\n',
    });
    expect(found.files.map((f) => f.path)).toEqual(["VERSION_NUMBER", "python/widget/_version.py"]);
    expect(found.notes).toContain("package.json holds 0.0.1, not 1.20.0 like VERSION_NUMBER: left out");
  });

  it("nothing at all: no files, the note that says to name them", () => {
    const found = detect({ "README.md": "# nothing\n" });
    expect(found).toMatchObject({ files: [], version: null, packageName: null });
  });
});

describe("tag and release-branch patterns", () => {
  it("v* tags with PEP 440 candidates; an odd tag does not outvote them", () => {
    const guess = inferTagPattern(["v1.18.0", "v1.19.0rc1", "v1.19.0rc2", "v1.19.0", "nightly-2024", "v1.17.0"]);
    expect(guess).toMatchObject({ pattern: "v{version}", matched: 5, scheme: "pep440", latestFinal: "1.19.0" });
    expect(guess.examples).toEqual(["v1.19.0", "v1.19.0rc2", "v1.19.0rc1"]);
  });

  it("bare versions, prefixed names and SemVer candidates", () => {
    expect(inferTagPattern(["1.0.0", "1.1.0", "refs/tags/1.2.0rc1"])).toMatchObject({
      pattern: "{version}",
      latestFinal: "1.1.0",
    });
    expect(inferTagPattern(["widget-2.0.0", "widget-2.1.0-rc.1", "v0.1.0"])).toMatchObject({
      pattern: "widget-{version}",
      scheme: "semver",
      latestFinal: "2.0.0",
    });
  });

  it("no tags yet, or none with a version: the default, said so", () => {
    expect(inferTagPattern([])).toMatchObject({
      pattern: "v{version}",
      matched: 0,
      latestFinal: null,
      note: "no tags yet: v{version}, the default",
    });
    expect(inferTagPattern(["first", "v1"]).note).toBe(
      "none of the 2 tags names an X.Y.Z version: v{version}, the default",
    );
  });

  it("release branches: rel-X.Y.Z, release/X.Y.Z, X.Y-only names, none", () => {
    expect(inferBranchPattern(["main", "rel-1.18.0", "rel-1.19.0", "feature/x"], "main")).toMatchObject({
      pattern: "rel-{version}",
      matched: 2,
      examples: ["rel-1.19.0", "rel-1.18.0"],
    });
    expect(inferBranchPattern(["master", "release/2.0.0", "dependabot/pip/x-1.2.3"], "master").pattern).toBe(
      "release/{version}",
    );
    const short = inferBranchPattern(["main", "rel-1.16", "rel-1.17"], "main");
    expect(short.pattern).toBe("rel-{version}");
    expect(short.note).toMatch(/rel-1\.16 name X\.Y; .* named rel-X\.Y\.Z/);
    expect(inferBranchPattern(["main"], "main")).toMatchObject({
      pattern: "rel-{version}",
      matched: 0,
      note: "no release branches yet: rel-{version}, the default",
    });
  });

  it("the first version to cut: the files' base version unless it is released, then the next minor", () => {
    expect(nextReleaseVersion("1.20.0", "1.19.0", "pep440")).toBe("1.20.0");
    expect(nextReleaseVersion("1.20.0.dev0", "1.19.0", "pep440")).toBe("1.20.0");
    expect(nextReleaseVersion("1.19.0", "1.19.0", "pep440")).toBe("1.20.0");
    expect(nextReleaseVersion(null, "2.3.1", "semver")).toBe("2.4.0");
    expect(nextReleaseVersion(null, null, "pep440")).toBe("0.1.0");
    expect(nextReleaseVersion("0.4.0", null, "pep440")).toBe("0.4.0");
  });
});

const choices: InitChoices = {
  repo: "acme/widget",
  versionScheme: "pep440",
  versionFiles: [
    { path: "VERSION_NUMBER", kind: "plain", why: "holds the version alone" },
    { path: "setup.cfg", kind: "marker", marker: "version =" },
    { path: "src/widget/_version.py", kind: "python" },
  ],
  tag: "v{version}",
  releaseBranch: "rel-{version}",
  requiredChecks: ["build", "test (3.12)"],
  via: "pull-request",
  viaNote: "rel-1.19.0 is protected: a direct commit would be refused",
  seenChecks: [
    { name: "build", state: "success" },
    { name: "test (3.12)", state: "success" },
    { name: "docs", state: "failure" },
  ],
  pypi: { package: "widget", found: false, indexUrl: "https://pypi.org" },
  condaForge: { feedstock: "conda-forge/widget-feedstock", recipe: "meta.yaml" },
  tagNote: "no tags yet: v{version}, the default",
  branchNote: "no release branches yet: rel-{version}, the default",
  versionNotes: ["pyproject.toml: the version is dynamic"],
};

describe("the written configuration", () => {
  it("passes the schema, says where each value came from, and leaves an unpublished package commented out", () => {
    const text = renderInitConfig(choices, inferVersionFileKind);
    const config = parseConfig(text, "release-kit.yml");
    expect(config.project.versionFiles).toEqual([
      { path: "VERSION_NUMBER", kind: "plain" },
      { path: "setup.cfg", kind: "marker", marker: "version =" },
      { path: "src/widget/_version.py", kind: "python" },
    ]);
    expect(config.project.tag).toBe("v{version}");
    expect(config.rc.requiredChecks).toEqual(["build", "test (3.12)"]);
    expect(config.rc.via).toBe("pull-request");
    expect(text).toContain("  #   rel-1.19.0 is protected: a direct commit would be refused\n  via: pull-request\n");
    expect(config.pypi).toBeUndefined();
    expect(config.condaForge?.feedstock).toBe("conda-forge/widget-feedstock");
    expect(text).toContain("#   widget is not on https://pypi.org yet; uncomment once it is");
    expect(text).toContain("#   also seen on the default branch, not green there now: docs (failure)");
    expect(text).toContain("its recipe is recipe/meta.yaml");
    expect(text).toContain("  #   no tags yet: v{version}, the default\n  tag: v{version}\n");
    // Every key is preceded by a comment that explains it.
    const lines = text.split("\n");
    for (const [i, line] of lines.entries())
      if (/^\s*[a-z-]+:( |$)/.test(line)) expect(lines[i - 1], `before ${line}`).toMatch(/^\s*#/);
  });

  it("with nothing found: still valid, and says to name the version files", () => {
    const text = renderInitConfig(
      { ...choices, versionFiles: [], requiredChecks: [], seenChecks: [], pypi: null, condaForge: null },
      inferVersionFileKind,
    );
    expect(() => parseConfig(text, "release-kit.yml")).not.toThrow();
    expect(text).toContain("No file holding the version was found");
    expect(text).toContain("none were reported on the default branch's head");
  });
});

describe("files and the caller workflow", () => {
  const example = readFileSync(
    path.resolve(import.meta.dirname, "../../examples/workflows/release-candidate-caller.yml"),
    "utf8",
  );

  it("the caller is the example, with the pin given put in every place the example names its own", () => {
    const own = examplePin(example, "example");
    const sha = "89abcdef0123456789abcdef0123456789abcdef";
    const text = pinCallerWorkflow(example, "example", { repository: "acme/release-kit", ref: sha }, "examples/x.yml");
    expect(text).toContain(`uses: acme/release-kit/.github/workflows/release-candidate.yml@${sha} # v${own.version}`);
    expect(text).toContain("release-kit-repository: acme/release-kit");
    expect(text).toContain(`release-kit-ref: ${sha}`);
    expect(text).not.toContain(own.ref);
    expect(pinCallerWorkflow(example, "example", null, "examples/x.yml")).toContain(own.ref);
    expect(() => validatePin("acme/release-kit", "main")).toThrow(/not a full commit SHA/);
    expect(() => validatePin("release-kit", sha)).toThrow(/not OWNER\/NAME/);
  });

  it("tag-on-version-bump runs on the project's release branches and version files, pinned like the caller", () => {
    const source = readFileSync(
      path.resolve(import.meta.dirname, "../../examples/workflows/tag-on-version-bump.yml"),
      "utf8",
    );
    const adapted = adaptTagOnBump(source, "x", "release/{version}", ["VERSION", "src/w/_version.py"]);
    const on = (parse(adapted) as { on: { push: unknown } }).on.push;
    expect(on).toEqual({ branches: ["release/*"], paths: ["VERSION", "src/w/_version.py"] });
    const sha = "89abcdef0123456789abcdef0123456789abcdef";
    const pinned = pinCallerWorkflow(adapted, "x", { repository: "acme/release-kit", ref: sha }, "x");
    expect(pinned).toContain("RELEASE_KIT_REPOSITORY: acme/release-kit\n");
    expect(pinned).toContain(`RELEASE_KIT_REF: ${sha}\n`);
  });

  it("an existing file is kept unless forced", () => {
    const wanted = [
      { path: "release-kit.yml", text: "a", what: "the configuration" },
      { path: "checklists/release.md", text: "b", what: "the checklist" },
    ];
    expect(planInitFiles(wanted, new Set(["release-kit.yml"]), false).map((f) => f.action)).toEqual(["keep", "write"]);
    expect(planInitFiles(wanted, new Set(["release-kit.yml"]), true).map((f) => f.action)).toEqual([
      "overwrite",
      "write",
    ]);
  });
});
