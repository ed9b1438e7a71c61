/**
 * The artifact contract diff's pure parts: Python metadata, zip entries, path normalisation, dropped Pythons, symbol
 * lists from nm and readelf, and what counts as a regression.
 */
import { describe, expect, it } from "vitest";
import {
  diffArtifacts,
  droppedPythonVersions,
  normalizeArtifactPath,
  type ArtifactSnapshot,
} from "../../src/core/artifacts/diff-artifacts.js";
import { parsePythonMetadata } from "../../src/core/artifacts/parse-python-metadata.js";
import { renderArtifactDiff } from "../../src/core/artifacts/render-artifact-diff.js";
import { parseNm, parseReadelf } from "../../src/adapters/artifacts/read-dynamic-symbols.js";
import { extractZipEntry, readZipEntries } from "../../src/adapters/artifacts/read-zip-archive.js";
import { writeZip } from "../fixtures/downstream/write-zip.js";

const METADATA = `Metadata-Version: 2.1
Name: onnx
Version: 1.20.0
Requires-Python: >=3.9
Requires-Dist: numpy>=1.22
Requires-Dist: protobuf>=4.25.1
Description: first line
        continued line

# Long description
Requires-Dist: not-a-header
`;

describe("artifact contract diff", () => {
  it("reads Python metadata headers, repeated keys and continuation lines, but not the body", () => {
    const meta = parsePythonMetadata(METADATA);
    expect(meta.name).toBe("onnx");
    expect(meta.version).toBe("1.20.0");
    expect(meta.requiresPython).toBe(">=3.9");
    expect(meta.requiresDist).toEqual(["numpy>=1.22", "protobuf>=4.25.1"]);
    expect(meta.fields["description"]).toEqual(["first line\ncontinued line"]);
  });

  it("lists and extracts deflated and stored wheel entries from the central directory", () => {
    const zip = writeZip({ "onnx/__init__.py": "x = 1\n".repeat(50), "onnx-1.20.0.dist-info/METADATA": METADATA }, [
      "onnx/__init__.py",
    ]);
    const entries = readZipEntries(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ["onnx/__init__.py", 0],
      ["onnx-1.20.0.dist-info/METADATA", 8],
    ]);
    expect(extractZipEntry(zip, entries[1]!).toString()).toBe(METADATA);
    expect(() => readZipEntries(Buffer.from("not a zip at all, just some text padding it out"), "x.whl")).toThrow(
      /x.whl: not a zip archive/,
    );
  });

  it("ignores the version in dist-info folders and the sdist top folder", () => {
    expect(normalizeArtifactPath("onnx-1.20.0.dist-info/RECORD", "wheel")).toBe("onnx-{version}.dist-info/RECORD");
    expect(normalizeArtifactPath("onnx-1.20.0rc1/setup.py", "sdist")).toBe("setup.py");
  });

  it("finds the Python versions a tightened Requires-Python drops", () => {
    expect(droppedPythonVersions(">=3.9", ">=3.11")).toEqual(["3.9", "3.10"]);
    expect(droppedPythonVersions(">=3.9", ">=3.9")).toEqual([]);
    expect(droppedPythonVersions(undefined, ">=3.0")).toEqual(["2.7"]);
  });

  it("reports removed symbols, removed libraries and dropped Pythons as regressions, additions as changes", () => {
    const base: ArtifactSnapshot = {
      path: "a.whl",
      kind: "wheel",
      files: ["onnx/_core.so", "onnx/old.py", "onnx/libextra.so"],
      symbols: { "onnx/_core.so": ["add", "scale"], "onnx/libextra.so": ["x"] },
      metadata: parsePythonMetadata(METADATA),
    };
    const cand: ArtifactSnapshot = {
      path: "b.whl",
      kind: "wheel",
      files: ["onnx/_core.so", "onnx/new.py"],
      symbols: { "onnx/_core.so": ["add", "mul"] },
      metadata: parsePythonMetadata(
        METADATA.replace("1.20.0", "1.21.0rc1").replace(">=3.9", ">=3.10").replace("numpy>=1.22", "numpy>=2"),
      ),
    };
    const diff = diffArtifacts(base, cand);
    expect(diff.filesAdded).toEqual(["onnx/new.py"]);
    expect(diff.filesRemoved).toEqual(["onnx/old.py", "onnx/libextra.so"]);
    expect(diff.metadata.version).toEqual({ before: "1.20.0", after: "1.21.0rc1" });
    expect(diff.metadata.droppedPythons).toEqual(["3.9"]);
    expect(diff.metadata.requiresDistRemoved).toEqual(["numpy>=1.22"]);
    expect(diff.metadata.requiresDistAdded).toEqual(["numpy>=2"]);
    expect(diff.regressions).toEqual([
      "onnx/_core.so: 1 exported symbol(s) removed: scale",
      "shared library onnx/libextra.so was removed",
      "onnx/libextra.so: 1 exported symbol(s) removed: x",
      "Requires-Python >=3.9 -> >=3.10 drops Python 3.9",
    ]);
    expect(renderArtifactDiff(diff)).toContain("## Regressions (4)");
  });

  it("parses exported symbols from nm and from readelf output", () => {
    expect(parseNm("0000000000001100 T demo_add\n0000000000004010 B counter\n0000000000001120 t local_only\n")).toEqual(
      ["counter", "demo_add"],
    );
    const readelf = `Symbol table '.dynsym' contains 3 entries:
   Num:    Value          Size Type    Bind   Vis      Ndx Name
     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND
     1: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND printf@GLIBC_2.2.5 (2)
     2: 0000000000001100    11 FUNC    GLOBAL DEFAULT   12 demo_add
     3: 0000000000001110    11 FUNC    WEAK   DEFAULT   12 demo_weak`;
    expect(parseReadelf(readelf)).toEqual(["demo_add", "demo_weak"]);
  });
});
