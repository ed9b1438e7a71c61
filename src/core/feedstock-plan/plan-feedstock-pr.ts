/**
 * The plan of a feedstock PR, pure: which base it targets, what the recipe edit is (and what a final carries over
 * from the rc branch), the fork branch and its one commit, the title and body, and what a rerun finds already done
 * (the fork, the branch with the same content, the open PR, the rerender request). The flow observes, downloads the
 * sources this plan names, plans, and applies.
 */
import { createHash } from "node:crypto";
import { ConflictError } from "../errors.js";
import type { RecipeChange } from "../recipe/bump-recipe.js";
import { planFeedstockEdit } from "../recipe/plan-feedstock-edit.js";
import type { ChannelEdit, FeedstockFileEdit } from "../recipe/plan-feedstock-edit.js";
import { setRcMarker } from "../recipe/rc-marker.js";
import type { RecipeFormat } from "../recipe/recipe-layout.js";
import { renderSourceUrls } from "../recipe/render-source-urls.js";
import { carryRcChanges } from "./carry-rc-changes.js";
import type { CarriedChange, CarryConflict } from "./carry-rc-changes.js";
import type { FeedstockObservation, ObservedPull } from "./feedstock-observation.js";
import type { FeedstockPrSettings } from "./feedstock-pr-settings.js";
import { targetBase } from "./feedstock-pr-settings.js";
import { existingPull, prBranchName, prTitle, supersededPulls } from "./pr-identity.js";
import { renderPrBody } from "./render-pr-body.js";
import type { VerifiedSource } from "./verified-source.js";

const cbcPath = "recipe/conda_build_config.yaml";

/** The recipe edit to make, before the sources are hashed. */
export interface EditRequest {
  readonly base: string;
  readonly format: RecipeFormat;
  /** The default branch's recipe, or the rc branch's when a final carries it. */
  readonly recipeText: string;
  readonly condaBuildConfigText: string | undefined;
  /** The version written into the recipe (X.Y.Z with main-opt-in, whose marker makes the candidate). */
  readonly recipeVersion: string;
  readonly channel: ChannelEdit | undefined;
  readonly rcMarker: { readonly key: string; readonly value: number } | undefined;
  readonly extraFiles: readonly FeedstockFileEdit[];
  readonly carried: readonly CarriedChange[];
  readonly conflicts: readonly CarryConflict[];
  /** The version-dependent source URLs to download and hash, in recipe order. */
  readonly sourceUrls: readonly string[];
}

/** The message that stops a candidate when the feedstock has no rc branch (nothing is written). */
export function missingRcBranchMessage(settings: FeedstockPrSettings, defaultBranch: string): string {
  const rc = settings.rcBranch;
  return (
    `${settings.feedstock} has no branch "${rc}" for release candidates (CFEP-05); a feedstock maintainer creates it ` +
    `once from ${defaultBranch}: on GitHub open the feedstock's branch list, choose "New branch", name it ${rc}, source ` +
    `${defaultBranch}; or in a clone: git fetch origin && git push origin origin/${defaultBranch}:refs/heads/${rc}. ` +
    `release-kit never pushes to the feedstock itself; set conda-forge.create-rc-branch: true only with a maintainer's token`
  );
}

/** Decides the edit: base, recipe to start from (carrying rc changes into a final), label or marker, source URLs. */
export function planEditRequest(settings: FeedstockPrSettings, observation: FeedstockObservation): EditRequest {
  const { defaultBranch } = observation.feedstock;
  const base = targetBase(settings, defaultBranch);
  if (!observation.base) {
    if (base === settings.rcBranch && !settings.createRcBranch)
      throw new ConflictError(missingRcBranchMessage(settings, defaultBranch));
    if (base !== settings.rcBranch)
      throw new ConflictError(`${settings.feedstock} has no branch ${base}; check conda-forge.feedstock`);
    if (observation.canPushFeedstock === false)
      throw new ConflictError(
        `create-rc-branch: true needs a feedstock maintainer's token (push access to ${settings.feedstock}) to create ` +
          `its "${base}" branch; this token has none: use a maintainer's token once, or ask a maintainer to create ${base} from ${defaultBranch}`,
      );
  }
  const recipe = observation.recipe;
  if (!recipe)
    throw new ConflictError(
      `${settings.feedstock} has no recipe/meta.yaml or recipe/recipe.yaml on ${observation.base?.name ?? defaultBranch}; check conda-forge.feedstock`,
    );

  let recipeText = recipe.text;
  let cbcText = observation.condaBuildConfig;
  let extraFiles: readonly FeedstockFileEdit[] = [];
  let carried: readonly CarriedChange[] = [];
  let conflicts: readonly CarryConflict[] = [];
  if (settings.kind === "final" && observation.rcChanges) {
    const content = carryRcChanges({
      format: recipe.format,
      mainRecipe: recipe.text,
      mainCondaBuildConfig: observation.condaBuildConfig,
      mainFiles: observation.recipeFiles,
      changes: observation.rcChanges,
    });
    ({ recipeText, extraFiles, carried, conflicts } = content);
    cbcText = content.condaBuildConfigText;
  }

  const markerKey = settings.strategy === "main-opt-in" ? settings.rcMarker : undefined;
  const optIn = markerKey !== undefined;
  const rcMarker =
    markerKey !== undefined
      ? { key: markerKey, value: settings.kind === "rc" ? (settings.rcNumber ?? 1) : -1 }
      : undefined;
  const recipeVersion = optIn && settings.kind === "rc" ? settings.baseVersion : settings.version;
  const channel: ChannelEdit | undefined =
    settings.kind === "final"
      ? { kind: "final" }
      : settings.strategy === "rc-branch"
        ? { kind: "rc-label", label: settings.rcLabel }
        : undefined;
  const sourceUrls = dependentSourceUrls(recipeText, recipe.format, recipeVersion, rcMarker);
  return {
    base,
    format: recipe.format,
    recipeText,
    condaBuildConfigText: cbcText,
    recipeVersion,
    channel,
    rcMarker,
    extraFiles,
    carried,
    conflicts,
    sourceUrls,
  };
}

/** The version-dependent source URLs of a recipe at `version` (with its RC marker set), in recipe order. */
function dependentSourceUrls(
  recipeText: string,
  format: RecipeFormat,
  version: string,
  rcMarker: EditRequest["rcMarker"],
): string[] {
  const marked = rcMarker ? setRcMarker(recipeText, rcMarker.key, rcMarker.value) : recipeText;
  return renderSourceUrls(marked, format, version)
    .filter((s) => s.dependsOnVersion)
    .map((s) => s.url);
}

/** The request with the recipe whose source URLs were resolved for the new release (new URLs to download). */
export function withResolvedRecipe(request: EditRequest, recipeText: string): EditRequest {
  if (recipeText === request.recipeText) return request;
  return {
    ...request,
    recipeText,
    sourceUrls: dependentSourceUrls(recipeText, request.format, request.recipeVersion, request.rcMarker),
  };
}

/** What the apply does about the PR. */
export type PullAction =
  | { readonly action: "create" }
  | {
      readonly action: "update" | "none";
      readonly number: number;
      readonly url: string;
      /** Fields to edit; empty when the PR already says what it should. */
      readonly patch: { readonly title?: string; readonly body?: string; readonly base?: string };
    };

/** The whole plan. */
export interface FeedstockPrPlan {
  readonly feedstock: string;
  readonly version: string;
  readonly kind: "rc" | "final";
  readonly base: string;
  /** The base head the commit goes on (the default branch's head when the rc branch is created first). */
  readonly baseSha: string;
  readonly baseTreeSha: string;
  /** Set when the rc branch must be created on the feedstock first (create-rc-branch with a maintainer's token). */
  readonly createBase: { readonly branch: string; readonly sha: string } | null;
  readonly forkOwner: string;
  readonly fork: string;
  readonly createFork: boolean;
  readonly branch: string;
  /** The fork branch's head now, when it exists. */
  readonly branchSha: string | null;
  /** `create` the branch, `update` it (the content or the base changed), or `none` (it already holds this edit). */
  readonly push: "create" | "update" | "none";
  readonly title: string;
  readonly body: string;
  readonly commitMessage: string;
  /** sha256 of the edit, recorded in the commit message so a rerun recognises its own commit. */
  readonly editDigest: string;
  /** Every file the commit changes against the base. */
  readonly files: readonly FeedstockFileEdit[];
  readonly changes: readonly RecipeChange[];
  readonly sources: readonly VerifiedSource[];
  readonly carried: readonly CarriedChange[];
  readonly conflicts: readonly CarryConflict[];
  /** Whether the build configuration changed (conda_build_config.yaml). */
  readonly needsRerender: boolean;
  /** Whether to comment `@conda-forge-admin, please rerender` (once per PR). */
  readonly requestRerender: boolean;
  readonly pull: PullAction;
  /** Older release-kit candidate PRs of the same series, closed with a link to this one. */
  readonly supersede: readonly Pick<ObservedPull, "number" | "url" | "title">[];
  /** The base already holds this version: nothing to do. */
  readonly upToDate: boolean;
  /** Open the PR as a draft (the dependents' builds against a candidate, never merged). */
  readonly draft?: boolean;
}

/** The comment that asks conda-forge's bot for a rerender. */
export const rerenderComment = "@conda-forge-admin, please rerender";

/** The trailers of the commit message that let a rerun recognise its commit. */
export function editTrailers(message: string): { base?: string; edit?: string } {
  return {
    base: /^Release-Kit-Base: ([0-9a-f]{40})$/m.exec(message)?.[1],
    edit: /^Release-Kit-Edit: ([0-9a-f]{64})$/m.exec(message)?.[1],
  };
}

function digestOf(files: readonly FeedstockFileEdit[]): string {
  const hash = createHash("sha256");
  for (const f of files) hash.update(`${f.path}\0${f.after === undefined ? "\u0001deleted" : f.after}\0`);
  return hash.digest("hex");
}

/** Plans the PR from the observation, the edit request and the verified sources. */
export function planFeedstockPr(
  settings: FeedstockPrSettings,
  observation: FeedstockObservation,
  request: EditRequest,
  sources: readonly VerifiedSource[],
): FeedstockPrPlan {
  const recipe = observation.recipe!;
  const recipePath = `recipe/${request.format}`;
  const edit = planFeedstockEdit({
    format: request.format,
    recipeText: request.recipeText,
    condaBuildConfigText: request.condaBuildConfigText,
    version: request.recipeVersion,
    sha256s: sources.map((s) => s.sha256),
    ...(request.channel ? { channel: request.channel } : {}),
    ...(request.rcMarker ? { rcMarker: request.rcMarker } : {}),
    expectedPackageVersion: settings.packageVersion ?? settings.version,
  });
  const after = (path: string, fallback: string | undefined) => {
    const file = edit.files.find((f) => f.path === path);
    return file ? file.after : fallback;
  };
  const files: FeedstockFileEdit[] = [];
  const recipeAfter = after(recipePath, request.recipeText);
  if (recipeAfter !== recipe.text) files.push({ path: recipePath, before: recipe.text, after: recipeAfter });
  const cbcAfter = after(cbcPath, request.condaBuildConfigText);
  if (cbcAfter !== observation.condaBuildConfig)
    files.push({ path: cbcPath, before: observation.condaBuildConfig, after: cbcAfter });
  files.push(...request.extraFiles);
  files.sort((a, b) => a.path.localeCompare(b.path));

  const defaultHead = observation.defaultBranchHead;
  const baseHead = observation.base ?? defaultHead;
  if (!baseHead) throw new ConflictError(`${settings.feedstock} has no branch ${request.base}`);
  const fork = observation.fork.fullName;
  const branch = prBranchName(settings.package, settings.version);
  const editDigest = digestOf(files);
  const title = prTitle(settings.package, settings.version, request.base, settings.rcBranch);
  const needsRerender = files.some((f) => f.path === cbcPath || f.path === "conda-forge.yml");
  const requestRerender = settings.rerender === "always" || (settings.rerender === "auto" && needsRerender);
  const channel =
    files.find((f) => f.path === cbcPath) === undefined
      ? "none"
      : request.channel?.kind === "rc-label"
        ? "set"
        : request.channel?.kind === "final" && /^channel_targets\s*:/m.test(observation.condaBuildConfig ?? "")
          ? "removed"
          : "none";
  const body = renderPrBody({
    settings,
    base: request.base,
    recipePath,
    changes: edit.changes,
    channel,
    rcMarker: request.rcMarker,
    sources,
    carried: request.carried,
    conflicts: request.conflicts,
    requestRerender,
  });
  const purpose =
    settings.kind === "rc"
      ? request.rcMarker
        ? `Release candidate ${settings.version} of ${settings.upstreamRepo}, opt-in through ${request.rcMarker.key}.`
        : `Release candidate ${settings.version} of ${settings.upstreamRepo}, uploaded to the ${settings.rcLabel} label.`
      : `Final release ${settings.version} of ${settings.upstreamRepo}.`;
  const commitMessage = [
    `${settings.package} v${settings.version}`,
    "",
    purpose,
    "",
    `Release-Kit-Base: ${baseHead.sha}`,
    `Release-Kit-Edit: ${editDigest}`,
    "",
  ].join("\n");

  const branchSha = observation.fork.exists ? (observation.fork.branches[branch] ?? null) : null;
  const trailers = observation.branchCommit ? editTrailers(observation.branchCommit.message) : {};
  const sameCommit =
    branchSha !== null &&
    observation.branchCommit?.sha === branchSha &&
    observation.branchCommit.parents[0] === baseHead.sha &&
    trailers.edit === editDigest;
  const upToDate = files.length === 0;
  const push = upToDate || sameCommit ? "none" : branchSha === null ? "create" : "update";

  const open = existingPull(observation.pulls, fork, branch);
  let pull: PullAction = { action: "create" };
  if (open) {
    const patch: { title?: string; body?: string; base?: string } = {};
    if (open.title !== title) patch.title = title;
    if (open.body !== body) patch.body = body;
    if (open.baseRef !== request.base) patch.base = request.base;
    pull = { action: Object.keys(patch).length > 0 ? "update" : "none", number: open.number, url: open.url, patch };
  }
  const supersede = supersededPulls(observation.pulls, fork, settings.package, settings.version).map((p) => ({
    number: p.number,
    url: p.url,
    title: p.title,
  }));
  return {
    feedstock: settings.feedstock,
    version: settings.version,
    kind: settings.kind,
    base: request.base,
    baseSha: baseHead.sha,
    baseTreeSha: baseHead.treeSha,
    createBase: observation.base ? null : { branch: request.base, sha: baseHead.sha },
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
    changes: edit.changes,
    sources,
    carried: request.carried,
    conflicts: request.conflicts,
    needsRerender,
    requestRerender,
    pull: upToDate && !open ? { action: "none", number: 0, url: "", patch: {} } : pull,
    supersede: upToDate ? [] : supersede,
    upToDate,
  };
}
