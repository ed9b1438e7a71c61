/**
 * The conda-forge PR flow: observe the feedstock and the fork, decide the edit (carrying the rc branch's recipe
 * changes into a final), download and verify the sources, plan (pure), stop on a dry run, apply. A branch or PR
 * that appears under us (a concurrent run) makes the flow observe and plan once more.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { createPackageIndexClient } from "../../adapters/package-index.js";
import type { PackageIndexClient } from "../../adapters/package-index.js";
import type { Logger } from "../../core/logger.js";
import type { FeedstockPrSettings } from "../../core/feedstock-plan/feedstock-pr-settings.js";
import { planEditRequest, planFeedstockPr, withResolvedRecipe } from "../../core/feedstock-plan/plan-feedstock-pr.js";
import type { EditRequest, FeedstockPrPlan } from "../../core/feedstock-plan/plan-feedstock-pr.js";
import { setRcMarker } from "../../core/recipe/rc-marker.js";
import { createUrlProbe } from "../../adapters/url-probe.js";
import type { VerifiedSource } from "../../core/feedstock-plan/verified-source.js";
import { RemoteMovedError } from "../../core/errors.js";
import { forkWait } from "./find-fork.js";
import { applyFeedstockPr } from "./apply.js";
import type { FeedstockPrOutcome } from "./apply.js";
import { fetchSources } from "./fetch-sources.js";
import { observeFeedstock } from "./observe.js";
import { requireTag } from "./require-tag.js";
import { resolveSourceUrls } from "./resolve-source-urls.js";

/** The result: the plan, and what was done unless it was a dry run. */
export interface FeedstockPrResult {
  readonly plan: FeedstockPrPlan;
  readonly dryRun: boolean;
  readonly outcome: FeedstockPrOutcome | null;
  /** API requests made (the client's log), for the benchmark and `--verbose`. */
  readonly requests: number;
}

/** Knobs of the flow that are not configuration (tests and the benchmark shorten the waits). */
export interface FeedstockPrOptions {
  readonly dryRun: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** First delay while waiting for a source (default 5 s, doubling up to a minute). */
  readonly sourcePollMs?: number;
  readonly downloadTimeoutMs?: number;
  readonly index?: PackageIndexClient;
  readonly forkReadyPollMs?: number;
  readonly signal?: AbortSignal;
}

/** Opens or updates the feedstock PR of `settings.version`. */
export async function condaForgePr(
  gh: GitHubClient,
  settings: FeedstockPrSettings,
  logger: Logger,
  options: FeedstockPrOptions,
): Promise<FeedstockPrResult> {
  const index = options.index ?? createPackageIndexClient(settings.indexUrl);
  await requireTag(gh, settings.upstreamRepo, settings.tag, settings.version);
  let sources: VerifiedSource[] | undefined;
  let sourceUrls: readonly string[] = [];
  for (let attempt = 1; ; attempt++) {
    const observation = await logger.group(`Reading ${settings.feedstock}`, () =>
      observeFeedstock(gh, settings, options.dryRun ? { logger } : undefined),
    );
    const request = await logger.group("Find the release's source files", () =>
      resolveRequestSources(settings, planEditRequest(settings, observation), index, logger, options.env),
    );
    // Download once per run; a re-observation after a concurrent write sees the same URLs.
    if (!sources || request.sourceUrls.join("\n") !== sourceUrls.join("\n")) {
      sourceUrls = request.sourceUrls;
      sources = await logger.group("Download and verify sources", () =>
        fetchSources(request.sourceUrls, {
          env: options.env,
          index,
          indexPackage: settings.indexPackage,
          version: settings.version,
          waitMs: settings.sourceWaitMs,
          pollMs: options.sourcePollMs ?? 5_000,
          maxPollMs: Math.max(options.sourcePollMs ?? 5_000, 60_000),
          maxBytes: settings.maxDownloadBytes,
          downloadTimeoutMs: options.downloadTimeoutMs ?? 10 * 60_000,
          logger,
          signal: options.signal,
        }),
      );
    }
    const plan = planFeedstockPr(settings, observation, request, sources);
    if (options.dryRun) return { plan, dryRun: true, outcome: null, requests: gh.requestLog.length };
    try {
      const outcome = await logger.group(`Writing the feedstock PR of ${settings.version}`, () =>
        applyFeedstockPr(gh, plan, logger, { forkWait: forkWait(options.forkReadyPollMs) }),
      );
      return { plan, dryRun: false, outcome, requests: gh.requestLog.length };
    } catch (error) {
      if (error instanceof RemoteMovedError && attempt < 3) {
        logger.warning(`${error.message}; reading the feedstock again`);
        continue;
      }
      throw error;
    }
  }
}

/**
 * The recipe with its source URLs moved to the new release's files, as `conda-forge bump-recipe` moves them (the
 * package index's sdist under its current name, a tag or extension variant), so the PR never downloads an old file
 * from a digest path or a renamed sdist's old name. A file not published yet stays as the recipe renders it: the
 * download waits for it. A candidate built by a main-opt-in marker is left as is: its file is named by two variables
 * (the version and the marker), and the lookup by version would look for the final's.
 */
async function resolveRequestSources(
  settings: FeedstockPrSettings,
  request: EditRequest,
  index: PackageIndexClient,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<EditRequest> {
  if (request.rcMarker && settings.kind === "rc") return request;
  const marked = request.rcMarker
    ? setRcMarker(request.recipeText, request.rcMarker.key, request.rcMarker.value)
    : request.recipeText;
  const resolved = await resolveSourceUrls(
    {
      format: request.format,
      recipeText: marked,
      version: request.recipeVersion,
      offline: false,
      keepMissing: true,
      missingAdvice: `fix the source URL in the feedstock's recipe (release-kit conda-forge bump-recipe DIR --version ${request.recipeVersion} --url URL does it)`,
    },
    { probe: createUrlProbe(env), index, logger },
  );
  for (const change of resolved.rewritten) {
    logger.info(`recipe/${request.format} line ${change.line}: source URL ${change.before} -> ${change.after}`);
  }
  return resolved.rewritten.length === 0 ? request : withResolvedRecipe(request, resolved.text);
}
