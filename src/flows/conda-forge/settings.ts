/**
 * Builds the settings of a feedstock PR from the config and the flags/inputs (CLI and action alike), validating all
 * of it before the first request.
 */
import { clean as cleanPep440, explain } from "@renovatebot/pep440";
import { mapPublicUrl } from "../../adapters/public-url.js";
import type { ReleaseKitConfig } from "../../config/index.js";
import { ConfigError, InputError } from "../../core/errors.js";
import { parseWaitMinutes } from "../../core/parse-minutes.js";
import type { FeedstockPrSettings } from "../../core/feedstock-plan/feedstock-pr-settings.js";
import { expandPackageVersion } from "../../core/recipe/package-version-template.js";
import { convertVersion, tagForVersion } from "../../core/versions/index.js";

/** What the user asked for. */
export interface FeedstockPrRequest {
  readonly version: string | undefined;
  /** URL of the release checklist issue, linked from the PR body. */
  readonly checklistUrl?: string;
  /** Overrides conda-forge.fork-owner (the action's `fork-owner` input, the CLI's --fork-owner); empty = the config. */
  readonly forkOwner?: string | undefined;
  /** `--package-version`: a version or a template such as `4.{version}`; absent: conda-forge.package-version. */
  readonly packageVersion?: string | undefined;
  /** Overrides conda-forge.source-wait-minutes (`--source-wait-minutes`). */
  readonly sourceWaitMinutes?: string | undefined;
}

/** Validated settings; throws InputError/ConfigError (one line, exit 2) before anything is requested. */
export function feedstockPrSettingsFrom(
  config: ReleaseKitConfig,
  request: FeedstockPrRequest,
  env: NodeJS.ProcessEnv,
): FeedstockPrSettings {
  const conda = config.condaForge;
  if (!conda) {
    throw new ConfigError(
      "the configuration has no conda-forge: section; add conda-forge: { feedstock: conda-forge/<package>-feedstock }",
    );
  }
  const raw = request.version?.trim();
  if (!raw) throw new InputError("--version is required: give the version to package, e.g. --version 1.20.0rc1");
  if (/^v\d/.test(raw)) throw new InputError(`--version "${raw}" is not valid: drop the leading "v" (${raw.slice(1)})`);
  const version = cleanPep440(raw);
  const parts = version === null ? null : explain(version);
  if (version === null || parts === null)
    throw new InputError(`--version "${raw}" is not a PEP 440 version (expected e.g. 1.20.0 or 1.20.0rc1)`);
  if (version !== raw) throw new InputError(`--version "${raw}" is not in canonical PEP 440 form; use ${version}`);
  if (parts.dev !== null || parts.local !== null || parts.epoch !== 0)
    throw new InputError(
      `--version ${raw}: development, local and epoch versions are not released to conda-forge; give X.Y.Z or X.Y.ZrcN`,
    );
  const rcNumber = parts.pre ? Number(parts.pre[1]) : undefined;
  // The marker of a main-opt-in recipe appends "rcN" to the recipe's version and nothing else.
  if (conda.rcStrategy === "main-opt-in" && parts.pre && (parts.pre[0] !== "rc" || parts.post !== null))
    throw new InputError(
      `--version ${raw}: rc-strategy main-opt-in builds release candidates X.Y.ZrcN only (its marker appends rcN); package this version with rc-strategy rc-branch`,
    );
  let tagVersion = version;
  try {
    tagVersion = convertVersion(version, "pep440", config.project.versionScheme);
  } catch {
    // A version the project scheme cannot spell (a post release) is tagged as PEP 440 writes it.
  }
  const forkOwnerOverride = request.forkOwner?.trim() || undefined;
  // GitHub logins: alphanumerics and single hyphens, at most 39 characters, no leading or trailing hyphen.
  if (forkOwnerOverride !== undefined && !/^(?!-)(?!.*--)[A-Za-z0-9-]{1,39}(?<!-)$/.test(forkOwnerOverride))
    throw new InputError(
      `--fork-owner "${forkOwnerOverride}" is not a GitHub account name; give the user or organisation that owns the fork`,
    );
  const sourceWaitMinutes =
    parseWaitMinutes(request.sourceWaitMinutes, "--source-wait-minutes", { min: 0, max: 1440 }) ??
    conda.sourceWaitMinutes;
  if (request.checklistUrl !== undefined && !/^https?:\/\/\S+$/.test(request.checklistUrl))
    throw new InputError(`--checklist-url "${request.checklistUrl}" is not a URL; give the checklist issue's URL`);
  const packageVersionFlag = request.packageVersion?.trim() || undefined;
  const packageVersion =
    packageVersionFlag !== undefined
      ? expandPackageVersion(packageVersionFlag, version, "--package-version")
      : conda.packageVersion !== undefined
        ? expandPackageVersion(conda.packageVersion, version, "conda-forge.package-version")
        : undefined;
  return {
    upstreamRepo: config.project.repo,
    tag: tagForVersion(config.project.tag, tagVersion),
    version,
    ...(packageVersion !== undefined && packageVersion !== version ? { packageVersion } : {}),
    baseVersion: parts.base_version,
    rcNumber,
    kind: parts.pre ? "rc" : "final",
    feedstock: conda.feedstock,
    forkOwner: forkOwnerOverride ?? conda.forkOwner,
    package: conda.package,
    indexPackage: config.pypi?.package ?? conda.package,
    indexUrl: mapPublicUrl(config.pypi?.indexUrl ?? "https://pypi.org", env),
    strategy: conda.rcStrategy,
    rcBranch: conda.rcBranch,
    createRcBranch: conda.createRcBranch,
    rcLabel: conda.rcLabel,
    rcMarker: conda.rcMarker,
    rerender: conda.rerender,
    sourceWaitMs: sourceWaitMinutes * 60_000,
    maxDownloadBytes: conda.maxDownloadMb * 1024 * 1024,
    checklistUrl: request.checklistUrl,
  };
}
