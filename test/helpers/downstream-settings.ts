/**
 * Downstream settings for flow tests, loaded the way a user's are: the entries go into a release-kit.yml in a temp
 * folder, the schema loader reads it (the one parser of release-kit.yml), and the settings are resolved like the CLI
 * does. A local repository is given as `path:` (absolute, or relative to that folder).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { loadConfig } from "../../src/config/index.js";
import {
  downstreamSettingsFromConfig,
  type DownstreamEntry,
  type DownstreamSettings,
} from "../../src/flows/downstream/settings.js";

/**
 * Loads `downstream:` and `downstream-check:` through the config loader. `after` changes a loaded entry by name, for
 * what a config cannot say: the schema's shortest step timeout is one minute, and a hanging fixture should stop in
 * seconds.
 */
export async function loadDownstreamSettings(
  downstream: readonly unknown[],
  check: Readonly<Record<string, unknown>> = {},
  after: Readonly<Record<string, Partial<DownstreamEntry>>> = {},
): Promise<DownstreamSettings> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-downstream-config-"));
  const file = path.join(dir, "release-kit.yml");
  await writeFile(file, stringify({ project: { repo: "acme/widget" }, downstream, "downstream-check": check }), "utf8");
  const settings = downstreamSettingsFromConfig(await loadConfig(file), dir);
  return {
    ...settings,
    downstreams: settings.downstreams.map((entry) => ({ ...entry, ...after[entry.name] })),
  };
}
