/**
 * Where a recipe holds what a version bump edits: the version literal, each source's hash, the build numbers.
 * Each format (meta.yaml, recipe.yaml) has a locator that finds these spans in the raw text; the bump then splices
 * new values into exactly those spans, so every other byte of the file stays as it was.
 */

/** The two recipe formats conda-forge feedstocks use. */
export type RecipeFormat = "meta.yaml" | "recipe.yaml";

/** The recipe formats release-kit knows, for messages. */
export const recipeFormats: readonly RecipeFormat[] = ["meta.yaml", "recipe.yaml"];

/** A literal value in the text: `text.slice(start, end)` is the value including its quotes. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
  /** The value without quotes. */
  readonly value: string;
  /** The quote character around the value in the file (`""` for a plain scalar). */
  readonly quote: '"' | "'" | "";
}

/** Where one source's sha256 is held. */
export interface ShaSlot {
  /** The literal to rewrite (on the `sha256:` line, or in the variable it refers to). */
  readonly span: TextSpan;
  /** Set when the hash is held in a variable (`{% set sha256 = ... %}` or a context key) rather than on the source. */
  readonly variable?: string;
}

/** One source of the recipe, in the order of the file. */
export interface SourceLayout {
  /** The URL as written (unrendered), to name the source in messages. */
  readonly rawUrl: string;
  /** Where the (first) URL literal sits, so a resolved URL can replace exactly it. */
  readonly urlSpan?: TextSpan;
  /** Where its sha256 is held; undefined when the source has none. */
  readonly sha: ShaSlot | undefined;
  /** Why the hash cannot be rewritten, when it is held in a form release-kit does not edit. */
  readonly shaProblem?: string;
}

/** Everything a bump may edit, found in one recipe text. */
export interface RecipeLayout {
  /** Every literal assignment of the version variable (usually one). */
  readonly version: readonly TextSpan[];
  /** Sources with a URL, in file order. */
  readonly sources: readonly SourceLayout[];
  /** How many sources are git checkouts (`git_url:` / `git:`), which carry no hash to bump. */
  readonly gitSources: number;
  /** Literal build numbers (`number: 2`, `{% set build = 2 %}`, `context.build_number: 2`). */
  readonly buildNumbers: readonly TextSpan[];
  /**
   * Nonzero build numbers the bump leaves as they are because conda-forge's bot does (a variable under a name it does
   * not reset, e.g. `{% set build_num = 3 %}`): each line as written and its 1-based number, for a note to the user.
   */
  readonly keptBuildNumbers?: readonly { readonly line: number; readonly text: string }[];
  /** Why the version cannot be set, when it is computed rather than a literal. */
  readonly versionProblem?: string;
  /** The literal value of the recipe's `name` variable, when it has one (file names are often spelled from it). */
  readonly name?: string;
}

/** A recipe rendered for one set of values: what the recipe would build. */
export interface RenderedRecipe {
  /** The package version (`package.version`, or `recipe.version` for a multi-output v1 recipe). */
  readonly version: string | undefined;
  /** The sources in the same order as `RecipeLayout.sources`. */
  readonly sources: readonly { readonly url: string; readonly sha256: string | undefined }[];
}

/** The line number (1-based) of an offset, for change reports. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
