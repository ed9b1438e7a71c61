/** A version-dependent source of the recipe, downloaded and hashed, with how its hash was checked. */
export interface VerifiedSource {
  /** The public URL the recipe renders (what conda-forge's CI downloads). */
  readonly url: string;
  readonly sha256: string;
  readonly bytes: number;
  /** One line: how the hash was established and cross-checked. */
  readonly verification: string;
}
