/**
 * Builds the settings of the checklist flows (open, sync, lessons, status) from the config and the flags or action
 * inputs, validating all of it before the first request.
 */
import { packageIndexUrl, type ReleaseKitConfig } from "../../config/index.js";
import { InputError } from "../../core/errors.js";
import {
  formatVersion,
  parseReleaseVersionInput,
  releaseBranchName,
  tagForVersion,
} from "../../core/versions/index.js";
import type { ChecklistSettings } from "../../core/checklist/index.js";
import { splitRepo } from "../../adapters/github/requests.js";

/** What the user asked for. */
export interface ChecklistRequest {
  readonly version: string | undefined;
  readonly downstreamReport?: string;
  /** The command, for the example in the error message. */
  readonly command?: string;
}

/** Validated settings; PYPI_URL in the environment overrides the configured index (the sandbox and the demo set it). */
export function checklistSettingsFrom(
  config: ReleaseKitConfig,
  request: ChecklistRequest,
  env: NodeJS.ProcessEnv,
): ChecklistSettings {
  if (request.version === undefined || request.version.trim() === "") {
    throw new InputError(
      `--version is required: give the release as X.Y.Z, e.g. release-kit ${request.command ?? "checklist sync"} --version 1.20.0`,
    );
  }
  const base = parseReleaseVersionInput(request.version);
  const version = formatVersion(base, "pep440");
  const scheme = config.project.versionScheme;
  const { repo: project } = splitRepo(config.project.repo);
  const condaForge = config.condaForge;
  return {
    repo: config.project.repo,
    project,
    version,
    scheme,
    tagPattern: config.project.tag,
    finalTag: tagForVersion(config.project.tag, formatVersion(base, scheme)),
    branch: releaseBranchName(config.project.releaseBranch, version),
    title: config.checklist.title.replaceAll("{version}", version),
    labels: config.checklist.labels,
    templatePath: config.checklist.template,
    lessonsDir: config.checklist.lessonsDir.replace(/\/+$/, ""),
    versionFile: config.project.versionFiles[0]?.path,
    pypi: config.pypi
      ? {
          package: config.pypi.package,
          indexUrl: packageIndexUrl(config, "final", env),
          rcIndexUrl: packageIndexUrl(config, "rc", env),
        }
      : undefined,
    feedstock: condaForge
      ? {
          repo: condaForge.feedstock,
          forkOwner: condaForge.forkOwner,
          package: condaForge.package,
          rcLabel: condaForge.rcLabel,
        }
      : undefined,
    partners: config.partners.map((p) => p.repo),
    downstreamReport: request.downstreamReport,
  };
}
