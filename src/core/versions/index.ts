/** The public face of the version core: import from here. */
export * from "./release-version.js";
export type { VersionSchemeDefinition } from "./version-scheme-definition.js";
export { pep440Scheme } from "./pep440-scheme.js";
export { semverScheme } from "./semver-scheme.js";
export * from "./version-schemes.js";
export * from "./release-version-input.js";
export * from "./version-patterns.js";
export * from "./release-candidates.js";
export * from "./bump-version.js";
export * from "./conda-version-order.js";
