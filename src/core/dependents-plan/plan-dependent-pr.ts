/**
 * The plan of one dependent's draft PR, pure: the edit (channel_sources and widened pins for a conda-package
 * dependent; a second source, a CMake define and the step applying the dependent's own patches for a vendored-source
 * one), the fork branch and its commit, the
 * title and body, and what a rerun finds already done. The plan has the shape of a feedstock PR plan so that the
 * conda-forge PR flow's apply (fork, sync, one commit, PR, one rerender request) performs it unchanged.
 */
import { createHash } from "node:crypto";
import { compare as comparePep440, explain } from "@renovatebot/pep440";
import { ConflictError } from "../errors.js";
import type { FeedstockPrPlan, PullAction } from "../feedstock-plan/plan-feedstock-pr.js";
import { editTrailers } from "../feedstock-plan/plan-feedstock-pr.js";
import type { ObservedBranch, ObservedBranchCommit, ObservedPull } from "../feedstock-plan/feedstock-observation.js";
import { releaseSeries } from "../feedstock-plan/pr-identity.js";
import type { VerifiedSource } from "../feedstock-plan/verified-source.js";
import type { FeedstockFileEdit } from "../recipe/plan-feedstock-edit.js";
import type { RecipeFormat } from "../recipe/recipe-layout.js";
import { channelSourcesValue, setChannelSources } from "./channel-sources.js";
import type { PinCheck } from "./widen-pins.js";
import { widenBuildConfigPins, widenRecipePins } from "./widen-pins.js";
import { addCandidateSource, addCmakeDefine, defineFor } from "./vendored-source.js";
import { addPatchTool, addSourcePatchStep, patchFailureLine } from "./source-patches.js";

export const cbcPath = "recipe/conda_build_config.yaml";

/** What the plans of all dependents share: the candidate and where it comes from. */
export interface DependentsSettings {
  /** The project, `owner/name`. */
  readonly upstreamRepo: string;
  /** The conda package the dependents build against (`onnx`). */
  readonly package: string;
  /** The candidate, PEP 440 (`1.20.0rc1`). */
  readonly version: string;
  readonly kind: "rc" | "final";
  /** The project's tag of the version (`v1.20.0rc1`). */
  readonly tag: string;
  /** The label the candidate's feedstock PR uploads to (`onnx_rc`). */
  readonly label: string;
  readonly forkOwner: string | undefined;
  readonly rerender: "auto" | "always" | "never";
  /** The release issue, linked from each PR body. */
  readonly checklistUrl: string | undefined;
}

/** One dependent as configured. */
export interface DependentTarget {
  readonly feedstock: string;
  readonly mode: "conda-package" | "vendored-source";
  readonly branch: string | undefined;
  readonly cmakeDefine: string | undefined;
  readonly buildScripts: readonly string[];
  readonly sourceFolder: string;
  /** The dependent's own patches to the fetched sources (paths from its source root), applied to the candidate's. */
  readonly sourcePatches: readonly string[];
  /** `patch -p<n>` for sourcePatches. */
  readonly sourcePatchStrip: number;
}

/** What was read of one dependent feedstock. */
export interface DependentObservation {
  readonly feedstock: string;
  readonly defaultBranch: string;
  readonly base: ObservedBranch;
  readonly recipe: { readonly format: RecipeFormat; readonly path: string; readonly text: string };
  readonly condaBuildConfig: string | undefined;
  /** Build scripts by path (vendored-source only); undefined: the file does not exist on the base. */
  readonly scripts: Readonly<Record<string, string | undefined>>;
  readonly forkOwner: string;
  readonly fork: { readonly fullName: string; readonly exists: boolean; readonly branches: Record<string, string> };
  /** Open PRs of the feedstock whose head is the fork. */
  readonly pulls: readonly ObservedPull[];
  readonly branchCommit: ObservedBranchCommit | null;
  /** vendored-source: the line of the dependent's pin file naming what it vendors, or why it is unknown. */
  readonly vendoredPin?: { readonly where: string; readonly line: string | null; readonly note?: string };
}

/** The plan of one dependent: a feedstock PR plan plus what the body and the dry run explain. */
export interface DependentPrPlan extends FeedstockPrPlan {
  readonly mode: DependentTarget["mode"];
  readonly pins: readonly PinCheck[];
  readonly channelSources: string | null;
  readonly candidateSource: VerifiedSource | null;
  /** vendored-source: the dependent's patches the build scripts apply to the candidate's sources. */
  readonly sourcePatches: readonly string[];
  /** vendored-source: the patch tools added to the recipe's build requirements (`patch`, `m2-patch`). */
  readonly patchTools: readonly string[];
}

/** The fork branch of a release series' dependent PR: one per series, so rc1, rc2... update the same PR. */
export function dependentBranchName(pkg: string, version: string): string {
  return `release-kit/build-against-${pkg}-${releaseSeries(version)}`;
}

/** The title of a dependent's draft PR. */
export function dependentPrTitle(pkg: string, version: string): string {
  return `[release-kit] build against ${pkg} ${version} (do not merge)`;
}

/** The candidate's tag archive on GitHub (what conda-forge's CI downloads for the second source). */
export function candidateArchiveUrl(upstreamRepo: string, tag: string): string {
  return `https://github.com/${upstreamRepo}/archive/refs/tags/${tag}.tar.gz`;
}

/** Whether a version is the newest of what a PR title names (a rerun with an older candidate must not go back). */
export function titleVersion(pkg: string, title: string): string | undefined {
  const prefix = `[release-kit] build against ${pkg} `;
  if (!title.startsWith(prefix)) return undefined;
  const version = title.slice(prefix.length).replace(/ \(do not merge\)$/, "");
  return explain(version) ? version : undefined;
}

function digestOf(files: readonly FeedstockFileEdit[]): string {
  const hash = createHash("sha256");
  for (const f of files) hash.update(`${f.path}\0${f.after === undefined ? "\u0001deleted" : f.after}\0`);
  return hash.digest("hex");
}

function renderBody(
  settings: DependentsSettings,
  target: DependentTarget,
  observation: DependentObservation,
  plan: {
    pins: readonly PinCheck[];
    channelSources: string | null;
    source: VerifiedSource | null;
    patchTools: readonly string[];
    rerender: boolean;
  },
): string {
  const release = `https://github.com/${settings.upstreamRepo}/releases/tag/${settings.tag}`;
  const lines = [
    `This draft PR builds ${observation.feedstock} on conda-forge's CI, on every platform the feedstock builds, against the release candidate **${settings.package} ${settings.version}** ([${settings.tag}](${release})). It was opened by release-kit from a fork and is **not meant to be merged**: each newer candidate updates it, and it is closed once ${settings.package} ${releaseSeries(settings.version)} is released.`,
    "",
    settings.checklistUrl ? `Release issue: ${settings.checklistUrl}` : "Release issue: not given (--checklist-url).",
    "",
    "### What this PR changes",
  ];
  if (target.mode === "conda-package") {
    lines.push(
      `- \`${cbcPath}\`: \`channel_sources: ${plan.channelSources}\`, so the build takes ${settings.package} ${settings.version} from the \`${settings.label}\` label, where the candidate's own feedstock PR uploads it.`,
    );
    const widened = plan.pins.filter((p) => p.verdict === "widened");
    const kept = plan.pins.filter((p) => p.verdict !== "widened");
    for (const p of widened)
      lines.push(
        `- \`${p.path}\` line ${p.line}: \`${p.before.trim()}\` → \`${p.after.trim()}\` (admits ${settings.version})`,
      );
    for (const p of kept)
      lines.push(
        `- \`${p.path}\` line ${p.line}: \`${p.before.trim()}\` unchanged (${p.verdict === "admits" ? `already admits ${settings.version} in conda's version ordering` : "not evaluated: it uses a template variable"})`,
      );
    if (plan.pins.length === 0) lines.push(`- no pin of ${settings.package} in the recipe or the build config.`);
  } else {
    const s = plan.source!;
    lines.push(
      `- \`${observation.recipe.path}\`: a second source, ${s.url} (sha256 \`${s.sha256}\`, ${s.verification}), unpacked into \`${target.sourceFolder}\`.`,
    );
    if (plan.patchTools.length > 0)
      lines.push(
        `- \`${observation.recipe.path}\`: ${plan.patchTools.map((t) => `\`${t}\``).join(" and ")} added to the build requirements, for the step that applies the dependent's patches.`,
      );
    const patched = target.sourcePatches.length > 0 ? ", after a step that applies the dependent's patches" : "";
    for (const script of target.buildScripts)
      lines.push(
        `- \`${script}\`: the CMake define \`${defineFor(script, target.cmakeDefine ?? "", target.sourceFolder)}\`${patched}.`,
      );
    const pin = observation.vendoredPin;
    lines.push(
      "",
      "### Which sources are built",
      pin?.line
        ? `- Normally vendored: \`${pin.line}\` (${pin.where}).`
        : `- Normally vendored: unknown (${pin?.note ?? "set pin-file in the dependent's config to name it"}).`,
      `- Built by this PR: ${settings.package} ${settings.version}, the tag ${settings.tag} of ${settings.upstreamRepo}.`,
    );
    if (target.sourcePatches.length > 0)
      lines.push(
        "",
        "### The dependent's own patches",
        `FetchContent skips the download, update and patch steps for a directory given with \`${target.cmakeDefine}\`, so each build script applies the patches the dependent's CMake applies to its pinned copy to \`${target.sourceFolder}\` before CMake runs (\`patch --binary --ignore-whitespace -p${target.sourcePatchStrip}\`):`,
        ...target.sourcePatches.map((p) => `- \`${p}\` (from the dependent's source root)`),
        "",
        `A patch already in the candidate (its reverse applies) is skipped with a message. A patch that no longer applies fails the build with \`${patchFailureLine("<patch>", target.sourceFolder)}\`: the candidate changed what the dependent patches, itself a finding for the release.`,
      );
    else
      lines.push(
        `- FetchContent skips the download, update and patch steps for a directory given with \`${target.cmakeDefine}\`: patches the dependent applies to its pinned copy (a \`PATCH_COMMAND\`) are not applied to the candidate, so a failure can come from a patch that is missing as well as from the candidate. Name them in \`source-patches\` of this dependent to have them applied.`,
      );
  }
  lines.push(
    "",
    "### Results",
    `Each platform's CI job reports on this PR; release-kit compares them per platform with the same jobs on ${observation.base.name} (the baseline) and reports them in the release issue. A running job counts as pending, never as a pass.`,
  );
  if (plan.rerender) lines.push("", "The build configuration changed: release-kit asked the bot for a rerender.");
  return lines.join("\n") + "\n";
}

/** Plans the draft PR of one dependent. `source` is the verified candidate archive (vendored-source only). */
export function planDependentPr(
  settings: DependentsSettings,
  target: DependentTarget,
  observation: DependentObservation,
  source: VerifiedSource | null,
): DependentPrPlan {
  const files: FeedstockFileEdit[] = [];
  const pins: PinCheck[] = [];
  const patchTools: string[] = [];
  let channelSources: string | null = null;
  if (target.mode === "conda-package") {
    const recipe = widenRecipePins(
      observation.recipe.text,
      observation.recipe.path,
      settings.package,
      settings.version,
    );
    pins.push(...recipe.pins);
    if (recipe.text !== observation.recipe.text)
      files.push({ path: observation.recipe.path, before: observation.recipe.text, after: recipe.text });
    channelSources = channelSourcesValue(settings.label);
    const widened = widenBuildConfigPins(
      observation.condaBuildConfig ?? "",
      cbcPath,
      settings.package,
      settings.version,
    );
    pins.push(...widened.pins);
    const cbcAfter = setChannelSources(
      observation.condaBuildConfig === undefined ? undefined : widened.text,
      channelSources,
    );
    if (cbcAfter !== observation.condaBuildConfig)
      files.push({ path: cbcPath, before: observation.condaBuildConfig, after: cbcAfter });
  } else {
    if (!source || !target.cmakeDefine)
      throw new ConflictError(`${target.feedstock}: vendored-source needs cmake-define and the candidate's archive`);
    let after = addCandidateSource(observation.recipe.text, observation.recipe.format, {
      url: source.url,
      sha256: source.sha256,
      folder: target.sourceFolder,
    });
    if (target.sourcePatches.length > 0) {
      const tools = addPatchTool(after, observation.recipe.format);
      after = tools.text;
      patchTools.push(...tools.added);
    }
    files.push({ path: observation.recipe.path, before: observation.recipe.text, after });
    const patchSpec = {
      define: target.cmakeDefine,
      folder: target.sourceFolder,
      patches: target.sourcePatches,
      strip: target.sourcePatchStrip,
    };
    for (const script of target.buildScripts) {
      const text = observation.scripts[script];
      if (text === undefined)
        throw new ConflictError(
          `${target.feedstock} has no ${script} on ${observation.base.name}; fix build-scripts of this dependent in the config`,
        );
      const defined = addCmakeDefine(text, script, target.cmakeDefine, target.sourceFolder);
      files.push({ path: script, before: text, after: addSourcePatchStep(defined, script, patchSpec) });
    }
  }
  files.sort((a, b) => a.path.localeCompare(b.path));

  const fork = observation.fork.fullName;
  const branch = dependentBranchName(settings.package, settings.version);
  const title = dependentPrTitle(settings.package, settings.version);
  const editDigest = digestOf(files);
  const needsRerender = files.some((f) => f.path === cbcPath);
  const requestRerender = settings.rerender === "always" || (settings.rerender === "auto" && needsRerender);
  const body = renderBody(settings, target, observation, {
    pins,
    channelSources,
    source,
    patchTools,
    rerender: requestRerender,
  });
  const commitMessage = [
    `Build against ${settings.package} ${settings.version} (do not merge)`,
    "",
    `release-kit: ${observation.feedstock} built on conda-forge's CI against ${settings.package} ${settings.version}.`,
    "",
    `Release-Kit-Base: ${observation.base.sha}`,
    `Release-Kit-Edit: ${editDigest}`,
    "",
  ].join("\n");
  const branchSha = observation.fork.exists ? (observation.fork.branches[branch] ?? null) : null;
  const trailers = observation.branchCommit ? editTrailers(observation.branchCommit.message) : {};
  // The commit must also name this candidate: a dependent whose edit does not change with the candidate (only the
  // label in channel_sources) still needs a new head, or conda-forge's CI never builds it against the newer one.
  const sameCommit =
    branchSha !== null &&
    observation.branchCommit?.sha === branchSha &&
    observation.branchCommit.parents[0] === observation.base.sha &&
    trailers.edit === editDigest &&
    observation.branchCommit.message.startsWith(`${commitMessage.split("\n")[0]}\n`);
  const open = observation.pulls.find((p) => p.headRepo?.toLowerCase() === fork.toLowerCase() && p.headRef === branch);
  // A rerun with an older candidate than the open PR's must not take it back.
  const openVersion = open ? titleVersion(settings.package, open.title) : undefined;
  if (openVersion && comparePep440(openVersion, settings.version) > 0)
    throw new ConflictError(
      `${open!.url} already builds against ${settings.package} ${openVersion}, newer than ${settings.version}; run with --version ${openVersion} or newer`,
    );
  const push = files.length === 0 || sameCommit ? "none" : branchSha === null ? "create" : "update";
  let pull: PullAction = { action: "create" };
  if (open) {
    const patch: { title?: string; body?: string; base?: string } = {};
    if (open.title !== title) patch.title = title;
    if (open.body !== body) patch.body = body;
    if (open.baseRef !== observation.base.name) patch.base = observation.base.name;
    pull = { action: Object.keys(patch).length > 0 ? "update" : "none", number: open.number, url: open.url, patch };
  }
  return {
    feedstock: observation.feedstock,
    version: settings.version,
    kind: settings.kind,
    base: observation.base.name,
    baseSha: observation.base.sha,
    baseTreeSha: observation.base.treeSha,
    createBase: null,
    forkOwner: observation.forkOwner,
    fork,
    createFork: !observation.fork.exists,
    branch,
    branchSha,
    push,
    title,
    body,
    commitMessage,
    editDigest,
    files,
    changes: [],
    sources: source ? [source] : [],
    carried: [],
    conflicts: [],
    needsRerender,
    requestRerender,
    pull,
    supersede: [],
    upToDate: files.length === 0,
    draft: true,
    mode: target.mode,
    pins,
    channelSources,
    candidateSource: source,
    sourcePatches: target.mode === "vendored-source" ? target.sourcePatches : [],
    patchTools,
  };
}
