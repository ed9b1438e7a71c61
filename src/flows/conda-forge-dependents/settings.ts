/**
 * Settings of `release-kit conda-forge dependents`, from the config and the flags (CLI and action alike), validated
 * before the first request: the version as `conda-forge pr` checks it, and the dependents' list.
 */
import type { DependentFeedstockConfig, ReleaseKitConfig } from "../../config/index.js";
import { parseWaitMinutes } from "../../core/parse-minutes.js";
import { ConfigError } from "../../core/errors.js";
import type { DependentsSettings, DependentTarget } from "../../core/dependents-plan/plan-dependent-pr.js";
import { feedstockPrSettingsFrom } from "../conda-forge/settings.js";

/** What the user asked for. */
export interface DependentsRequest {
  readonly version: string | undefined;
  readonly checklistUrl?: string;
  /** Wait until the candidate is on its label before opening anything. */
  readonly waitForLabel?: boolean;
  /** Overrides conda-forge.label-wait-minutes. */
  readonly labelWaitMinutes?: string;
}

/** Everything the flow needs. */
export interface DependentsFlowSettings extends DependentsSettings {
  /** The candidate's own feedstock (its merged final PR closes the dependents' PRs). */
  readonly ownFeedstock: string;
  readonly targets: readonly (DependentTarget & { readonly platforms: readonly string[]; readonly pinFile?: string })[];
  readonly waitForLabel: boolean;
  readonly labelWaitMs: number;
  /** The subdirs whose repodata must list the candidate (the dependents' platforms; linux-64 when none is set). */
  readonly labelSubdirs: readonly string[];
  readonly maxDownloadBytes: number;
}

function target(d: DependentFeedstockConfig): DependentsFlowSettings["targets"][number] {
  return {
    feedstock: d.feedstock,
    mode: d.mode,
    branch: d.branch,
    cmakeDefine: d.cmakeDefine,
    buildScripts: d.buildScripts,
    sourceFolder: d.sourceFolder,
    sourcePatches: d.sourcePatches,
    sourcePatchStrip: d.sourcePatchStrip,
    platforms: d.platforms,
    ...(d.pinFile ? { pinFile: d.pinFile } : {}),
  };
}

/** Validated settings; throws InputError/ConfigError (one line, exit 2) before anything is requested. */
export function dependentsSettingsFrom(
  config: ReleaseKitConfig,
  request: DependentsRequest,
  env: NodeJS.ProcessEnv,
): DependentsFlowSettings {
  const own = feedstockPrSettingsFrom(config, { version: request.version, checklistUrl: request.checklistUrl }, env);
  const conda = config.condaForge!;
  if (conda.dependents.length === 0)
    throw new ConfigError(
      "conda-forge.dependents is empty: list the dependent feedstocks, e.g. dependents: [{ feedstock: conda-forge/onnxscript-feedstock }]",
    );
  const seen = new Set<string>();
  for (const d of conda.dependents) {
    const key = d.feedstock.toLowerCase();
    if (key === conda.feedstock.toLowerCase())
      throw new ConfigError(`conda-forge.dependents lists ${d.feedstock}, the project's own feedstock; remove it`);
    if (seen.has(key)) throw new ConfigError(`conda-forge.dependents lists ${d.feedstock} twice; keep one entry`);
    seen.add(key);
  }
  const labelWaitMinutes =
    parseWaitMinutes(request.labelWaitMinutes, "--label-wait-minutes", { min: 0, max: 1440 }) ?? conda.labelWaitMinutes;
  const subdirs = [...new Set(conda.dependents.flatMap((d) => d.platforms))];
  return {
    upstreamRepo: own.upstreamRepo,
    package: own.package,
    version: own.version,
    kind: own.kind,
    tag: own.tag,
    label: own.rcLabel,
    forkOwner: own.forkOwner,
    rerender: own.rerender,
    checklistUrl: own.checklistUrl,
    ownFeedstock: own.feedstock,
    targets: conda.dependents.map(target),
    waitForLabel: request.waitForLabel === true,
    labelWaitMs: labelWaitMinutes * 60_000,
    labelSubdirs: subdirs.length > 0 ? subdirs : ["linux-64"],
    maxDownloadBytes: own.maxDownloadBytes,
  };
}
