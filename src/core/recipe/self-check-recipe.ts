/**
 * The last check before an edited recipe leaves the machine: render it (as conda-build or rattler-build would, with
 * stubs for the build machine) and confirm that it builds exactly the intended version from exactly the intended
 * URLs and hashes. A template mistake, a missed variable or a hash on the wrong source is caught here, not on CI.
 */
import { OperationFailedError, UserError } from "../errors.js";
import type { RecipeFormat } from "./recipe-layout.js";
import { recipeFormatHandler } from "./recipe-formats.js";
import { renderWithDependence, requireVersionLayout } from "./render-source-urls.js";
import type { RenderedSource } from "./render-source-urls.js";

/** What the edited recipe must build. */
export interface SelfCheckExpectation {
  /** The package version the recipe must render to. */
  readonly version: string;
  /** The version-dependent sources, in recipe order, with the hash each must carry. */
  readonly sources: readonly { readonly url: string; readonly sha256: string }[];
}

/** Renders the edited recipe and throws an OperationFailedError naming every difference from `expected`. */
export function selfCheckRecipe(text: string, format: RecipeFormat, expected: SelfCheckExpectation): RenderedSource[] {
  const handler = recipeFormatHandler(format);
  let rendered;
  try {
    const layout = requireVersionLayout(handler, text);
    rendered = renderWithDependence(handler, text, layout, undefined, { parseYaml: true });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new OperationFailedError(`recipe self-check failed: ${error.message}`);
  }
  const problems: string[] = [];
  if (rendered.rendered.version !== expected.version) {
    problems.push(
      `the package version renders as ${rendered.rendered.version ?? "(none)"}, expected ${expected.version}`,
    );
  }
  const dependent = rendered.sources.filter((source) => source.dependsOnVersion);
  if (dependent.length !== expected.sources.length) {
    problems.push(`${dependent.length} source(s) depend on the version, expected ${expected.sources.length}`);
  }
  expected.sources.forEach((want, i) => {
    const got = dependent[i];
    if (!got) return;
    if (got.url !== want.url) problems.push(`source ${i + 1} URL renders as ${got.url}, expected ${want.url}`);
    if ((got.sha256 ?? "").toLowerCase() !== want.sha256.toLowerCase()) {
      problems.push(`source ${i + 1} (${got.url}) has sha256 ${got.sha256 ?? "(none)"}, expected ${want.sha256}`);
    }
  });
  if (problems.length > 0) {
    throw new OperationFailedError(
      `recipe self-check failed (${handler.file}): ${problems.join("; ")}; nothing should be pushed`,
    );
  }
  return rendered.sources;
}
