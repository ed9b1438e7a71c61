/**
 * The resolved configuration every flow receives: camelCase fields, every default filled in, deeply frozen.
 * It mirrors `schema/release-kit.schema.json` (the single source of truth for keys, defaults and descriptions);
 * a field is optional here only where the schema has no default.
 */
import type { Category } from "../core/downstream/outcomes.js";
import type { GateLevel } from "../core/release-plan/final-gates.js";
import type { VersionScheme } from "../core/versions/release-version.js";
import type { VersionFileConfig } from "../core/version-files/version-file-kinds.js";

// The domain's own types, named once in core: a config value is the same type the code that acts on it takes.
export type { VersionScheme } from "../core/versions/release-version.js";
export type { GateLevel } from "../core/release-plan/final-gates.js";
export type { VersionFileConfig, VersionFileKind } from "../core/version-files/version-file-kinds.js";

/** Python support policy checked before a cut. */
export interface PythonSupportConfig {
  readonly policy: "spec-0" | "nep-29" | "list";
  /** The supported `X.Y` versions; present exactly when policy is `list`. */
  readonly versions?: readonly string[];
}

/** `project:` the project being released. */
export interface ProjectConfig {
  /** `owner/name` on GitHub. */
  readonly repo: string;
  readonly versionScheme: VersionScheme;
  readonly versionFiles: readonly VersionFileConfig[];
  /** Branch pattern; `{version}` is X.Y.Z. */
  readonly releaseBranch: string;
  /** Tag pattern; `{version}` is the full version. */
  readonly tag: string;
  /** Absent: read the default branch from the repository. */
  readonly defaultBranch?: string;
  /** Version-bump commits carry `Signed-off-by:` (DCO) for the commit author. */
  readonly signOff: boolean;
  /** `Name <email>` authoring release-kit's version-bump commits; absent: GIT_AUTHOR_* or the token's user. */
  readonly commitAuthor?: string;
  readonly pythonSupport?: PythonSupportConfig;
}

/** `rc:` how candidates and finals are cut. */
export interface RcConfig {
  /** Check-run or status names that must be green on the base commit. */
  readonly requiredChecks: readonly string[];
  readonly blockerLabel: string;
  /** How the bump reaches the release branch: a direct commit, or a version-bump pull request. */
  readonly via: "direct" | "pull-request";
  /** Branch of the version-bump PR; `{version}` is the full version. */
  readonly prBranch: string;
  /** Labels of the version-bump PR. */
  readonly prLabels: readonly string[];
  /** After a final, open a PR moving the default branch to the next dev version. */
  readonly nextDevPr: boolean;
  readonly releaseNotes: { readonly since: "previous-final" };
}

/** The pre-flight gates of a final (`final.gates`). */
export interface FinalGates {
  readonly downstreamRegressions: GateLevel;
  readonly candidateFiles: GateLevel;
  readonly feedstockCi: GateLevel;
  readonly releaseBlockers: GateLevel;
  readonly partnerIssues: GateLevel;
}

/** `final:` what must hold before a final. */
export interface FinalConfig {
  /** Finals go without a candidate (`final --no-rc` on every run; `detect` takes a bare final as new). */
  readonly noRc: boolean;
  readonly gates: FinalGates;
}

/** `publish:` hand-off to the project's own publishing workflow. */
export interface PublishConfig {
  /** Workflow file name in .github/workflows. */
  readonly workflow: string;
  /** Ref to dispatch on; placeholders `{tag}`, `{version}`, `{branch}`. */
  readonly ref: string;
  /** Inputs for a final; values may use `{tag}`, `{version}`, `{branch}`. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Inputs for a candidate (defaults to `inputs`). */
  readonly rcInputs: Readonly<Record<string, string>>;
  /** How long to wait for the dispatched run (`timeout-minutes`). */
  readonly timeoutMinutes: number;
  /** How long to wait for the files on the index once the run succeeded (`index-wait-minutes`). */
  readonly indexWaitMinutes: number;
  /** Index a final's files must reach (defaults to pypi.indexUrl, else https://pypi.org). */
  readonly indexUrl: string;
  /** Index a candidate's files must reach (defaults to indexUrl). */
  readonly rcIndexUrl: string;
}

/** `pypi:` the package on a Python package index. */
export interface PypiConfig {
  readonly package: string;
  /** Base URL: `$indexUrl/pypi/<name>/<version>/json`. */
  readonly indexUrl: string;
}

/** conda-forge RC strategy. */
export type RcStrategy = "rc-branch" | "main-opt-in";

/** `conda-forge:` the feedstock that gets PRs. */
export interface CondaForgeConfig {
  /** `owner/name` of the feedstock. */
  readonly feedstock: string;
  /** Owner of the fork PRs come from; absent: the token's login. */
  readonly forkOwner?: string;
  /** Conda package name (defaults to pypi.package, else the repository name). */
  readonly package: string;
  readonly rcStrategy: RcStrategy;
  /** Feedstock branch candidate PRs target with rc-branch. */
  readonly rcBranch: string;
  readonly createRcBranch: boolean;
  /** The label, `{package}` already substituted (e.g. `onnx_rc`). */
  readonly rcLabel: string;
  /** With main-opt-in: the recipe key that marks a candidate. */
  readonly rcMarker?: string;
  /** The package version as a template of the project's version (`4.{version}`), when they differ. */
  readonly packageVersion?: string;
  readonly rerender: "auto" | "always" | "never";
  readonly sourceWaitMinutes: number;
  readonly maxDownloadMb: number;
  /** Dependent feedstocks built against each candidate (`conda-forge dependents`). */
  readonly dependents: readonly DependentFeedstockConfig[];
  /** How long `--wait-for-label` waits for the candidate on its label. */
  readonly labelWaitMinutes: number;
}

/** One entry of `conda-forge.dependents`. */
export interface DependentFeedstockConfig {
  /** `owner/name` of the dependent's feedstock. */
  readonly feedstock: string;
  /** conda-package: channel_sources + pins; vendored-source: a second source + a CMake define. */
  readonly mode: "conda-package" | "vendored-source";
  /** Target branch; absent: the feedstock's default branch. */
  readonly branch?: string;
  /** conda subdirs watched; empty: every platform the checks report. */
  readonly platforms: readonly string[];
  /** vendored-source: the CMake variable that overrides the fetched source directory. */
  readonly cmakeDefine?: string;
  /** vendored-source: the build scripts that get the define. */
  readonly buildScripts: readonly string[];
  /** vendored-source: the folder the candidate's archive is unpacked into (`{package}` substituted). */
  readonly sourceFolder: string;
  /** vendored-source: where the dependent names the vendored commit, `owner/name:path`. */
  readonly pinFile?: string;
  /** vendored-source: the dependent's own patches to the fetched sources, from its source root, applied to the candidate. */
  readonly sourcePatches: readonly string[];
  /** vendored-source: `patch -p<n>` for sourcePatches. */
  readonly sourcePatchStrip: number;
}

/** Per-step timeouts of a downstream entry, in minutes; absent: no per-step limit. */
export interface StepTimeouts {
  readonly prepare?: number;
  readonly build?: number;
  readonly test?: number;
}

/** One entry of `downstream:`. */
export interface DownstreamConfig {
  /** Unique name. */
  readonly name: string;
  /** `owner/name` or a git URL; exactly one of repo and path is set. */
  readonly repo?: string;
  /** A local directory relative to the config file (tests, demo). */
  readonly path?: string;
  readonly ref?: string;
  readonly platforms: readonly string[];
  /** Argument arrays; with `shell: true` a one-element array is one shell command line. */
  readonly prepare?: readonly string[];
  readonly build?: readonly string[];
  readonly test?: readonly string[];
  /** Installs the version under test; placeholders `{version}`, `{artifact}`. */
  readonly install?: readonly string[];
  readonly shell: boolean;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMinutes: StepTimeouts;
  /** Reasons; present means the flag is set. */
  readonly skip?: string;
  readonly skipTests?: string;
  readonly quiet?: string;
  readonly mode: "run" | "dispatch";
  /** With mode dispatch: workflow file name in `repo`. */
  readonly workflow?: string;
  /** With mode dispatch: inputs; placeholders `{version}`, `{tag}`, `{artifact}`. */
  readonly inputs: Readonly<Record<string, string>>;
}

/** Crater-style categories a downstream comparison can end in (plus `flaky`): the engine's own type. */
export type DownstreamCategory = Category;

/** `downstream-check:` settings of the downstream checks as a whole. */
export interface DownstreamCheckConfig {
  readonly shards: number;
  readonly retries: number;
  /** `auto` = the number of CPUs of the job (resolve with os.availableParallelism()). */
  readonly concurrency: number | "auto";
  readonly failOn: readonly DownstreamCategory[];
  readonly pollSeconds: number;
  /** Absent: the shard job's own timeout applies. */
  readonly timeoutMinutes?: number;
}

/** One entry of `partners:`. */
export interface PartnerConfig {
  readonly repo: string;
  /** Absent: release-kit's own partner issue template. */
  readonly template?: string;
}

/** `checklist:` the release checklist issue. */
export interface ChecklistConfig {
  readonly template: string;
  /** Title pattern with `{version}`. */
  readonly title: string;
  readonly labels: readonly string[];
  readonly lessonsDir: string;
}

/** How release-kit talks to GitHub's API (`github:`). */
export interface GitHubConfig {
  /** Longest total wait for rate limits in one run, minutes (`rate-limit-wait-minutes`); 0 never waits. */
  readonly rateLimitWaitMinutes: number;
}

/** The whole resolved `release-kit.yml`. */
export interface ReleaseKitConfig {
  readonly project: ProjectConfig;
  readonly rc: RcConfig;
  readonly final: FinalConfig;
  readonly publish?: PublishConfig;
  readonly pypi?: PypiConfig;
  readonly condaForge?: CondaForgeConfig;
  readonly downstream: readonly DownstreamConfig[];
  readonly downstreamCheck: DownstreamCheckConfig;
  readonly partners: readonly PartnerConfig[];
  readonly checklist: ChecklistConfig;
  readonly github: GitHubConfig;
}
