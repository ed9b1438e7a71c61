/**
 * `release-kit init`: from a project with no release-kit at all to a configuration `rc --dry-run` accepts. Observe
 * (a local checkout or the API, then the checks, the index and the feedstock), propose (pure detection in
 * src/core/init), confirm each value when a person is asked, plan the files (never overwriting one that exists
 * unless forced), apply (create-only writes; none in a dry run), then check the configuration as `config check`
 * does and name the command to run next.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { inferVersionFileKind, parseConfig } from "../../config/index.js";
import { ConfigError } from "../../core/errors.js";
import { detectVersionFiles } from "../../core/init/detect-version-files.js";
import { inferBranchPattern, inferTagPattern, nextReleaseVersion } from "../../core/init/infer-ref-patterns.js";
import { adaptTagOnBump, pinCallerWorkflow, type ReleaseKitPin } from "../../core/init/pin-caller-workflow.js";
import { planInitFiles, nextCommand, type PlannedInitFile } from "../../core/init/plan-init.js";
import { renderInitConfig, type InitChoices } from "../../core/init/render-init-config.js";
import type { Logger } from "../../core/logger.js";
import { readPackagedFile } from "../packaged-file.js";
import { applyInitFiles, existingPaths, readExisting } from "./apply-init.js";
import { confirmChoices, type Ask } from "./confirm-choices.js";
import { observeInit, readVersionCandidates } from "./observe-init.js";
import type { RepoReader } from "./repo-reader.js";

/** The example caller init copies, and where it puts it. */
const CALLER_SOURCE = "examples/workflows/release-candidate-caller.yml";
const CALLER_TARGET = ".github/workflows/release-candidate.yml";
/** With rc.via: pull-request, the workflow that tags a merged version bump. */
const TAG_ON_BUMP_SOURCE = "examples/workflows/tag-on-version-bump.yml";
const TAG_ON_BUMP_TARGET = ".github/workflows/tag-on-version-bump.yml";

/** How init runs. */
export interface InitSettings {
  /** The directory the files go into (a checkout's root, or where `--repo` mode writes). */
  readonly dir: string;
  readonly dryRun: boolean;
  /** Overwrite files that exist. */
  readonly force: boolean;
  /** The release-kit the caller workflow pins; null keeps the example's placeholder pin. */
  readonly pin: ReleaseKitPin | null;
  /** The package index to look the package up on. */
  readonly indexUrl: string;
  /** Asks a person to confirm a value; absent with --yes (the detected values are taken). */
  readonly ask?: Ask;
  /** `--config` for the next command when the written file is not release-kit.yml of the working directory. */
  readonly configArg: string | null;
}

/** What init found, wrote and checked. */
export interface InitResult {
  readonly repo: string;
  readonly from: string;
  readonly choices: InitChoices;
  /** The version the first candidate would take. */
  readonly version: string;
  readonly files: readonly PlannedInitFile[];
  /** Problems `config check` found in the configuration (empty: valid). */
  readonly configProblems: readonly string[];
  readonly next: string;
  /** What could not be read or should be done by hand. */
  readonly notes: readonly string[];
}

/** The choices detection proposes, before any question. */
function propose(
  reader: RepoReader,
  files: ReadonlyMap<string, string>,
  remote: Awaited<ReturnType<typeof observeInit>>,
  packageName: string | null,
  indexUrl: string,
): { choices: InitChoices; fileVersion: string | null; latestFinal: string | null } {
  const versions = detectVersionFiles(reader.paths, files);
  const tag = inferTagPattern(reader.tags);
  const branch = inferBranchPattern(reader.branches, reader.defaultBranch);
  const checks = remote.checks ?? [];
  const guarded = remote.protectedBranches ?? [];
  return {
    fileVersion: versions.version,
    latestFinal: tag.latestFinal,
    choices: {
      repo: reader.repo,
      versionScheme: tag.scheme,
      versionFiles: versions.files.map((f) => ({
        path: f.path,
        kind: f.kind,
        ...(f.marker === undefined ? {} : { marker: f.marker }),
        why: `${f.why} (${f.version})`,
      })),
      tag: tag.pattern,
      releaseBranch: branch.pattern,
      requiredChecks: checks.filter((c) => c.state === "success").map((c) => c.name),
      via: guarded.length > 0 ? "pull-request" : "direct",
      viaNote:
        guarded.length > 0
          ? `${guarded.join(", ")} ${guarded.length === 1 ? "is" : "are"} protected: a direct commit would be refused`
          : branch.examples.length > 0
            ? `${branch.examples.join(", ")} ${branch.examples.length === 1 ? "is" : "are"} not protected`
            : "no release branch yet to tell whether they will be protected",
      seenChecks: checks,
      pypi: packageName === null ? null : { package: packageName, found: remote.indexed === true, indexUrl },
      condaForge:
        remote.feedstock === null ? null : { feedstock: remote.feedstock.fullName, recipe: remote.feedstock.recipe },
      tagNote: tag.note,
      branchNote: branch.note,
      versionNotes: versions.notes,
    },
  };
}

/** Runs init against `reader`'s project. */
export async function initProject(
  gh: GitHubClient,
  reader: RepoReader,
  settings: InitSettings,
  logger: Logger,
): Promise<InitResult> {
  logger.info(`reading ${reader.repo} from ${reader.from}`);
  const files = await readVersionCandidates(reader);
  const packageName = detectVersionFiles(reader.paths, files).packageName;
  const newestBranches = inferBranchPattern(reader.branches, reader.defaultBranch).examples.slice(0, 2);
  const remote = await observeInit(gh, reader, packageName, settings.indexUrl, newestBranches, logger);
  const proposed = propose(reader, files, remote, packageName, settings.indexUrl);
  const choices = settings.ask ? await confirmChoices(proposed.choices, settings.ask) : proposed.choices;
  const version = nextReleaseVersion(proposed.fileVersion, proposed.latestFinal, choices.versionScheme);

  const configText = renderInitConfig(choices, inferVersionFileKind);
  const caller = await readPackagedFile(CALLER_SOURCE);
  const wanted = [
    { path: "release-kit.yml", text: configText, what: "the configuration" },
    { path: "checklists/release.md", text: await readPackagedFile("checklists/release.md"), what: "the checklist" },
    {
      path: CALLER_TARGET,
      text: pinCallerWorkflow(caller, CALLER_SOURCE, settings.pin, CALLER_SOURCE),
      what: "the release-candidate workflow",
    },
  ];
  if (choices.via === "pull-request") {
    const example = await readPackagedFile(TAG_ON_BUMP_SOURCE);
    const adapted = adaptTagOnBump(
      example,
      TAG_ON_BUMP_SOURCE,
      choices.releaseBranch,
      choices.versionFiles.map((f) => f.path),
    );
    wanted.push({
      path: TAG_ON_BUMP_TARGET,
      text: pinCallerWorkflow(adapted, TAG_ON_BUMP_SOURCE, settings.pin, TAG_ON_BUMP_SOURCE),
      what: "the workflow that tags a merged version bump",
    });
  }
  const planned = planInitFiles(wanted, await existingPaths(settings.dir, wanted), settings.force);
  if (!settings.dryRun) await applyInitFiles(settings.dir, planned);

  // config check on what is (or would be) there: the file written, or the one kept.
  const config = planned[0] as PlannedInitFile;
  const configSource = config.action === "keep" ? await readExisting(settings.dir, config.path) : config.text;
  const configProblems = checkConfig(configSource, config.path);

  const notes = [...remote.notes];
  const pinned = planned.filter((f) => f.path.startsWith(".github/") && f.action !== "keep").map((f) => f.path);
  if (settings.pin === null && pinned.length > 0)
    notes.push(
      `${pinned.join(" and ")} ${pinned.length === 1 ? "pins" : "pin"} release-kit's example placeholder (OWNER/release-kit at a made-up SHA): put the repository and full commit SHA of the release-kit you reviewed there, or run init again with --release-kit-repo and --release-kit-ref (and --force)`,
    );
  return {
    repo: reader.repo,
    from: reader.from,
    choices,
    version,
    files: planned,
    configProblems,
    next: nextCommand(version, settings.configArg),
    notes,
  };
}

/** `config check` of a configuration text: its problems, one per line (none when valid). */
function checkConfig(text: string, name: string): string[] {
  try {
    parseConfig(text, name);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.length > 0 ? [...error.problems] : [error.message];
  }
}
