/** The config loader: the ONNX example is valid and faithful, and the defaults of a minimal file. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  configToFileShape,
  configToYaml,
  DEFAULT_CONFIG_FILE,
  loadConfig,
  parseConfig,
  resolveConfigPath,
} from "../../src/config/index.js";
import type { ReleaseKitConfig } from "../../src/config/index.js";
import { ConfigError } from "../../src/core/errors.js";
import schema from "../../schema/release-kit.schema.json" with { type: "json" };

const root = path.resolve(import.meta.dirname, "../..");
const fixtures = path.join(root, "test/fixtures/config");
const onnxExample = path.join(root, "examples/onnx/release-kit.yml");

describe("the ONNX example", () => {
  it("is valid and describes ONNX's real release setup", async () => {
    const config = await loadConfig(onnxExample);
    expect(config.project).toEqual({
      repo: "onnx/onnx",
      versionScheme: "pep440",
      versionFiles: [{ path: "VERSION_NUMBER", kind: "plain" }],
      releaseBranch: "rel-{version}",
      tag: "v{version}",
      defaultBranch: "main",
      signOff: true,
    });
    // rel-* branches are protected: the bump goes through one signed-off pull request.
    expect(config.rc).toMatchObject({
      via: "pull-request",
      prBranch: "release-kit/bump-{version}",
      prLabels: ["release"],
    });
    expect(config.pypi).toEqual({ package: "onnx", indexUrl: "https://pypi.org" });
    expect(config.condaForge).toMatchObject({
      feedstock: "conda-forge/onnx-feedstock",
      forkOwner: "onnx-release-bot",
      package: "onnx",
      rcStrategy: "rc-branch",
      rcBranch: "rc",
      rcLabel: "onnx_rc",
      rerender: "auto",
    });
    expect(config.publish).toMatchObject({ workflow: "create_release.yml", ref: "{branch}" });
    expect(config.partners.map((p) => p.repo)).toEqual([
      "microsoft/onnxruntime",
      "pytorch/pytorch",
      "onnx/tensorflow-onnx",
      "onnx/onnx-tensorrt",
      "onnx/sklearn-onnx",
      "microsoft/onnxconverter-common",
      "onnx/onnxmltools",
      "Quantco/spox",
      "openvinotoolkit/openvino",
    ]);
    const onnxscript = config.downstream.find((d) => d.name === "onnxscript");
    expect(onnxscript?.install).toContain("{artifact}");
    expect(onnxscript?.test?.slice(0, 3)).toEqual(["python", "-m", "pytest"]);
  });

  it("points editors at the schema", () => {
    expect(readFileSync(onnxExample, "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../schema/release-kit.schema.json",
    );
  });
});

describe("defaults", () => {
  it("fills every default of a file that only names the repository", async () => {
    const config = await loadConfig(path.join(fixtures, "minimal.yml"));
    const expected: ReleaseKitConfig = {
      project: {
        repo: "acme/widget",
        versionScheme: "pep440",
        versionFiles: [{ path: "VERSION_NUMBER", kind: "plain" }],
        releaseBranch: "rel-{version}",
        tag: "v{version}",
        signOff: false,
      },
      rc: {
        requiredChecks: [],
        blockerLabel: "release-blocker",
        via: "direct",
        prBranch: "release-kit/bump-{version}",
        prLabels: [],
        nextDevPr: false,
        releaseNotes: { since: "previous-final" },
      },
      final: {
        noRc: false,
        gates: {
          downstreamRegressions: "error",
          candidateFiles: "warn",
          feedstockCi: "warn",
          releaseBlockers: "error",
          partnerIssues: "warn",
        },
      },
      downstream: [],
      downstreamCheck: { shards: 4, retries: 2, concurrency: "auto", failOn: ["regressed"], pollSeconds: 30 },
      partners: [],
      checklist: {
        template: "checklists/release.md",
        title: "Release {version}",
        labels: ["release"],
        lessonsDir: "checklists/lessons",
      },
      github: { rateLimitWaitMinutes: 10 },
    };
    expect(config).toEqual(expected);
  });

  it("takes the conda package from pypi, else from the repository name, and puts it in the rc label", () => {
    const withPypi = parseConfig(
      "project: {repo: acme/Widget}\npypi: {package: widget-py}\nconda-forge: {feedstock: conda-forge/widget-feedstock}\n",
      "f.yml",
    );
    expect(withPypi.condaForge).toMatchObject({ package: "widget-py", rcLabel: "widget-py_rc" });
    const withoutPypi = parseConfig(
      "project: {repo: acme/Widget}\nconda-forge: {feedstock: conda-forge/widget-feedstock, rc-label: '{package}_dev'}\n",
      "f.yml",
    );
    expect(withoutPypi.condaForge).toMatchObject({ package: "widget", rcLabel: "widget_dev" });
  });

  it("chains publish index URLs: rc-index-url, then index-url, then pypi's, then pypi.org", () => {
    const a = parseConfig("project: {repo: a/b}\npublish: {workflow: release.yml}\n", "f.yml");
    expect(a.publish).toEqual({
      workflow: "release.yml",
      ref: "{tag}",
      inputs: {},
      rcInputs: {},
      timeoutMinutes: 60,
      indexWaitMinutes: 15,
      indexUrl: "https://pypi.org",
      rcIndexUrl: "https://pypi.org",
    });
    const b = parseConfig(
      "project: {repo: a/b}\npypi: {package: b, index-url: 'http://127.0.0.1:9/'}\npublish: {workflow: r.yaml, inputs: {x: '{tag}'}}\n",
      "f.yml",
    );
    expect(b.publish).toMatchObject({
      indexUrl: "http://127.0.0.1:9/",
      rcIndexUrl: "http://127.0.0.1:9/",
      rcInputs: { x: "{tag}" },
    });
  });

  it("infers each version file's kind from its name unless given", () => {
    const config = parseConfig(
      [
        "project:",
        "  repo: a/b",
        "  version-files:",
        "    - VERSION_NUMBER",
        "    - pyproject.toml",
        "    - js/package.json",
        "    - src/b/_version.py",
        "    - { path: CMakeLists.txt, kind: marker, marker: 'release-kit:version' }",
        "    - { path: setup.cfg, kind: plain }",
      ].join("\n"),
      "f.yml",
    );
    expect(config.project.versionFiles).toEqual([
      { path: "VERSION_NUMBER", kind: "plain" },
      { path: "pyproject.toml", kind: "pyproject" },
      { path: "js/package.json", kind: "package-json" },
      { path: "src/b/_version.py", kind: "python" },
      { path: "CMakeLists.txt", kind: "marker", marker: "release-kit:version" },
      { path: "setup.cfg", kind: "plain" },
    ]);
  });

  it("normalises partners, step timeouts and shell command lines", () => {
    const config = parseConfig(
      [
        "project: {repo: a/b}",
        "partners: [c/d, {repo: e/f, template: checklists/partner.md}]",
        "downstream:",
        "  - name: one",
        "    path: ../downstream/one",
        "    shell: true",
        "    build: make all && make check",
        "    timeout-minutes: 5",
        "  - name: two",
        "    repo: https://example.invalid/two.git",
        "    test: [pytest]",
        "    timeout-minutes: {test: 7}",
        "    quiet: known flaky on windows",
      ].join("\n"),
      "f.yml",
    );
    expect(config.partners).toEqual([{ repo: "c/d" }, { repo: "e/f", template: "checklists/partner.md" }]);
    expect(config.downstream[0]).toMatchObject({
      build: ["make all && make check"],
      shell: true,
      timeoutMinutes: { prepare: 5, build: 5, test: 5 },
      platforms: ["ubuntu-latest"],
      mode: "run",
      env: {},
    });
    expect(config.downstream[1]).toMatchObject({ timeoutMinutes: { test: 7 }, quiet: "known flaky on windows" });
    expect(config.downstream[1]).not.toHaveProperty("skip");
  });

  it("accepts a dispatch-mode downstream with its workflow and inputs", () => {
    const config = parseConfig(
      "project: {repo: a/b}\ndownstream:\n  - {name: ort, mode: dispatch, repo: c/ort, workflow: ci.yml, inputs: {onnx: '{version}'}}\n",
      "f.yml",
    );
    expect(config.downstream[0]).toMatchObject({ mode: "dispatch", workflow: "ci.yml", inputs: { onnx: "{version}" } });
  });

  it("returns a deeply frozen configuration", () => {
    const config = parseConfig("project: {repo: a/b}\nrc: {required-checks: [CI]}\n", "f.yml");
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.rc.requiredChecks)).toBe(true);
    expect(() => (config.rc.requiredChecks as string[]).push("x")).toThrow(TypeError);
  });

  it("prints a resolved configuration that parses back to the same configuration", async () => {
    for (const file of [onnxExample, path.join(fixtures, "minimal.yml")]) {
      const config = await loadConfig(file);
      expect(parseConfig(configToYaml(config), "printed.yml")).toEqual(config);
      expect(parseConfig(JSON.stringify(configToFileShape(config)), "printed.json")).toEqual(config);
    }
  });

  it("keeps user keys of inputs and env as written when printing", async () => {
    const config = await loadConfig(onnxExample);
    const printed = parse(configToYaml(config)) as { publish: { inputs: Record<string, string> } };
    expect(printed.publish.inputs).toEqual({ build_mode: "release", publish_pypi_release: "yes" });
  });
});

describe("finding the file", () => {
  it("looks for release-kit.yml in the working directory unless --config overrides it", () => {
    expect(DEFAULT_CONFIG_FILE).toBe("release-kit.yml");
    expect(resolveConfigPath("/repo")).toBe(path.join("/repo", "release-kit.yml"));
    expect(resolveConfigPath("/repo", "ci/rk.yml")).toBe(path.join("/repo", "ci/rk.yml"));
    expect(resolveConfigPath("/repo", "/etc/rk.yml")).toBe("/etc/rk.yml");
  });

  it("says which path it looked for and how to override it when the file is missing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rk-config-"));
    const missing = resolveConfigPath(dir);
    const error = await loadConfig(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `no configuration file at ${missing} (release-kit looks for release-kit.yml at the repository root; pass --config PATH to use another file)`,
    );
    expect((error as ConfigError).exitCode).toBe(2);
  });

  it("names problems after the display name it is given", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rk-config-"));
    const file = path.join(dir, "release-kit.yml");
    writeFileSync(file, "project:\n  repo: nope\n");
    const error = (await loadConfig(file, { displayName: "release-kit.yml" }).catch((e: unknown) => e)) as ConfigError;
    expect(error.problems).toEqual([
      'release-kit.yml:2: project.repo: "nope" is not valid (expected a GitHub repository as owner/name, e.g. onnx/onnx)',
    ]);
  });
});

describe("the schema", () => {
  it("documents every key it declares, for the generated config reference", () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      const properties = record["properties"];
      if (typeof properties === "object" && properties !== null && !where.includes("timeout-minutes")) {
        for (const [key, child] of Object.entries(properties)) {
          if (typeof (child as Record<string, unknown>)["description"] !== "string")
            undocumented.push(`${where}.${key}`);
        }
      }
      // `if` holds conditions, not declarations.
      for (const [key, child] of Object.entries(record)) if (key !== "if") walk(child, `${where}/${key}`);
    };
    walk(schema, "#");
    expect(undocumented).toEqual([]);
  });

  it("forbids unknown keys in every map it declares", () => {
    const open: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      if (record["properties"] !== undefined && record["additionalProperties"] !== false) open.push(where);
      for (const [key, child] of Object.entries(record)) if (key !== "if") walk(child, `${where}/${key}`);
    };
    walk(schema, "#");
    expect(open).toEqual([]);
  });
});
