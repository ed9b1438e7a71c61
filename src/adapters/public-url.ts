/**
 * Public URLs moved to the servers the environment names (GITHUB_SERVER_URL, PYPI_URL, CONDA_URL, or an offline web
 * mirror), so the same recipe URL reaches the sandbox in tests and a GitHub Enterprise host in production. Its own
 * module, free of the download machinery (node:crypto), because `conda-forge bump-recipe` maps URLs but downloads none.
 */

/** The hosts a recipe's public URLs point at, and the environment variable that relocates each. */
const publicHosts: readonly {
  readonly prefix: string;
  readonly envName: "GITHUB_SERVER_URL" | "PYPI_URL" | "CONDA_URL";
}[] = [
  { prefix: "https://github.com/", envName: "GITHUB_SERVER_URL" },
  { prefix: "https://pypi.org/", envName: "PYPI_URL" },
  { prefix: "https://pypi.io/", envName: "PYPI_URL" },
  { prefix: "https://files.pythonhosted.org/", envName: "PYPI_URL" },
  // anaconda.org's conda channels (label/<label>/<subdir>/repodata.json), moved to the sandbox's /conda in tests.
  { prefix: "https://conda.anaconda.org/", envName: "CONDA_URL" },
];

/**
 * `url` with https://github.com/ moved to GITHUB_SERVER_URL, PyPI's hosts to PYPI_URL and anaconda.org's channels to
 * CONDA_URL, when those are set; any other https URL goes to `RELEASE_KIT_WEB_MIRROR/<host>/<path>` when that is set
 * (an offline mirror of the web, as the feedstock replay tests use, so no test reaches the internet).
 */
export function mapPublicUrl(url: string, env: NodeJS.ProcessEnv): string {
  for (const host of publicHosts) {
    const target = env[host.envName];
    // A bare origin (https://pypi.org, an index URL from the config) maps like its root.
    if (!target || !(url.startsWith(host.prefix) || `${url}/` === host.prefix)) continue;
    // GITHUB_SERVER_URL is https://github.com on github.com itself: nothing to move.
    return `${target.replace(/\/+$/, "")}/${url.slice(host.prefix.length)}`;
  }
  const mirror = env.RELEASE_KIT_WEB_MIRROR;
  if (mirror && url.startsWith("https://")) return `${mirror.replace(/\/+$/, "")}/${url.slice("https://".length)}`;
  return url;
}
