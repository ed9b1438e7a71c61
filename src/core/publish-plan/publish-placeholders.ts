/**
 * The placeholders of `publish.ref` and `publish.inputs` values: `{tag}`, `{version}` (full version) and
 * `{branch}` (the release branch). An unknown one is a config error, so a typo never reaches the workflow.
 */
import { ConfigError } from "../errors.js";

/** The values a placeholder can take. */
export interface PublishPlaceholderValues {
  readonly tag: string;
  readonly version: string;
  readonly branch: string;
}

/** Replaces every placeholder in `template`; `key` names the config key in the error. */
export function fillPublishPlaceholders(template: string, values: PublishPlaceholderValues, key: string): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    if (name === "tag" || name === "version" || name === "branch") return values[name];
    throw new ConfigError(`${key}: unknown placeholder ${whole} in "${template}" (use {tag}, {version} or {branch})`);
  });
}
