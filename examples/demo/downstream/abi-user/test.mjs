// A downstream that links against widget's C ABI: it calls widget_abi_version(), so the function must stay
// exported. The version under test reaches it as its source tree (RELEASE_KIT_ARTIFACT); a release whose build
// change hides the function breaks this project, which is the regression the demo's downstream check catches.
import { readFileSync } from "node:fs";
import path from "node:path";

const tree = process.env.RELEASE_KIT_ARTIFACT ?? "";
if (tree === "") {
  console.error("abi-user: RELEASE_KIT_ARTIFACT is not set (it must name the widget source tree under test)");
  process.exit(2);
}
const source = readFileSync(path.join(tree, "src", "widget.cpp"), "utf8");
const definition = source.split("\n").find((line) => /\bwidget_abi_version\s*\(/.test(line));
if (definition === undefined || !definition.includes("WIDGET_API")) {
  console.error("abi-user: undefined reference to `widget_abi_version' (widget no longer exports it)");
  console.error("FAILED test_links_against_widget");
  process.exit(1);
}
console.log(`abi-user: widget ${process.env.RELEASE_KIT_VERSION ?? "?"} exports widget_abi_version, 3 tests passed`);
