/**
 * Failure reasons read from real-looking build and test logs (gcc/ld, lld, ld64, MSVC, CMake, CPython, pytest,
 * dyld): the reason and the quoted line the report shows instead of `test-fail (unknown)`.
 */
import { describe, expect, it } from "vitest";
import { detectFailure, QUOTE_MAX_CHARS } from "../../src/core/downstream/detect-failure-reason.js";

const failed = (logTail: string) => detectFailure({ timedOut: false, exitCode: 1, logTail });

describe("code failure reasons from logs", () => {
  it("calls a wheel built against another onnx ABI `abi`, not `import`, and quotes the symbol line", () => {
    const log = [
      "==================================== ERRORS ====================================",
      "_____________________ ERROR collecting tests/test_shape_inference.py _____________________",
      "ImportError while importing test module '/home/runner/work/ort/tests/test_shape_inference.py'.",
      "Hint: make sure your test modules/packages have valid Python names.",
      "Traceback:",
      "onnxruntime/__init__.py:23: in <module>",
      "    from onnxruntime.capi._pybind_state import get_all_providers",
      "E   ImportError: /opt/conda/lib/python3.12/site-packages/onnxruntime/capi/onnxruntime_pybind11_state.so: undefined symbol: _ZN4onnx18OpSchemaRegistry6DomainToVersionRange8InstanceEv",
      "=========================== short test summary info ============================",
      "ERROR tests/test_shape_inference.py",
    ].join("\n");
    expect(failed(log)).toEqual({
      reason: "abi",
      line: "E   ImportError: /opt/conda/lib/python3.12/site-packages/onnxruntime/capi/onnxruntime_pybind11_state.so: undefined symbol: _ZN4onnx18OpSchemaRegistry6DomainToVersionRange8InstanceEv",
    });
  });

  it("recognises the loader's symbol lookup error, macOS dyld and the Windows loader as `abi`", () => {
    expect(
      failed(
        "python: symbol lookup error: /usr/lib/libonnxruntime.so.1.20.0: undefined symbol: _ZN4onnx11checker10check_nodeERKNS_9NodeProtoE",
      ).reason,
    ).toBe("abi");
    const dyld = failed(
      "ImportError: dlopen(/Users/runner/lib/python3.11/site-packages/onnx/onnx_cpp2py_export.cpython-311-darwin.so, 0x0002): Symbol not found: __ZN6google8protobuf8internal15ThreadSafeArena13thread_cache_E\n  Referenced from: <6A1B2C3D> /Users/runner/lib/python3.11/site-packages/onnx/onnx_cpp2py_export.cpython-311-darwin.so",
    );
    expect(dyld.reason).toBe("abi");
    expect(dyld.line).toMatch(/^ImportError: dlopen\(.*Symbol not found: __ZN6google/);
    expect(
      failed(
        "    from onnx.onnx_cpp2py_export import ONNX_ML\nImportError: DLL load failed while importing onnx_cpp2py_export: The specified procedure could not be found.",
      ),
    ).toEqual({
      reason: "abi",
      line: "ImportError: DLL load failed while importing onnx_cpp2py_export: The specified procedure could not be found.",
    });
  });

  it("recognises GNU ld, lld, ld64 and MSVC link errors as `link`, quoting the cause rather than collect2", () => {
    const gnu = failed(
      [
        "[ 98%] Linking CXX executable onnx_test_runner",
        "/usr/bin/ld: CMakeFiles/onnx_test_runner.dir/main.cc.o: in function `main':",
        "main.cc:(.text+0x1a4): undefined reference to `onnx::optimization::Optimize(onnx::ModelProto const&)'",
        "collect2: error: ld returned 1 exit status",
        "make[2]: *** [CMakeFiles/onnx_test_runner.dir/build.make:97: onnx_test_runner] Error 1",
      ].join("\n"),
    );
    expect(gnu).toEqual({
      reason: "link",
      line: "main.cc:(.text+0x1a4): undefined reference to `onnx::optimization::Optimize(onnx::ModelProto const&)'",
    });
    expect(
      failed(
        "/usr/bin/ld: cannot find -lonnx_proto: No such file or directory\ncollect2: error: ld returned 1 exit status",
      ),
    ).toEqual({
      reason: "link",
      line: "/usr/bin/ld: cannot find -lonnx_proto: No such file or directory",
    });
    // lld says "undefined symbol" for a link error: that is `link`, not a loader's `abi`.
    expect(
      failed("ld.lld: error: undefined symbol: onnx::shape_inference::InferShapes(onnx::ModelProto&)").reason,
    ).toBe("link");
    expect(
      failed(
        "ld: library not found for -lonnx\nclang: error: linker command failed with exit code 1 (use -v to see invocation)",
      ),
    ).toEqual({
      reason: "link",
      line: "ld: library not found for -lonnx",
    });
    expect(
      failed(
        'Undefined symbols for architecture arm64:\n  "onnx::checker::check_model(onnx::ModelProto const&)", referenced from:',
      ).reason,
    ).toBe("link");
    expect(
      failed(
        [
          'onnxruntime_providers.lib(graph.obj) : error LNK2019: unresolved external symbol "public: static class onnx::OpSchemaRegistry * __cdecl onnx::OpSchemaRegistry::Instance(void)" referenced in function "void __cdecl onnxruntime::RegisterSchemas(void)"',
          "D:\\a\\ort\\build\\Release\\onnxruntime.dll : fatal error LNK1120: 1 unresolved externals",
        ].join("\r\n"),
      ).line,
    ).toMatch(/^onnxruntime_providers\.lib\(graph\.obj\) : error LNK2019: unresolved external symbol/);
  });

  it("recognises a missing CMake package config as `cmake-config`, quoting the telling line over `(find_package)`", () => {
    const log = [
      '-- Found Protobuf: /opt/conda/lib/libprotobuf.so (found version "4.25.3")',
      "CMake Error at cmake/external/onnxruntime_external_deps.cmake:412 (find_package):",
      '  Could not find a package configuration file provided by "ONNX" (requested',
      "  version 1.20) with any of the following names:",
      "",
      "    ONNXConfig.cmake",
      "    onnx-config.cmake",
      "-- Configuring incomplete, errors occurred!",
    ].join("\n");
    expect(failed(log)).toEqual({
      reason: "cmake-config",
      line: 'Could not find a package configuration file provided by "ONNX" (requested',
    });
    expect(
      failed(
        "CMake Error at /usr/share/cmake-3.28/Modules/FindPackageHandleStandardArgs.cmake:230 (message):\n  Could NOT find Protobuf (missing: Protobuf_LIBRARIES Protobuf_INCLUDE_DIR)",
      ),
    ).toEqual({
      reason: "cmake-config",
      line: "Could NOT find Protobuf (missing: Protobuf_LIBRARIES Protobuf_INCLUDE_DIR)",
    });
    expect(
      failed(
        'CMake Error at CMakeLists.txt:88 (find_package):\n  Could not find a configuration file for package "ONNX" that is compatible\n  with requested version "1.19".',
      ).line,
    ).toBe('Could not find a configuration file for package "ONNX" that is compatible');
  });

  it("recognises a missing module or name as `import`, with the first ModuleNotFoundError quoted", () => {
    expect(
      failed(
        "ImportError while importing test module '/w/skl2onnx/tests/test_algebra.py'.\nTraceback:\nE   ModuleNotFoundError: No module named 'onnx.reference.ops.op_col2im'",
      ),
    ).toEqual({ reason: "import", line: "E   ModuleNotFoundError: No module named 'onnx.reference.ops.op_col2im'" });
    expect(
      failed(
        "E   ImportError: cannot import name 'mapping' from 'onnx' (/opt/conda/lib/python3.12/site-packages/onnx/__init__.py)",
      ),
    ).toEqual({
      reason: "import",
      line: "E   ImportError: cannot import name 'mapping' from 'onnx' (/opt/conda/lib/python3.12/site-packages/onnx/__init__.py)",
    });
  });

  it("keeps the machine reasons first: a link job killed for memory is oom, a pip download cut off is network", () => {
    expect(
      failed(
        "main.cc:(.text+0x1a4): undefined reference to `onnx::Foo()'\nc++: fatal error: Killed signal terminated program cc1plus\nKilled",
      ).reason,
    ).toBe("oom");
    expect(
      failed(
        "ImportError: No module named 'onnx'\npip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.pythonhosted.org', port=443): Read timed out.",
      ).reason,
    ).toBe("network");
    expect(detectFailure({ timedOut: true, logTail: "undefined symbol: _ZN4onnx3FooEv" })).toEqual({
      reason: "timeout",
    });
  });

  it("trims the quote, drops colour codes and bounds its length", () => {
    const symbol = `_ZN4onnx${"x".repeat(1000)}`;
    const found = failed(`   \u001b[31mE   ImportError: /x.so: undefined symbol: ${symbol}\u001b[0m   `);
    expect(found.reason).toBe("abi");
    expect(found.line?.startsWith("E   ImportError: /x.so: undefined symbol: _ZN4onnx")).toBe(true);
    expect(found.line).toHaveLength(QUOTE_MAX_CHARS);
    expect(found.line?.endsWith("…")).toBe(true);
  });

  it("leaves a plain assertion failure unknown, without a quote", () => {
    expect(failed("E       AssertionError: assert 3 == 4\nFAILED tests/test_x.py::test_y")).toEqual({
      reason: "unknown",
    });
  });
});
