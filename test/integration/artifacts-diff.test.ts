/**
 * The artifact contract diff on real builds: a C library compiled twice with the system compiler, its symbols read
 * with nm, compared as wheels, sdists and directories.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffArtifacts } from "../../src/core/artifacts/diff-artifacts.js";
import { readDynamicSymbols } from "../../src/adapters/artifacts/read-dynamic-symbols.js";
import { snapshotArtifact } from "../../src/adapters/artifacts/snapshot-artifact.js";
import { writeZip } from "../fixtures/downstream/write-zip.js";

const source = join(import.meta.dirname, "../fixtures/downstream/artifacts/libdemo.c");
const metadata = (version: string, python: string): string =>
  `Metadata-Version: 2.1\nName: demo\nVersion: ${version}\nRequires-Python: ${python}\nRequires-Dist: numpy\n\nbody\n`;

describe("artifact diff of a C library built twice with the system compiler", () => {
  let root: string;
  let baseLib: string;
  let candLib: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "rk-artifacts-"));
    baseLib = join(root, "base.so");
    candLib = join(root, "cand.so");
    execFileSync("cc", ["-shared", "-fPIC", "-O1", "-o", baseLib, source]);
    execFileSync("cc", ["-shared", "-fPIC", "-O1", "-DHIDE_SCALE", "-o", candLib, source]);
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("reads the exported symbols with nm", async () => {
    const symbols = await readDynamicSymbols(baseLib);
    expect(symbols).toEqual(expect.arrayContaining(["demo_add", "demo_scale", "demo_version"]));
    expect(await readDynamicSymbols(candLib)).not.toContain("demo_scale");
  });

  it("reports the hidden symbol and the dropped Python between two wheels", async () => {
    const wheel = (name: string, lib: string, version: string, python: string): string => {
      const path = join(root, name);
      writeFileSync(
        path,
        writeZip({
          "demo/__init__.py": "",
          "demo/_core.cpython-311-x86_64-linux-gnu.so": readFileSync(lib),
          [`demo-${version}.dist-info/METADATA`]: metadata(version, python),
        }),
      );
      return path;
    };
    const diff = diffArtifacts(
      await snapshotArtifact(wheel("demo-1.0.0-cp311-linux_x86_64.whl", baseLib, "1.0.0", ">=3.9")),
      await snapshotArtifact(wheel("demo-1.1.0rc1-cp311-linux_x86_64.whl", candLib, "1.1.0rc1", ">=3.10")),
    );
    expect(diff.filesAdded).toEqual([]);
    expect(diff.filesRemoved).toEqual([]);
    expect(diff.libraries.map((l) => [l.path, l.removed])).toEqual([
      ["demo/_core.cpython-311-x86_64-linux-gnu.so", ["demo_scale"]],
    ]);
    expect(diff.metadata.version).toEqual({ before: "1.0.0", after: "1.1.0rc1" });
    expect(diff.regressions).toEqual([
      "demo/_core.cpython-311-x86_64-linux-gnu.so: 1 exported symbol(s) removed: demo_scale",
      "Requires-Python >=3.9 -> >=3.10 drops Python 3.9",
    ]);
  });

  it("diffs sdists through tar and plain directories alike", async () => {
    const tree = (name: string, version: string, lib: string, extra: string): string => {
      const dir = join(root, name, `demo-${version}`);
      mkdirSync(join(dir, "lib"), { recursive: true });
      writeFileSync(join(dir, "PKG-INFO"), metadata(version, ">=3.9"));
      writeFileSync(join(dir, extra), "");
      cpSync(lib, join(dir, "lib", "libdemo.so"));
      return dir;
    };
    const a = tree("a", "1.0.0", baseLib, "setup.py");
    const b = tree("b", "1.1.0", candLib, "pyproject.toml");
    execFileSync("tar", ["-czf", join(root, "a.tar.gz"), "-C", join(root, "a"), "demo-1.0.0"]);
    execFileSync("tar", ["-czf", join(root, "b.tar.gz"), "-C", join(root, "b"), "demo-1.1.0"]);
    for (const [before, after] of [
      [join(root, "a.tar.gz"), join(root, "b.tar.gz")],
      [a, b],
    ] as const) {
      const diff = diffArtifacts(await snapshotArtifact(before), await snapshotArtifact(after));
      expect(diff.filesAdded).toEqual(["pyproject.toml"]);
      expect(diff.filesRemoved).toEqual(["setup.py"]);
      expect(diff.libraries[0]?.removed).toEqual(["demo_scale"]);
      expect(diff.metadata.version).toEqual({ before: "1.0.0", after: "1.1.0" });
    }
  });
});
