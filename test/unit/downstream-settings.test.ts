import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { parseDownstreamSettings } from "../../src/flows/downstream/settings.js";
import { fillInstallCommand } from "../../src/flows/downstream/run-side.js";
import { resolveCloneSource } from "../../src/flows/downstream/checkout-downstream.js";

describe("downstream settings", () => {
  it("accepts one command or a list of commands per step and per-step timeouts", () => {
    const settings = parseDownstreamSettings(
      [
        {
          name: "ort",
          repo: "microsoft/onnxruntime",
          build: [
            ["cmake", "-B", "build"],
            ["cmake", "--build", "build"],
          ],
          test: ["ctest"],
          "timeout-minutes": { build: 90 },
        },
      ],
      { "fail-on": ["regressed", "flaky"] },
    );
    const [ort] = settings.downstreams;
    expect(ort?.build).toHaveLength(2);
    expect(ort?.test).toEqual([["ctest"]]);
    expect(ort?.timeoutMinutes).toEqual({ build: 90 });
    expect(ort?.platforms).toEqual(["ubuntu-latest"]);
    expect(settings.retries).toBe(2);
    expect(settings.failOn).toEqual(["regressed", "flaky"]);
  });

  it("lists every problem: unknown keys, a shell string, an empty reason, a duplicate name", () => {
    let error: unknown;
    try {
      parseDownstreamSettings(
        [
          { name: "a", repo: "o/a", tset: ["x"], build: "make all", skip: "" },
          { name: "a", repo: "o/b" },
        ],
        { retries: -1 },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toContain("downstream[0].tset: unknown key");
    expect(problems).toContain("downstream[0].build: must be an argument array");
    expect(problems).toContain("downstream[0].skip: must be the reason");
    expect(problems).toContain("downstream[1].name: duplicate name a");
    expect(problems).toContain("downstream-check.retries: must be a whole number from 0 to 10");
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
