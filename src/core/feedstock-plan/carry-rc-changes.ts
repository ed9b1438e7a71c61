/**
 * What a final's PR carries over from the feedstock's rc branch: the recipe changes made there since it left the
 * default branch (patches, build scripts, requirement fixes), leaving out what only belongs to a candidate (its
 * version, hashes and build number, the `channel_targets` label override). A three-way decision per file: carried
 * when the default branch still has the merge base's content, skipped when it already has the rc content, and
 * listed as a conflict for a maintainer when both sides changed. Nobody automates this today
 * (https://github.com/conda-forge/conda-forge.github.io/issues/1265).
 */
import { bumpRecipe } from "../recipe/bump-recipe.js";
import { removeChannelTargets } from "../recipe/channel-targets.js";
import type { FeedstockFileEdit } from "../recipe/plan-feedstock-edit.js";
import type { RecipeFormat } from "../recipe/recipe-layout.js";
import { renderSourceUrls } from "../recipe/render-source-urls.js";
import { unifiedDiff } from "../text-diff.js";
import type { ObservedTreeFile, RcBranchChanges } from "./feedstock-observation.js";

/** One change carried from the rc branch. */
export interface CarriedChange {
  readonly path: string;
  readonly kind: "added" | "modified" | "removed";
  /** For the recipe and the build config: the carried lines, as a diff without the version lines. */
  readonly diff?: string;
}

/** A file both branches changed since the merge base: left for a maintainer. */
export interface CarryConflict {
  readonly path: string;
  readonly reason: string;
}

/** The content the final's edit starts from. */
export interface CarriedContent {
  readonly recipeText: string;
  readonly condaBuildConfigText: string | undefined;
  /** Files other than the recipe and the build config, as carried (before = the default branch's content). */
  readonly extraFiles: readonly FeedstockFileEdit[];
  readonly carried: readonly CarriedChange[];
  readonly conflicts: readonly CarryConflict[];
}

const cbcPath = "recipe/conda_build_config.yaml";

/** The recipe with version, hashes and build numbers set to fixed values, so two recipes compare on the rest. */
export function neutralRecipe(text: string, format: RecipeFormat): string | undefined {
  try {
    const dependent = renderSourceUrls(text, format, "0.0.0").filter((s) => s.dependsOnVersion);
    return bumpRecipe(text, { format, version: "0.0.0", sha256s: dependent.map(() => "0".repeat(64)) }).text;
  } catch {
    return undefined;
  }
}

function neutralCbc(text: string | undefined): string {
  return text === undefined ? "" : (removeChannelTargets(text) ?? "");
}

type Decision = "keep-main" | "carry" | "conflict";

function decide(main: string | undefined, base: string | undefined, rc: string | undefined): Decision {
  if (rc === base || rc === main) return "keep-main";
  if (main === base) return "carry";
  return "conflict";
}

/** Decides what the final's PR takes from the rc branch; `main` is the default branch's content. */
export function carryRcChanges(input: {
  readonly format: RecipeFormat;
  readonly mainRecipe: string;
  readonly mainCondaBuildConfig: string | undefined;
  readonly mainFiles: readonly ObservedTreeFile[];
  readonly changes: RcBranchChanges;
}): CarriedContent {
  const recipePath = `recipe/${input.format}`;
  let recipeText = input.mainRecipe;
  let cbcText = input.mainCondaBuildConfig;
  const extraFiles: FeedstockFileEdit[] = [];
  const carried: CarriedChange[] = [];
  const conflicts: CarryConflict[] = [];
  const mainBlob = new Map(input.mainFiles.map((f) => [f.path, f.blobSha]));

  for (const change of input.changes.changed) {
    if (change.path === recipePath) {
      if (change.rcText === undefined) {
        conflicts.push({ path: change.path, reason: "the rc branch removed the recipe" });
        continue;
      }
      const main = neutralRecipe(input.mainRecipe, input.format);
      const base = change.baseText === undefined ? undefined : neutralRecipe(change.baseText, input.format);
      const rc = neutralRecipe(change.rcText, input.format);
      if (rc === undefined) {
        conflicts.push({ path: change.path, reason: "the rc branch's recipe cannot be bumped by release-kit" });
        continue;
      }
      const decision = decide(main, base, rc);
      if (decision === "carry") {
        recipeText = change.rcText;
        const diff = unifiedDiff(base, rc, { fromName: `a/${change.path}`, toName: `b/${change.path}` });
        carried.push({ path: change.path, kind: "modified", diff });
      } else if (decision === "conflict") {
        conflicts.push({
          path: change.path,
          reason: "both the default branch and the rc branch changed the recipe beyond the version; merge by hand",
        });
      }
      continue;
    }
    if (change.path === cbcPath) {
      const base = change.baseText === undefined ? undefined : neutralCbc(change.baseText);
      const decision = decide(neutralCbc(input.mainCondaBuildConfig), base ?? "", neutralCbc(change.rcText));
      if (decision === "carry") {
        cbcText = change.rcText;
        const diff = unifiedDiff(base ?? "", neutralCbc(change.rcText), {
          fromName: `a/${change.path}`,
          toName: `b/${change.path}`,
        });
        carried.push({ path: change.path, kind: change.status, diff });
      } else if (decision === "conflict") {
        conflicts.push({
          path: change.path,
          reason: "both branches changed conda_build_config.yaml beyond channel_targets; merge by hand",
        });
      }
      continue;
    }
    const main = mainBlob.get(change.path) ?? null;
    if (main === change.rcBlobSha) continue;
    if (main !== change.baseBlobSha) {
      conflicts.push({ path: change.path, reason: "changed on both branches since the rc branch left; merge by hand" });
      continue;
    }
    extraFiles.push({ path: change.path, before: change.baseText, after: change.rcText });
    carried.push({ path: change.path, kind: change.status });
  }
  return { recipeText, condaBuildConfigText: cbcText, extraFiles, carried, conflicts };
}
