/** The public face of the version-file updaters: import from here. */
export * from "./version-file-updater.js";
export * from "./version-file-kinds.js";
export { plainVersionFile } from "./plain-version-file.js";
export { pyprojectVersionFile } from "./pyproject-version-file.js";
export { pythonVersionFile } from "./python-version-file.js";
export { packageJsonVersionFile } from "./package-json-version-file.js";
export { createMarkerVersionFile, defaultVersionMarker, markerVersionFile } from "./marker-version-file.js";
export { findProjectString, findProjectTable, readProjectStringArray } from "./pyproject-project-table.js";
export type { LocatedString } from "./pyproject-project-table.js";
