/**
 * Builds the settings of a publish hand-off from the config and the tag (CLI, action and the cut flow
 * alike), validating all of it before the first request.
 */
import { packageIndexUrl, type ReleaseKitConfig } from "../../config/index.js";
import { ConfigError, InputError } from "../../core/errors.js";
import { parseWaitMinutes } from "../../core/parse-minutes.js";
import { DEFAULT_POLL_DELAYS, type PollDelays } from "../../core/publish-plan/poll-delay.js";
import { fillPublishPlaceholders } from "../../core/publish-plan/publish-placeholders.js";
import type { PublishSettings } from "../../core/publish-plan/publish-settings.js";
import {
  baseVersionOf,
  formatVersion,
  isFinalVersion,
  isReleaseCandidate,
  parseVersion,
  releaseBranchName,
  versionFromTag,
  type ReleaseVersion,
} from "../../core/versions/index.js";

/** What the caller asked for. */
export interface PublishRequest {
  /** The tag to publish (`v1.20.0rc1`). */
  readonly tag: string | undefined;
  /** Overrides of the waits (tests); default: 5 s growing to 60 s. */
  readonly pollDelays?: PollDelays;
  /** Overrides publish.index-wait-minutes (`--index-wait-minutes`). */
  readonly indexWaitMinutes?: string | number;
  /** Overrides publish.timeout-minutes (`--timeout-minutes`). */
  readonly timeoutMinutes?: string | number;
}

/** Poll delays from RELEASE_KIT_POLL_MS (the start; the cap is 12 times it), for fast in-process tests. */
export function pollDelaysFromEnv(env: NodeJS.ProcessEnv): PollDelays | undefined {
  const text = env.RELEASE_KIT_POLL_MS;
  if (text === undefined || text === "") return undefined;
  const start = Number(text);
  if (!Number.isFinite(start) || start < 0) throw new InputError(`RELEASE_KIT_POLL_MS "${text}" is not milliseconds`);
  return { startMs: start, maxMs: start * 12 };
}

/** Validated settings for `planPublish` and `publishRelease`. */
export function publishSettingsFrom(
  config: ReleaseKitConfig,
  request: PublishRequest,
  env: NodeJS.ProcessEnv,
): PublishSettings {
  const publish = config.publish;
  if (!publish)
    throw new ConfigError(
      "no publish: section in the config: add publish.workflow (the workflow that builds and uploads the release)",
    );
  if (!config.pypi)
    throw new ConfigError("publish needs pypi.package: the package whose files must appear on the index");
  const timeoutMinutes =
    parseWaitMinutes(request.timeoutMinutes, "--timeout-minutes", { min: 1, max: 4320 }) ?? publish.timeoutMinutes;
  const indexWaitMinutes =
    parseWaitMinutes(request.indexWaitMinutes, "--index-wait-minutes", { min: 0, max: 1440 }) ??
    publish.indexWaitMinutes;
  const tag = request.tag?.trim();
  if (!tag) throw new InputError("--tag is required: give the tag to publish, e.g. --tag v1.20.0rc1");
  const scheme = config.project.versionScheme;
  const text = versionFromTag(config.project.tag, tag);
  if (text === null)
    throw new InputError(`tag "${tag}" does not match project.tag "${config.project.tag}": give a tag such as v1.20.0`);
  let version: ReleaseVersion;
  try {
    version = parseVersion(text, scheme);
  } catch {
    throw new InputError(`tag "${tag}" does not name a ${scheme} version: give a tag such as v1.20.0rc1 or v1.20.0`);
  }
  const kind = isReleaseCandidate(version) ? "rc" : isFinalVersion(version) ? "final" : null;
  if (kind === null)
    throw new InputError(`tag "${tag}" is neither a release candidate nor a final: release-kit publishes only those`);
  const full = formatVersion(version, scheme);
  const branch = releaseBranchName(config.project.releaseBranch, formatVersion(baseVersionOf(version), "pep440"));
  const values = { tag, version: full, branch };
  const inputs = Object.fromEntries(
    Object.entries(kind === "rc" ? publish.rcInputs : publish.inputs).map(([k, v]) => [
      k,
      fillPublishPlaceholders(v, values, `publish.${kind === "rc" ? "rc-inputs" : "inputs"}.${k}`),
    ]),
  );
  return {
    repo: config.project.repo,
    tag,
    version: full,
    indexVersion: formatVersion(version, "pep440"),
    kind,
    branch,
    package: config.pypi.package,
    indexUrl: packageIndexUrl(config, kind, env),
    workflow: publish.workflow,
    ref: fillPublishPlaceholders(publish.ref, values, "publish.ref"),
    inputs,
    timeoutMs: timeoutMinutes * 60_000,
    indexWaitMs: indexWaitMinutes * 60_000,
    pollDelays: request.pollDelays ?? pollDelaysFromEnv(env) ?? DEFAULT_POLL_DELAYS,
  };
}
