/**
 * The conda package version when it is not the project's version: protobuf's feedstock builds 4.24.4 from upstream
 * 24.4. Given as a template (`4.{version}`, from `--package-version` or `conda-forge.package-version`) or a literal.
 */
import { InputError } from "../errors.js";

/** The package version `template` gives for `version`; `what` names where the template came from, for the message. */
export function expandPackageVersion(template: string, version: string, what: string): string {
  const value = template.split("{version}").join(version);
  if (!/^[A-Za-z0-9][A-Za-z0-9._+!-]*$/.test(value)) {
    throw new InputError(`${what} ${template} gives "${value}", which is not a version (e.g. 4.{version})`);
  }
  return value;
}
