/** Settings of `downstream notify`, built from the config and flags and validated before any request. */
import { packageIndexUrl, type PartnerConfig, type ReleaseKitConfig } from "../../config/index.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { partnerIssueTitle } from "../../core/downstream/partner-issue-plan.js";
import { InputError } from "../../core/errors.js";
import {
  formatVersion,
  parseReleaseVersionInput,
  releaseBranchName,
  type VersionScheme,
} from "../../core/versions/index.js";

/** Everything notify needs, validated. */
export interface NotifySettings {
  /** The project repository, owner/name. */
  readonly repo: string;
  /** The project's name in titles: the repository's name. */
  readonly project: string;
  /** Base version X.Y.Z (PEP 440 spelling, as the checklist titles it). */
  readonly version: string;
  readonly scheme: VersionScheme;
  readonly tagPattern: string;
  /** The release branch, e.g. rel-1.20.0. */
  readonly branch: string;
  /** "Integrate with <project> <version>". */
  readonly title: string;
  readonly pypiPackage: string;
  /** The index candidates are published to (publish.rc-index-url, else the final's, else pypi.index-url). */
  readonly rcIndexUrl: string;
  readonly condaLabel: string;
  /** The checklist issue's title and labels, to link it. */
  readonly checklistTitle: string;
  readonly checklistLabels: readonly string[];
  /** Partner repositories and their template (a path in the project repository; absent: release-kit's own). */
  readonly partners: readonly PartnerConfig[];
  /** Text of `{deadline}`; absent: two weeks after the candidate's release. */
  readonly deadline?: string;
  /** Web base URL for links (GITHUB_SERVER_URL). */
  readonly serverUrl: string;
}

/** Validates the flags against the config. */
export function notifySettingsFrom(
  config: ReleaseKitConfig,
  flags: { readonly version: string | undefined; readonly deadline?: string },
  env: NodeJS.ProcessEnv,
): NotifySettings {
  if (flags.version === undefined || flags.version.trim() === "") {
    throw new InputError(
      "--version is required: give the release as X.Y.Z, e.g. release-kit downstream notify --version 1.20.0",
    );
  }
  const version = formatVersion(parseReleaseVersionInput(flags.version), "pep440");
  if (config.partners.length === 0) {
    throw new InputError("no partners to notify: list their repositories under `partners:` in release-kit.yml");
  }
  for (const p of config.partners) splitRepo(p.repo);
  const { repo: project } = splitRepo(config.project.repo);
  const pypiPackage = config.pypi?.package ?? config.condaForge?.package ?? project;
  return {
    repo: config.project.repo,
    project,
    version,
    scheme: config.project.versionScheme,
    tagPattern: config.project.tag,
    branch: releaseBranchName(config.project.releaseBranch, version),
    title: partnerIssueTitle(project, version),
    pypiPackage,
    rcIndexUrl: packageIndexUrl(config, "rc", env),
    condaLabel: config.condaForge?.rcLabel ?? `${pypiPackage}_rc`,
    checklistTitle: config.checklist.title.replaceAll("{version}", version),
    checklistLabels: config.checklist.labels,
    partners: config.partners.map((p) => ({
      repo: p.repo,
      ...(p.template !== undefined ? { template: p.template } : {}),
    })),
    ...(flags.deadline !== undefined && flags.deadline.trim() !== "" ? { deadline: flags.deadline.trim() } : {}),
    serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
  };
}
