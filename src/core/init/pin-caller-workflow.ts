/**
 * The caller workflows `release-kit init` writes are release-kit's own examples (examples/workflows/), the one source
 * of the `uses: OWNER/release-kit/...@<sha> # v<version>` line every README and example shares. Init copies one and,
 * when told which release-kit to run (repository and full commit SHA), puts that in place of the example's pin.
 */
import { InputError } from "../errors.js";

/** Which release-kit a caller workflow runs: a repository and a full commit SHA. */
export interface ReleaseKitPin {
  readonly repository: string;
  readonly ref: string;
}

const USES = /uses:\s*([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)\/[^@\s]+@([0-9a-f]{40}) # v(\S+)/;
// A workflow that checks release-kit out itself names the pin in two env entries (tag-on-version-bump.yml).
const ENV_REPOSITORY = /RELEASE_KIT_REPOSITORY:\s*([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)/;
const ENV_REF = /RELEASE_KIT_REF:\s*([0-9a-f]{40})/;

/** The pin an example workflow carries (its `uses:` line, or its RELEASE_KIT_* env), and the version it names. */
export function examplePin(text: string, file: string): ReleaseKitPin & { readonly version: string | null } {
  const match = USES.exec(text);
  if (match !== null) return { repository: match[1] ?? "", ref: match[2] ?? "", version: match[3] ?? "" };
  const repository = ENV_REPOSITORY.exec(text)?.[1];
  const ref = ENV_REF.exec(text)?.[1];
  if (repository === undefined || ref === undefined)
    throw new InputError(`${file} names no release-kit to pin; reinstall release-kit (its examples are damaged)`);
  return { repository, ref, version: null };
}

/**
 * tag-on-version-bump.yml for this project: it runs on pushes to its release branches (the pattern as a glob) that
 * change one of its version files.
 */
export function adaptTagOnBump(
  text: string,
  file: string,
  releaseBranch: string,
  versionFiles: readonly string[],
): string {
  const branches = /^(\s+branches: )\[[^\]\n]*\]$/m;
  const paths = /^(\s+paths: )\[[^\]\n]*\]$/m;
  if (!branches.test(text) || !paths.test(text))
    throw new InputError(
      `${file} has no push branches/paths to adapt; reinstall release-kit (its examples are damaged)`,
    );
  const glob = JSON.stringify(releaseBranch.replace("{version}", "*"));
  return text
    .replace(branches, (_all, head: string) => `${head}[${glob}]`)
    .replace(paths, (_all, head: string) => `${head}[${versionFiles.map((f) => JSON.stringify(f)).join(", ")}]`);
}

/** Checks a pin given on the command line: OWNER/NAME and 40 hex, as the reusable workflows' gate requires. */
export function validatePin(repository: string, ref: string): ReleaseKitPin {
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository))
    throw new InputError(`--release-kit-repo "${repository}" is not OWNER/NAME: give the repository you install from`);
  if (!/^[0-9a-f]{40}$/.test(ref))
    throw new InputError(
      `--release-kit-ref "${ref}" is not a full commit SHA: give the 40-hex commit of the release you reviewed`,
    );
  return { repository, ref };
}

/** The example's text with `pin` in place of its own (every occurrence: the uses: line and the two inputs). */
export function pinCallerWorkflow(text: string, file: string, pin: ReleaseKitPin | null, source: string): string {
  const own = examplePin(text, file);
  let out = text;
  if (pin !== null) out = out.split(own.repository).join(pin.repository).split(own.ref).join(pin.ref);
  const header = `# Written by \`release-kit init\` from release-kit's ${source}.\n`;
  return header + out;
}
