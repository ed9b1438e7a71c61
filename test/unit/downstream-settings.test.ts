/**
 * Downstream settings from the config loader: entries resolved, bad entries refused with every problem, install
 * templates filled per argument, clone sources.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { parseConfig } from "../../src/config/index.js";
import { downstreamSettingsFromConfig } from "../../src/flows/downstream/settings.js";
import { fillInstallCommand } from "../../src/flows/downstream/run-side.js";
import { resolveCloneSource } from "../../src/flows/downstream/checkout-downstream.js";

describe("downstream settings", () => {
  it("takes the entries the config loader resolved, a path: entry made absolute against the config's folder", () => {
    const config = parseConfig(
      [
        "project: {repo: acme/widget}",
        "downstream:",
        "  - {name: ort, repo: microsoft/onnxruntime, build: [cmake, -B, build], test: [ctest], timeout-minutes: {build: 90}}",
        "  - {name: local, path: ../samples/local, shell: true, test: 'make check', timeout-minutes: 3}",
        "downstream-check: {fail-on: [regressed, flaky], concurrency: auto, timeout-minutes: 30}",
      ].join("\n"),
      "release-kit.yml",
    );
    const settings = downstreamSettingsFromConfig(config, "/work/project");
    const [ort, local] = settings.downstreams;
    expect(ort).toMatchObject({ repo: "microsoft/onnxruntime", build: ["cmake", "-B", "build"], test: ["ctest"] });
    expect(ort?.timeoutMinutes).toEqual({ build: 90 });
    expect(ort?.platforms).toEqual(["ubuntu-latest"]);
    expect(local).toMatchObject({ repo: path.resolve("/work/samples/local"), shell: true, test: ["make check"] });
    expect(local?.timeoutMinutes).toEqual({ prepare: 3, build: 3, test: 3 });
    expect(local).not.toHaveProperty("path");
    expect(settings.retries).toBe(2);
    expect(settings.failOn).toEqual(["regressed", "flaky"]);
    expect(settings.concurrency).toBe(availableParallelism());
    expect(settings.waitMinutes).toBe(30);
  });

  it("refuses a bad entry through the loader with every problem listed", () => {
    let error: unknown;
    try {
      parseConfig(
        [
          "project: {repo: acme/widget}",
          "downstream:",
          "  - {name: a, repo: o/a, tset: [x], build: [make], skip: ''}",
          "  - {name: a, repo: o/b, test: [make]}",
          "downstream-check: {retries: -1}",
        ].join("\n"),
        "release-kit.yml",
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'release-kit.yml:3: downstream[0].tset: unknown key "tset", did you mean "test"? (expected one of: name, repo, path, ref, platforms, prepare, build, test, shell, install, env, timeout-minutes, skip, skip-tests, quiet, mode, workflow, inputs)',
      'release-kit.yml:3: downstream[0].skip: "" is not valid (expected a reason saying why, e.g. "needs a GPU runner")',
      'release-kit.yml:4: downstream[1].name: "a" is already the name of downstream[0] (expected a unique name)',
      "release-kit.yml:5: downstream-check.retries: is -1 (expected at least 0)",
    ]);
  });

  it("fills the install template per argument, never through a shell", () => {
    expect(fillInstallCommand(["pip", "install", "{artifact}", "onnx=={version}"], "1.20.0rc1", "a b.whl")).toEqual([
      "pip",
      "install",
      "a b.whl",
      "onnx==1.20.0rc1",
    ]);
  });

  it("clones owner/name from the GitHub server of the run, and URLs as given", () => {
    expect(resolveCloneSource("pytorch/pytorch", {})).toBe("https://github.com/pytorch/pytorch.git");
    expect(resolveCloneSource("o/r", { GITHUB_SERVER_URL: "https://ghe.example.com/" })).toBe(
      "https://ghe.example.com/o/r.git",
    );
    expect(resolveCloneSource("https://gitlab.com/x/y.git", {})).toBe("https://gitlab.com/x/y.git");
  });
});
