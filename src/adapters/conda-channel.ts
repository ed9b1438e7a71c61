/**
 * Reads a conda channel's index: `https://conda.anaconda.org/<channel>/label/<label>/<subdir>/repodata.json` lists
 * the packages of one label and platform (`packages` for .tar.bz2 files, `packages.conda` for .conda files).
 * The URL is moved to CONDA_URL when that is set (the sandbox in tests).
 */
import { RemoteError } from "../core/errors.js";
import { mapPublicUrl } from "./public-url.js";

/** The repodata URL of a label and subdir on anaconda.org. */
export function labelRepodataUrl(channel: string, label: string, subdir: string): string {
  return `https://conda.anaconda.org/${channel}/label/${label}/${subdir}/repodata.json`;
}

/** What a label lists of one package. */
export interface LabelAnswer {
  /** Versions of the package the repodata lists; empty when the label or subdir does not exist (404). */
  readonly versions: readonly string[];
  readonly url: string;
}

/** The versions of `pkg` in a label's repodata; a 404 is an empty label, other failures throw RemoteError. */
export async function readLabelVersions(
  env: NodeJS.ProcessEnv,
  channel: string,
  label: string,
  subdir: string,
  pkg: string,
  timeoutMs = 30_000,
): Promise<LabelAnswer> {
  const url = labelRepodataUrl(channel, label, subdir);
  let response: Response;
  try {
    response = await fetch(mapPublicUrl(url, env), { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new RemoteError(`${url} could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (response.status === 404) return { versions: [], url };
  if (!response.ok) throw new RemoteError(`${url} answered HTTP ${response.status}`);
  const data = (await response.json()) as Record<string, unknown>;
  const versions = new Set<string>();
  for (const key of ["packages", "packages.conda"]) {
    const files = data[key];
    if (!files || typeof files !== "object") continue;
    for (const record of Object.values(files as Record<string, { name?: unknown; version?: unknown }>)) {
      if (record.name === pkg && typeof record.version === "string") versions.add(record.version);
    }
  }
  return { versions: [...versions], url };
}
