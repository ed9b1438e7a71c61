/**
 * Everything a version bump changes in a feedstock checkout, as data: the recipe (bumped and self-checked) and the
 * `recipe/conda_build_config.yaml` label override for a release candidate (or its removal for a final). The CLI writes
 * the result to disk; the conda-forge PR flow commits it through the API. Pure: texts in, texts out.
 */
import type { RecipeFormat } from "./recipe-layout.js";
import { bumpRecipe } from "./bump-recipe.js";
import type { RecipeChange } from "./bump-recipe.js";
import { removeChannelTargets, setChannelTargets } from "./channel-targets.js";
import { setRcMarker } from "./rc-marker.js";
import { recipeFormatHandler } from "./recipe-formats.js";
import { renderSourceUrls } from "./render-source-urls.js";
import { selfCheckRecipe } from "./self-check-recipe.js";

/** Where the package goes: a label for a release candidate, or `main` for a final (removes any override). */
export type ChannelEdit = { readonly kind: "rc-label"; readonly label: string } | { readonly kind: "final" };

/** The inputs of a feedstock edit. */
export interface FeedstockEditInput {
  readonly format: RecipeFormat;
  readonly recipeText: string;
  /** The recipe as the feedstock has it, when `recipeText` already carries resolved source URLs (for the diff). */
  readonly originalRecipeText?: string;
  /** `recipe/conda_build_config.yaml`, undefined when the feedstock has none. */
  readonly condaBuildConfigText: string | undefined;
  readonly version: string;
  /** One per version-dependent source, in recipe order. */
  readonly sha256s: readonly string[];
  /** Label override to set or remove; undefined leaves conda_build_config.yaml alone. */
  readonly channel?: ChannelEdit;
  /** numpy's main-opt-in pattern: set this recipe variable first (e.g. `rc_num` to 1, or -1 for a final). */
  readonly rcMarker?: { readonly key: string; readonly value: string | number };
  /**
   * The package version the edited recipe must render to. Default: `version`, or, when the recipe's package version
   * was built from its version variable (protobuf's `4.24.4` for `24.4`), the same construction at the new version.
   */
  readonly expectedPackageVersion?: string;
}

/** One file of the edit; `after` undefined means the file is deleted (or stays absent). */
export interface FeedstockFileEdit {
  /** Path relative to the feedstock root. */
  readonly path: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/** The planned edit. */
export interface FeedstockEdit {
  /** Only files whose content changes. */
  readonly files: readonly FeedstockFileEdit[];
  readonly changes: readonly RecipeChange[];
  /** Nonzero build numbers the bump kept, as the autotick bot keeps them (e.g. `{% set build_num = 3 %}`). */
  readonly keptBuildNumbers: readonly { readonly line: number; readonly text: string }[];
  /** The version-dependent sources and their new hashes, as the self-check confirmed them. */
  readonly sources: readonly { readonly url: string; readonly sha256: string }[];
  /** Whether the build configuration changed, so the feedstock needs a rerender. */
  readonly needsRerender: boolean;
}

/**
 * The package version a bump to `version` should render: `version` itself, unless the recipe's package version was
 * a construction around its version variable before the bump (`4.24.4` around `24.4`): then the same around `version`.
 */
function samePackageVersionRelation(text: string, format: RecipeFormat, version: string): string {
  try {
    const handler = recipeFormatHandler(format);
    const variable = handler.locate(text).version[0]?.value;
    const rendered = handler.render(text).version;
    if (!variable || !rendered || rendered === variable || !rendered.includes(variable)) return version;
    return rendered.split(variable).join(version);
  } catch {
    return version;
  }
}

/** Plans the bump of a feedstock; throws InputError for a recipe it cannot bump, OperationFailedError on self-check. */
export function planFeedstockEdit(input: FeedstockEditInput): FeedstockEdit {
  const recipePath = `recipe/${input.format}`;
  const marked = input.rcMarker
    ? setRcMarker(input.recipeText, input.rcMarker.key, input.rcMarker.value)
    : input.recipeText;
  const dependent = renderSourceUrls(marked, input.format, input.version).filter((s) => s.dependsOnVersion);
  const bumped = bumpRecipe(marked, { format: input.format, version: input.version, sha256s: input.sha256s });
  const sources = dependent.map((source, i) => ({ url: source.url, sha256: (input.sha256s[i] ?? "").toLowerCase() }));
  const expectedVersion =
    input.expectedPackageVersion ?? samePackageVersionRelation(marked, input.format, input.version);
  selfCheckRecipe(bumped.text, input.format, { version: expectedVersion, sources });

  const files: FeedstockFileEdit[] = [];
  const original = input.originalRecipeText ?? input.recipeText;
  if (bumped.text !== original) files.push({ path: recipePath, before: original, after: bumped.text });
  const cbcPath = "recipe/conda_build_config.yaml";
  const cbcBefore = input.condaBuildConfigText;
  let cbcAfter = cbcBefore;
  if (input.channel?.kind === "rc-label") cbcAfter = setChannelTargets(cbcBefore, input.channel.label);
  if (input.channel?.kind === "final" && cbcBefore !== undefined) cbcAfter = removeChannelTargets(cbcBefore);
  if (cbcAfter !== cbcBefore) files.push({ path: cbcPath, before: cbcBefore, after: cbcAfter });
  return {
    files,
    changes: bumped.changes,
    keptBuildNumbers: bumped.keptBuildNumbers,
    sources,
    needsRerender: cbcAfter !== cbcBefore,
  };
}
