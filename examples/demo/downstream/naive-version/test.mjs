// A downstream with a classic bug: it reads the widget version as exactly three numbers. Final releases (1.19.0)
// work; a release candidate (1.20.0rc1) makes the third part NaN, which is the regression the demo should catch.
const version = process.env.RELEASE_KIT_VERSION ?? "";
const [major, minor, patch] = version.split(".").map(Number);
if ([major, minor, patch].some((n) => !Number.isInteger(n))) {
  console.error(`naive-version: cannot parse widget version "${version}" as X.Y.Z`);
  console.error("AssertionError: test_version_tuple failed");
  process.exit(1);
}
console.log(`naive-version: widget ${major}.${minor}.${patch}, 5 tests passed`);
