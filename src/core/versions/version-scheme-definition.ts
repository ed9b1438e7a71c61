/** The contract every version scheme implements, so schemes live in a name-keyed registry. */
import type { ReleaseVersion, VersionScheme } from "./release-version.js";

/** One version scheme: how its text maps to the typed model and how it orders versions. */
export interface VersionSchemeDefinition {
  readonly name: VersionScheme;
  /** A valid release-candidate version in this scheme, shown in error messages. */
  readonly example: string;
  /** Text -> model; throws InputError (one line, with a valid example) on anything else. */
  parse(text: string): ReleaseVersion;
  /**
   * A tag's version text -> model, or null when the scheme does not read it as a version release-kit knows. Laxer than
   * `parse` where the scheme itself says two spellings are one version (PEP 440 reads `1.20` and `1.20.0.0` as 1.20.0).
   */
  readTag(text: string): ReleaseVersion | null;
  /** Model -> canonical text of this scheme. */
  format(version: ReleaseVersion): string;
  /** Negative, zero or positive, in the order of this scheme's reference library. */
  compare(a: ReleaseVersion, b: ReleaseVersion): number;
}
