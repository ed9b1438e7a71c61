// A downstream that works with every widget release: it only needs to be told which one it got.
const version = process.env.RELEASE_KIT_VERSION ?? "";
if (!/^\d+\.\d+\.\d+/.test(version)) {
  console.error(`steady: expected a widget version in RELEASE_KIT_VERSION, got "${version}"`);
  process.exit(1);
}
console.log(`steady: widget ${version} imported, 12 tests passed`);
