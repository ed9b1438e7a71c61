/**
 * Recipe edits for candidates: channel_targets for the rc label (created, replaced or removed, keeping the file's
 * style) and the RC marker in a meta.yaml.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { removeChannelTargets, setChannelTargets } from "../../src/core/recipe/channel-targets.js";
import { planFeedstockEdit } from "../../src/core/recipe/plan-feedstock-edit.js";
import { setRcMarker } from "../../src/core/recipe/rc-marker.js";

const feedstocks = path.resolve(import.meta.dirname, "../../../shared/fixtures/feedstocks");
const read = (dir: string, file: string): string => readFileSync(path.join(feedstocks, dir, file), "utf8");
const sha = (c: string): string => c.repeat(64);

describe("channel_targets edits", () => {
  it("creates the file conda-forge's rc branches use when there is none", () => {
    expect(setChannelTargets(undefined, "onnx_rc")).toBe("channel_targets:\n  - conda-forge onnx_rc\n");
  });

  it("replaces an existing block value and keeps everything around it", () => {
    const text = "# keep me\nchannel_targets:  # [linux]\n  - conda-forge main\nother:\n  - 1\n";
    expect(setChannelTargets(text, "pkg_rc")).toBe(
      "# keep me\nchannel_targets:  # [linux]\n  - conda-forge pkg_rc\nother:\n  - 1\n",
    );
  });

  it("keeps the flow style of an existing value", () => {
    expect(setChannelTargets("channel_targets: [conda-forge main]  # rc\n", "x_rc")).toBe(
      "channel_targets: [conda-forge x_rc]  # rc\n",
    );
  });

  it("follows the list indentation the file already uses", () => {
    expect(setChannelTargets("suffix:\n- ''\n- -novec\n", "onnxruntime_rc")).toBe(
      "suffix:\n- ''\n- -novec\nchannel_targets:\n- conda-forge onnxruntime_rc\n",
    );
  });

  it("keeps CRLF line endings", () => {
    expect(setChannelTargets("a:\r\n  - 1\r\n", "p_rc")).toBe(
      "a:\r\n  - 1\r\nchannel_targets:\r\n  - conda-forge p_rc\r\n",
    );
  });

  it("removes the override and returns undefined when the file would be empty", () => {
    expect(removeChannelTargets("channel_targets:\n  - conda-forge onnx_rc\n")).toBeUndefined();
    expect(removeChannelTargets("a: 1\nchannel_targets: [conda-forge x_rc]\nb: 2\n")).toBe("a: 1\nb: 2\n");
    expect(removeChannelTargets("a: 1\n")).toBe("a: 1\n");
  });

  it("refuses a label that is not a label", () => {
    expect(() => setChannelTargets(undefined, "rc; rm -rf /")).toThrow(InputError);
  });
});

describe.skipIf(!existsSync(feedstocks))("channel_targets on real feedstocks (skipped: ../shared is absent)", () => {
  it("writes what onnx's dev branch holds (plus the final newline it lacks)", () => {
    const dev = read("onnx-feedstock@dev", "recipe/conda_build_config.yaml");
    expect(setChannelTargets(undefined, "onnx_dev")).toBe(`${dev}\n`);
    expect(removeChannelTargets(dev)).toBeUndefined();
  });

  it("removes rattler-build's rc label and puts it back, keeping the other keys and comments", () => {
    const rc = read("rattler-build-feedstock@rc", "recipe/conda_build_config.yaml");
    const final = removeChannelTargets(rc) ?? "";
    expect(final).toBe(
      '# We need fmemopen in libsolv which became available in 10.13\nMACOSX_DEPLOYMENT_TARGET:  # [osx and x86_64]\n  - "10.13"                # [osx and x86_64]\n',
    );
    expect(setChannelTargets(final, "rattler-build_rc")).toBe(`${rc}\n`);
  });

  it("matches numpy's dev branch style", () => {
    expect(setChannelTargets(undefined, "numpy_dev")).toBe(
      read("numpy-feedstock@dev", "recipe/conda_build_config.yaml"),
    );
  });

  it("sets numpy's rc_num marker in context, leaving every other byte", () => {
    const main = read("numpy-feedstock", "recipe/recipe.yaml");
    const marked = setRcMarker(main, "rc_num", 1);
    expect(marked).toBe(main.replace("  rc_num: -1\n", "  rc_num: 1\n"));
    expect(setRcMarker(marked, "rc_num", -1)).toBe(main);
  });

  it("plans numpy's main-opt-in RC: marker, version, hash, and the rc package version", () => {
    const edit = planFeedstockEdit({
      format: "recipe.yaml",
      recipeText: read("numpy-feedstock", "recipe/recipe.yaml"),
      condaBuildConfigText: undefined,
      version: "2.6.0",
      sha256s: [sha("d")],
      rcMarker: { key: "rc_num", value: 1 },
      expectedPackageVersion: "2.6.0rc1",
    });
    expect(edit.sources).toEqual([
      { url: "https://github.com/numpy/numpy/releases/download/v2.6.0rc1/numpy-2.6.0rc1.tar.gz", sha256: sha("d") },
    ]);
    expect(edit.files.map((f) => f.path)).toEqual(["recipe/recipe.yaml"]);
    expect(edit.needsRerender).toBe(false);
  });

  it("plans an rc-branch RC of onnx: the recipe and a new conda_build_config.yaml that needs a rerender", () => {
    const edit = planFeedstockEdit({
      format: "recipe.yaml",
      recipeText: read("onnx-feedstock", "recipe/recipe.yaml"),
      condaBuildConfigText: undefined,
      version: "1.23.0rc1",
      sha256s: [sha("e")],
      channel: { kind: "rc-label", label: "onnx_rc" },
    });
    expect(edit.files.map((f) => [f.path, f.before === undefined])).toEqual([
      ["recipe/recipe.yaml", false],
      ["recipe/conda_build_config.yaml", true],
    ]);
    expect(edit.needsRerender).toBe(true);
  });
});

describe("RC marker in a meta.yaml", () => {
  it("sets a `{% set rc_num = N %}` variable", () => {
    expect(setRcMarker('{% set version = "1.0" %}\n{% set rc_num = -1 %}\n', "rc_num", 2)).toBe(
      '{% set version = "1.0" %}\n{% set rc_num = 2 %}\n',
    );
  });

  it("refuses a recipe without the marker, naming it", () => {
    expect(() => setRcMarker('{% set version = "1.0" %}\n', "rc_num", 1)).toThrow(/no RC marker "rc_num"/);
  });
});
