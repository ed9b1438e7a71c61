/** Finds and reads release-kit.yml: at the repository root unless `--config PATH` says otherwise. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, errorMessage } from "../core/errors.js";
import type { ReleaseKitConfig } from "./config-types.js";
import { parseConfig } from "./parse-config.js";

/** The configuration file name looked for at the repository root. */
export const DEFAULT_CONFIG_FILE = "release-kit.yml";

/** The absolute path of the configuration: `override` (relative to cwd) when given, else `release-kit.yml` in cwd. */
export function resolveConfigPath(cwd: string, override?: string): string {
  return override === undefined || override === "" ? path.join(cwd, DEFAULT_CONFIG_FILE) : path.resolve(cwd, override);
}

/** Options of `loadConfig`. */
export interface LoadConfigOptions {
  /** The name used in problem lines; defaults to `configPath` as given. */
  readonly displayName?: string;
}

/** Reads, validates and resolves the configuration at `configPath`. Throws ConfigError (missing file included). */
export async function loadConfig(configPath: string, options: LoadConfigOptions = {}): Promise<ReleaseKitConfig> {
  const name = options.displayName ?? configPath;
  let text: string;
  try {
    text = await readFile(configPath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? `no configuration file at ${configPath} (release-kit looks for ${DEFAULT_CONFIG_FILE} at the repository root; pass --config PATH to use another file)`
        : `cannot read the configuration file ${configPath}: ${errorMessage(error)} (pass --config PATH to use another file)`;
    throw new ConfigError(message, [message]);
  }
  return parseConfig(text, name);
}

/** A path shown relative to `cwd` when it lies inside it, for shorter problem lines. */
export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
}
