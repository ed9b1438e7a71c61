/**
 * Where a release's files are published, by kind: candidates to `publish.rc-index-url`, finals to
 * `publish.index-url` (each defaulting to `pypi.index-url`, then pypi.org). Every flow that looks at an index (publish,
 * checklist, status, the final's gates) asks here, so a project whose candidates go to another index than its finals
 * (TestPyPI then PyPI, or PyPI for both as ONNX does since November 2025) is checked in the right place everywhere.
 */
import type { ReleaseKitConfig } from "./config-types.js";

/** The kind of release whose files are looked for. */
export type IndexKind = "rc" | "final";

const DEFAULT_INDEX_URL = "https://pypi.org";

/**
 * The base URL of the index a kind of release is published to. PYPI_URL, when set, stands for every index: the sandbox
 * and the demo serve one index for PyPI and TestPyPI alike.
 */
export function packageIndexUrl(config: ReleaseKitConfig, kind: IndexKind, env: NodeJS.ProcessEnv): string {
  const publish = config.publish;
  const configured =
    (kind === "rc" ? publish?.rcIndexUrl : publish?.indexUrl) ?? config.pypi?.indexUrl ?? DEFAULT_INDEX_URL;
  return (env.PYPI_URL || configured).replace(/\/+$/, "");
}
