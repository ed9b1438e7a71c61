/** The contract every version scheme implements, so schemes live in a name-keyed registry. */
import type { ReleaseVersion, VersionScheme } from "./release-version.js";

/** One version scheme: how its text maps to the typed model and how it orders versions. */
export interface VersionSchemeDefinition {
  readonly name: VersionScheme;
  /** A valid release-candidate version in this scheme, shown in error messages. */
  readonly example: string;
  /** Text -> model; throws InputError (one line, with a valid example) on anything else. */
  parse(text: string): ReleaseVersion;
  /** Model -> canonical text of this scheme. */
  format(version: ReleaseVersion): string;
  /** Negative, zero or positive, in the order of this scheme's reference library. */
  compare(a: ReleaseVersion, b: ReleaseVersion): number;
}
