/**
 * The questions `release-kit init` asks at a terminal (without --yes): one per detected value, with the value as the
 * default (Enter keeps it). An answer that is not valid for its key is asked again, with what is wrong.
 */
import { InputError } from "../../core/errors.js";
import { SETUP_CFG_MARKER } from "../../core/init/detect-version-files.js";
import type { ChosenVersionFile, InitChoices } from "../../core/init/render-init-config.js";
import { defaultVersionMarker, detectVersionFileKind } from "../../core/version-files/index.js";
import { isVersionScheme, validateVersionPattern } from "../../core/versions/index.js";
import { errorMessage } from "../../core/errors.js";

/** Asks one question; resolves to the answer as typed ("" keeps the default). */
export type Ask = (question: string, defaultAnswer: string) => Promise<string>;

const ATTEMPTS = 3;
const NONE = "-";

/** Asks until `parse` accepts the answer (it throws with what is wrong), at most three times. */
async function askFor<T>(ask: Ask, question: string, current: string, parse: (answer: string) => T): Promise<T> {
  let problem = "";
  for (let i = 0; i < ATTEMPTS; i++) {
    const answer = (await ask(problem === "" ? question : `${problem}; ${question}`, current)).trim();
    try {
      return parse(answer === "" ? current : answer);
    } catch (error) {
      problem = errorMessage(error);
    }
  }
  throw new InputError(`no valid answer to "${question}" after ${ATTEMPTS} tries (${problem}); run init again`);
}

function listOf(answer: string): string[] {
  return answer === NONE
    ? []
    : answer
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}

/** A version file typed by the user: as detected when it was, else its kind from its name. */
function versionFileOf(path: string, detected: readonly ChosenVersionFile[]): ChosenVersionFile {
  const known = detected.find((f) => f.path === path);
  if (known) return known;
  const kind = detectVersionFileKind(path);
  if (kind !== "marker") return { path, kind, why: "named at init" };
  const marker = path.endsWith("setup.cfg") ? SETUP_CFG_MARKER : defaultVersionMarker;
  return { path, kind, marker, why: `named at init; its version line carries "${marker}"` };
}

/** Confirms each proposed value with `ask`; returns the choices as answered. */
export async function confirmChoices(proposed: InitChoices, ask: Ask): Promise<InitChoices> {
  const repo = await askFor(ask, "GitHub repository (owner/name)", proposed.repo, (a) => {
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(a)) throw new InputError(`"${a}" is not owner/name`);
    return a;
  });
  const versionFiles = await askFor(
    ask,
    "version files (comma-separated paths)",
    proposed.versionFiles.map((f) => f.path).join(", "),
    (a) => {
      const paths = listOf(a);
      if (paths.length === 0) throw new InputError("name at least one file that holds the version");
      return paths.map((p) => versionFileOf(p, proposed.versionFiles));
    },
  );
  const versionScheme = await askFor(ask, "version scheme (pep440 or semver)", proposed.versionScheme, (a) => {
    if (!isVersionScheme(a)) throw new InputError(`"${a}" is not pep440 or semver`);
    return a;
  });
  const tag = await askFor(ask, "tag pattern", proposed.tag, (a) => {
    validateVersionPattern(a, "project.tag");
    return a;
  });
  const releaseBranch = await askFor(ask, "release branch pattern", proposed.releaseBranch, (a) => {
    validateVersionPattern(a, "project.release-branch");
    return a;
  });
  const via = await askFor(ask, "version bump (direct or pull-request)", proposed.via, (a) => {
    if (a !== "direct" && a !== "pull-request") throw new InputError(`"${a}" is not direct or pull-request`);
    return a;
  });
  const requiredChecks = await askFor(
    ask,
    `required checks (comma-separated, ${NONE} for none)`,
    proposed.requiredChecks.join(", ") || NONE,
    listOf,
  );
  const pypiName = await askFor(ask, `package on the index (${NONE} for none)`, proposed.pypi?.package ?? NONE, (a) =>
    a === NONE ? null : a,
  );
  const feedstock = await askFor(
    ask,
    `conda-forge feedstock (owner/name, ${NONE} for none)`,
    proposed.condaForge?.feedstock ?? NONE,
    (a) => {
      if (a === NONE) return null;
      if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(a)) throw new InputError(`"${a}" is not owner/name`);
      return a;
    },
  );
  return {
    ...proposed,
    repo,
    versionFiles,
    versionScheme,
    tag,
    releaseBranch,
    via,
    requiredChecks,
    pypi:
      pypiName === null
        ? null
        : {
            package: pypiName,
            found: proposed.pypi?.package === pypiName ? proposed.pypi.found : true,
            indexUrl: proposed.pypi?.indexUrl ?? "",
          },
    condaForge:
      feedstock === null
        ? null
        : {
            feedstock,
            recipe: proposed.condaForge?.feedstock === feedstock ? proposed.condaForge.recipe : null,
          },
  };
}
