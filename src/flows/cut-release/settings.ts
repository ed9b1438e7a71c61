/**
 * Builds the settings of a cut from the config and the flags/inputs (CLI and action alike), validating all
 * of it before the first request.
 */
import { randomBytes } from "node:crypto";
import { packageIndexUrl, type ReleaseKitConfig } from "../../config/index.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { ConfigError, InputError } from "../../core/errors.js";
import { parseCount } from "../../core/parse-count.js";
import type { CutSettings } from "../../core/release-plan/cut-settings.js";
import type { FinalGateSettings } from "../../core/release-plan/final-gates.js";
import { checkSupportPolicy, parseSupportPolicy } from "../../core/support-policy.js";
import { formatVersion, parseReleaseVersionInput } from "../../core/versions/index.js";

/** What the user asked for, as given on the command line or as action inputs. */
export interface CutRequest {
  readonly kind: "rc" | "final";
  readonly version: string | undefined;
  readonly rc?: string;
  /** `--next`: cut the next candidate although the latest one is cut and released. */
  readonly next?: boolean;
  /** How the caller asks for the next candidate, for the refusal (default `--next`). */
  readonly nextHint?: string;
  readonly base?: string;
  readonly runId?: string;
  readonly skipChecks?: string;
  readonly noRc?: boolean;
  readonly fromBranch?: boolean;
  /** `final --accept-untested REASON`. */
  readonly acceptUntested?: string;
  /** `--via-pr`: bring the bump through a pull request (as `rc.via: pull-request`). */
  readonly viaPr?: boolean;
  /** `final --downstream-report FILE`: the report the downstream-regressions gate reads (default: the checklist's). */
  readonly downstreamReport?: string;
  /** The release date for the support-policy check (default: now). */
  readonly today?: Date;
}

/** Validated settings for `planCut`. */
export function cutSettingsFrom(config: ReleaseKitConfig, request: CutRequest, env: NodeJS.ProcessEnv): CutSettings {
  if (request.version === undefined || request.version.trim() === "") {
    throw new InputError(
      `--version is required: give the version to release as X.Y.Z, e.g. release-kit ${request.kind} --version 1.20.0`,
    );
  }
  const base = parseReleaseVersionInput(request.version);
  const scheme = config.project.versionScheme;
  if (request.kind === "final" && request.rc !== undefined)
    throw new InputError("--rc is for `release-kit rc`; a final has no candidate number");
  const nextFlag = request.nextHint ?? "--next";
  if (request.next === true && request.kind === "final")
    throw new InputError(`${nextFlag} is for a release candidate: a final has no next candidate`);
  if (request.next === true && request.rc !== undefined)
    throw new InputError(
      `${nextFlag} and --rc exclude each other: --rc names the candidate, ${nextFlag} takes the next one`,
    );
  if (request.next === true && request.fromBranch)
    throw new InputError(
      `${nextFlag} and --from-branch exclude each other: --from-branch takes the candidate the version file names`,
    );
  if (request.rc !== undefined && request.fromBranch)
    throw new InputError(
      "--rc and --from-branch exclude each other: --from-branch takes the number from the version file",
    );
  if (request.skipChecks !== undefined && request.skipChecks.trim().length < 3) {
    throw new InputError(
      '--skip-checks needs a reason (it is recorded in the tag message), e.g. --skip-checks "CI outage, tested locally"',
    );
  }
  if (request.acceptUntested !== undefined && request.kind !== "final")
    throw new InputError("--accept-untested is for `release-kit final`: a candidate is what gets tested");
  if (request.acceptUntested !== undefined && request.acceptUntested.trim().length < 3) {
    throw new InputError(
      '--accept-untested needs a reason (it goes into the release notes), e.g. --accept-untested "docs-only fix after rc2"',
    );
  }
  if (request.base !== undefined && (request.base.startsWith("-") || /[\s~^:?*[\\]|\.\./.test(request.base))) {
    throw new InputError(`--base "${request.base}" is not a branch, tag or SHA`);
  }
  if (request.downstreamReport !== undefined && request.kind !== "final")
    throw new InputError("--downstream-report is for `release-kit final`: its downstream-regressions gate reads it");
  if (request.viaPr === true && request.fromBranch)
    throw new InputError(
      "--from-branch tags the bump a merged pull request put on the release branch and --via-pr opens that pull request: give one of them",
    );
  // --from-branch only tags (the tag-on-bump workflow runs it with the same config as the PR-mode cut).
  const via = request.fromBranch ? "direct" : request.viaPr === true ? "pull-request" : config.rc.via;
  const author = commitAuthor(config, env);
  const runId = request.runId ?? env.GITHUB_RUN_ID ?? `local-${randomBytes(4).toString("hex")}`;
  if (!/^[\w.-]{1,64}$/.test(runId))
    throw new InputError(`--run-id "${runId}" may only hold letters, digits, dots, dashes and underscores`);
  const policy = config.project.pythonSupport;
  const today = request.today ?? new Date();
  return {
    repo: config.project.repo,
    kind: request.kind,
    baseVersion: formatVersion(base, "pep440"),
    rc:
      request.rc !== undefined
        ? parseCount(request.rc, "--rc", { hint: "give the candidate number: 1, 2, 3..." })
        : undefined,
    next: request.next === true,
    ...(request.nextHint !== undefined ? { nextHint: request.nextHint } : {}),
    baseRef: request.base ?? config.project.defaultBranch,
    scheme,
    tagPattern: config.project.tag,
    branchPattern: config.project.releaseBranch,
    versionFiles: config.project.versionFiles.map((f) => ({ path: f.path, kind: f.kind, marker: f.marker })),
    requiredChecks: config.rc.requiredChecks,
    skipChecksReason: request.skipChecks?.trim(),
    acceptUntestedReason: request.acceptUntested?.trim(),
    blockerLabel: config.rc.blockerLabel,
    finalBlockerGate: config.final.gates.releaseBlockers,
    ...(request.kind === "final" ? { finalGates: finalGateSettings(config, request, env) } : {}),
    runId,
    via,
    prBranchPattern: config.rc.prBranch,
    prLabels: config.rc.prLabels,
    ...(author ? { author } : {}),
    signOff: config.project.signOff,
    noRc: request.noRc === true || (request.kind === "final" && config.final.noRc),
    fromBranch: request.fromBranch === true,
    nextDevPr: request.kind === "final" && config.rc.nextDevPr,
    supportWarnings: policy
      ? (pyproject) =>
          pyproject === null
            ? []
            : [
                ...checkSupportPolicy({
                  policy: parseSupportPolicy(policy.policy === "list" ? policy.versions : policy.policy),
                  releaseDate: today,
                  pyprojectText: pyproject,
                }).warnings,
              ]
      : undefined,
  };
}

/**
 * The final's gates: their levels (`final.gates`) and where each reads, from the config sections they need; a section
 * that is absent leaves its gate unconfigured (a skip line, never an error).
 */
function finalGateSettings(config: ReleaseKitConfig, request: CutRequest, env: NodeJS.ProcessEnv): FinalGateSettings {
  const gates = config.final.gates;
  const version = formatVersion(parseReleaseVersionInput(request.version ?? ""), "pep440");
  const { repo: project } = splitRepo(config.project.repo);
  const condaForge = config.condaForge;
  const downstreamChecked = config.downstream.length > 0 || (condaForge?.dependents.length ?? 0) > 0;
  return {
    downstreamRegressions: gates.downstreamRegressions,
    candidateFiles: gates.candidateFiles,
    feedstockCi: gates.feedstockCi,
    partnerIssues: gates.partnerIssues,
    ...(downstreamChecked || request.downstreamReport !== undefined
      ? {
          downstream: {
            ...(request.downstreamReport !== undefined ? { reportFile: request.downstreamReport } : {}),
            checklist: {
              title: config.checklist.title.replaceAll("{version}", version),
              labels: config.checklist.labels,
            },
          },
        }
      : {}),
    ...(config.pypi ? { index: { url: packageIndexUrl(config, "rc", env), package: config.pypi.package } } : {}),
    ...(condaForge
      ? {
          feedstock: {
            repo: condaForge.feedstock,
            package: condaForge.package,
            ...(condaForge.forkOwner !== undefined ? { forkOwner: condaForge.forkOwner } : {}),
          },
        }
      : {}),
    ...(config.partners.length > 0 ? { partners: { project, repos: config.partners.map((p) => p.repo) } } : {}),
  };
}

/**
 * The author of release-kit's bump commits: `project.commit-author`, else git's GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL,
 * else none (GitHub then uses the token's user). `project.sign-off` needs one: it signs off as this identity, and a
 * DCO check accepts a sign-off only from the commit's author.
 */
function commitAuthor(config: ReleaseKitConfig, env: NodeJS.ProcessEnv): { name: string; email: string } | undefined {
  const configured = config.project.commitAuthor;
  if (configured !== undefined) {
    const match = /^(.+?) <([^<>]+)>$/.exec(configured);
    if (match) return { name: match[1]!, email: match[2]! };
  }
  const name = env.GIT_AUTHOR_NAME?.trim();
  const email = env.GIT_AUTHOR_EMAIL?.trim();
  if (name && email) return { name, email };
  if (config.project.signOff)
    throw new ConfigError(
      "project.sign-off is true but there is no identity to sign off as: set project.commit-author (Name <email>) in release-kit.yml, or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL",
    );
  return undefined;
}
