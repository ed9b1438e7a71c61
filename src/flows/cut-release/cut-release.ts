/**
 * The cut flow: observe the remote, plan (pure), stop on a failed pre-flight or a dry run, apply. A branch
 * that moves under us (another run) makes the flow observe and plan once more; the second plan sees what
 * the other run did, so nothing is duplicated.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { ConflictError, PreflightError, RemoteMovedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { CutSettings } from "../../core/release-plan/cut-settings.js";
import { bumpBranchOf, planCut, targetVersion, type CutPlan } from "../../core/release-plan/plan-cut.js";
import { releaseBranchName } from "../../core/versions/index.js";
import { proposeNextDev, type NextDevResult } from "../next-dev/propose-next-dev.js";
import { applyCut, type CutOutcome } from "./apply.js";
import { observeBump } from "./observe-bump.js";
import { observeRelease } from "./observe.js";
import { previewReleaseNotes, type NotesPreview } from "./preview-notes.js";

/** The result of a cut: the plan, and what was done unless it was a dry run. */
export interface CutResult {
  readonly plan: CutPlan;
  readonly dryRun: boolean;
  readonly outcome: CutOutcome | null;
  /** The next-dev PR after a final (`rc.next-dev-pr`); absent otherwise. */
  readonly nextDev?: NextDevResult;
  /** A dry run's preview of the notes GitHub will write into the release; absent when no release is to publish. */
  readonly notesPreview?: NotesPreview;
}

/** Runs a cut. Throws PreflightError (nothing written) when a pre-flight check fails. */
export async function cutRelease(
  gh: GitHubClient,
  settings: CutSettings,
  logger: Logger,
  options: { dryRun: boolean },
): Promise<CutResult> {
  // The version this run was cutting when another run got ahead of it (see the catch below).
  let racedFor: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const observation = await logger.group(`Reading ${settings.repo}`, async () => {
      const seen = await observeRelease(gh, settings);
      if (settings.via !== "pull-request") return seen;
      // The bump branch is named after the target version, so it is read once that is known.
      const branch = releaseBranchName(settings.branchPattern, settings.baseVersion);
      const bump = await observeBump(
        gh,
        settings.repo,
        bumpBranchOf(settings, targetVersion(settings, seen)),
        seen.branch ? branch : seen.base.ref,
      );
      return { ...seen, bump };
    });
    const plan = planCut(settings, observation);
    // A run that lost a race reads the remote again to finish the same candidate, never to cut the next one: two
    // runs started together (a double-clicked dispatch) must leave one candidate, not rc1 and rc2.
    if (racedFor !== undefined && plan.version !== racedFor) {
      throw new ConflictError(
        `${racedFor} was cut by another run meanwhile, so this run stopped; cut ${plan.version} with ${settings.nextHint ?? "--next"} if you meant to`,
      );
    }
    // The pre-flight is part of the result (the text report, --json, the job summary) and a failure names its checks in
    // the error: those lines are logged here only for --verbose, so nothing is said twice. A warning is a warning of
    // the run too (an annotation on Actions, `warning:` on the CLI's stderr), not only a line among the checks.
    for (const line of plan.preflight)
      if (line.status === "warn") logger.warning(`${line.check}: ${line.detail}`);
      else logger.debug(`pre-flight ${line.status}  ${line.check}: ${line.detail}`);
    if (!plan.ready) {
      const failed = plan.preflight.filter((p) => p.status === "fail");
      const [only] = failed;
      if (failed.length === 1 && only)
        throw new PreflightError(`pre-flight failed, nothing was written: ${only.check}: ${only.detail}`);
      // One line per problem: each failing check on its own line, then the one error line that names them.
      for (const f of failed) logger.info(`fail  ${f.check}: ${f.detail}`);
      throw new PreflightError(
        `pre-flight failed, nothing was written: ${failed.length} checks failed (${failed.map((f) => f.check).join(", ")}), each on its line above`,
      );
    }
    // After a final (and in its dry run), the PR moving the default branch on, when configured.
    const nextDev = async () =>
      settings.kind === "final" && settings.nextDevPr
        ? {
            nextDev: await logger.group("Next development version", () =>
              proposeNextDev(
                gh,
                {
                  repo: settings.repo,
                  released: plan.version,
                  scheme: settings.scheme,
                  versionFiles: settings.versionFiles,
                },
                observation.repo.defaultBranch,
                logger,
                { dryRun: options.dryRun },
              ),
            ),
          }
        : {};
    if (options.dryRun) {
      const notesPreview = await logger.group("Release notes preview", () => previewReleaseNotes(gh, plan, logger));
      return { plan, dryRun: true, outcome: null, ...(notesPreview ? { notesPreview } : {}), ...(await nextDev()) };
    }
    try {
      const title = plan.via === "pull-request" ? `Proposing ${plan.version} by pull request` : `Cutting ${plan.tag}`;
      const outcome = await logger.group(title, () => applyCut(gh, plan, logger));
      return { plan, dryRun: false, outcome, ...(await nextDev()) };
    } catch (error) {
      if (error instanceof RemoteMovedError && attempt < 3) {
        racedFor = plan.version;
        logger.warning(`${error.message}; reading the remote state again`);
        continue;
      }
      throw error;
    }
  }
}
