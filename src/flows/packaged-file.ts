/**
 * Files release-kit ships next to its code (checklists/, examples/), found from where the running module sits: the
 * sources (src/flows/...), the CLI bundle (dist/, dist/chunks/) and the action bundles (actions/NAME/dist/) all sit a
 * few folders below the package root, so the lookup walks up a little.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pathExists, readText } from "../adapters/files.js";
import { ConfigError } from "../core/errors.js";

/** The text of `relative` (e.g. `checklists/release.md`) in release-kit's own package. */
export async function readPackagedFile(relative: string): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, relative);
    if (await pathExists(candidate)) return readText(candidate);
    dir = path.dirname(dir);
  }
  throw new ConfigError(`release-kit's own ${relative} is missing from this installation: reinstall release-kit`);
}
