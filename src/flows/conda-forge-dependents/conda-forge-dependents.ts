/**
 * The dependents flow: builds each dependent feedstock on conda-forge's CI against a candidate, through one draft
 * PR per feedstock from the fork (never a push to the feedstock itself). For a candidate: optionally wait until the
 * candidate is on its label, download and hash the candidate's tag archive once (vendored-source dependents),
 * observe and plan every dependent before the first write, then apply each plan with the conda-forge PR flow's
 * apply (fork, sync, one commit, the PR, one rerender request). For a final: once the project's own feedstock holds
 * the final (its PR merged), close the dependents' PRs of the series with a comment linking the results.
 */
import { readLabelVersions } from "../../adapters/conda-channel.js";
import type { GitHubClient } from "../../adapters/github/client.js";
import { readRepoText } from "../../adapters/github/repo-files.js";
import { splitRepo } from "../../adapters/github/requests.js";
import { downloadSha256 } from "../../adapters/http-download.js";
import { mapPublicUrl } from "../../adapters/public-url.js";
import { RemoteError, RemoteMovedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { DependentPrPlan } from "../../core/dependents-plan/plan-dependent-pr.js";
import {
  candidateArchiveUrl,
  dependentBranchName,
  planDependentPr,
} from "../../core/dependents-plan/plan-dependent-pr.js";
import type { VerifiedSource } from "../../core/feedstock-plan/verified-source.js";
import { forkWait } from "../conda-forge/find-fork.js";
import { applyFeedstockPr } from "../conda-forge/apply.js";
import type { FeedstockPrOutcome } from "../conda-forge/apply.js";
import { interruptibleClock } from "../wait-clock.js";
import { WaitReporter } from "../wait-reporter.js";
import { observeDependent, recipeVersion } from "./observe.js";
import { listPullsFromFork } from "../../adapters/github/pull-requests.js";
import type { DependentsFlowSettings } from "./settings.js";
import { countOf } from "../../core/plural.js";

/** One dependent's result. */
export interface DependentResult {
  readonly feedstock: string;
  readonly plan: DependentPrPlan;
  readonly outcome: FeedstockPrOutcome | null;
  /** API requests spent on this dependent (observe, plan, apply). */
  readonly requests: number;
}

/** A dependent PR closed after the final. */
export interface ClosedDependent {
  readonly feedstock: string;
  readonly url: string;
  readonly outcome: "closed" | "already closed" | "would close";
}

/** The whole result. */
export interface DependentsResult {
  readonly version: string;
  readonly kind: "rc" | "final";
  readonly dryRun: boolean;
  /** The label check, when --wait-for-label asked for it. */
  readonly label: { readonly url: string; readonly found: boolean; readonly tries: number } | null;
  readonly dependents: readonly DependentResult[];
  /** For a final: whether its feedstock PR is merged, and the PRs closed. */
  readonly finalMerged: boolean | null;
  readonly closed: readonly ClosedDependent[];
  readonly requests: number;
}

/** Knobs that are not configuration (tests shorten the waits). */
export interface DependentsOptions {
  readonly dryRun: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** First delay between label checks (default 30 s, doubling up to 5 minutes). */
  readonly labelPollMs?: number;
  readonly forkReadyPollMs?: number;
  readonly downloadTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Waits until every subdir's repodata of the label lists the candidate; throws after the configured limit. */
async function waitForLabel(
  settings: DependentsFlowSettings,
  logger: Logger,
  options: DependentsOptions,
): Promise<NonNullable<DependentsResult["label"]>> {
  const clock = interruptibleClock(options.signal);
  const deadline = clock.now() + settings.labelWaitMs;
  const reporter = new WaitReporter(
    {
      what: `${settings.package} ${settings.version} on conda-forge/label/${settings.label}`,
      limitMs: settings.labelWaitMs,
      limitSetting: "conda-forge.label-wait-minutes, --label-wait-minutes",
    },
    clock,
    logger,
  );
  let delay = options.labelPollMs ?? 30_000;
  const maxDelay = Math.max(delay, 5 * 60_000);
  for (let tries = 1; ; tries++) {
    const missing: string[] = [];
    let url = "";
    for (const subdir of settings.labelSubdirs) {
      const answer = await readLabelVersions(options.env, "conda-forge", settings.label, subdir, settings.package);
      url = answer.url;
      if (!answer.versions.includes(settings.version)) missing.push(answer.url);
    }
    if (missing.length === 0) {
      logger.info(`${settings.package} ${settings.version} is on conda-forge/label/${settings.label} (try ${tries})`);
      return { url, found: true, tries };
    }
    const left = deadline - clock.now();
    if (left <= 0 || delay > left)
      throw new RemoteError(
        `${settings.package} ${settings.version} is not on the label yet (${missing.join(", ")}) after ${Math.round(settings.labelWaitMs / 60_000)} min; check the candidate's feedstock PR built and uploaded, or raise --label-wait-minutes`,
      );
    logger.debug(`not listed yet: ${missing.join(", ")} (try ${tries}, next in ${Math.round(delay / 1000)} s)`);
    await reporter.sleep(delay, `missing in ${missing.length} of ${countOf(settings.labelSubdirs.length, "subdir")}`);
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** Downloads the candidate's tag archive and hashes it while streaming. */
async function fetchCandidateArchive(
  settings: DependentsFlowSettings,
  logger: Logger,
  options: DependentsOptions,
): Promise<VerifiedSource> {
  const url = candidateArchiveUrl(settings.upstreamRepo, settings.tag);
  const result = await downloadSha256(mapPublicUrl(url, options.env), {
    timeoutMs: options.downloadTimeoutMs ?? 10 * 60_000,
    maxBytes: settings.maxDownloadBytes,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.kind !== "ok")
    throw new RemoteError(
      `${url} is not available (${result.kind === "missing" ? `HTTP ${result.status}` : result.detail}); is the tag ${settings.tag} pushed?`,
    );
  logger.info(`${url}: sha256 ${result.sha256} (${result.bytes} bytes)`);
  return {
    url,
    sha256: result.sha256,
    bytes: result.bytes,
    verification: `downloaded (${result.bytes} bytes) and hashed while streaming`,
  };
}

/** Whether the project's own feedstock holds `version` on its default branch (the final's PR merged). */
async function ownFeedstockHolds(gh: GitHubClient, feedstock: string, version: string): Promise<boolean> {
  for (const file of ["recipe/meta.yaml", "recipe/recipe.yaml"]) {
    const text = await readRepoText(gh, feedstock, file);
    if (text !== null) return recipeVersion(text) === version;
  }
  return false;
}

/** After the final: closes each dependent's PR of the series with a comment linking its results. */
async function closeAfterFinal(
  gh: GitHubClient,
  settings: DependentsFlowSettings,
  logger: Logger,
  dryRun: boolean,
): Promise<ClosedDependent[]> {
  const forkOwner = settings.forkOwner ?? (await gh.rest.users.getAuthenticated()).data.login;
  const branch = dependentBranchName(settings.package, settings.version);
  const closed: ClosedDependent[] = [];
  for (const target of settings.targets) {
    const { owner, repo } = splitRepo(target.feedstock);
    const open = (await listPullsFromFork(gh, target.feedstock, `${forkOwner}/${repo}`)).filter(
      (p) => p.headRef === branch,
    );
    if (open.length === 0) {
      closed.push({ feedstock: target.feedstock, url: "", outcome: "already closed" });
      continue;
    }
    for (const pull of open) {
      if (dryRun) {
        closed.push({ feedstock: target.feedstock, url: pull.url, outcome: "would close" });
        continue;
      }
      const marker = `release-kit: ${settings.package} ${settings.version} is released`;
      const comments = await gh.paginate(gh.rest.issues.listComments, {
        owner,
        repo,
        issue_number: pull.number,
        per_page: 100,
      });
      if (!comments.some((c) => (c.body ?? "").includes(marker))) {
        const results = settings.checklistUrl
          ? `the per-platform results are in the release issue, ${settings.checklistUrl}`
          : `the per-platform results are on this PR's checks`;
        await gh.rest.issues.createComment({
          owner,
          repo,
          issue_number: pull.number,
          body: `${marker} (its feedstock ${settings.ownFeedstock} builds it on main), so this build against its candidates is done: ${results} (${pull.url}/checks). Closing; nothing here was meant to be merged.`,
        });
      }
      await gh.rest.pulls.update({ owner, repo, pull_number: pull.number, state: "closed" });
      logger.info(`closed ${pull.url}`);
      closed.push({ feedstock: target.feedstock, url: pull.url, outcome: "closed" });
    }
  }
  return closed;
}

/** Runs the flow. */
export async function condaForgeDependents(
  gh: GitHubClient,
  settings: DependentsFlowSettings,
  logger: Logger,
  options: DependentsOptions,
): Promise<DependentsResult> {
  const base = { version: settings.version, kind: settings.kind, dryRun: options.dryRun };
  if (settings.kind === "final") {
    const merged = await ownFeedstockHolds(gh, settings.ownFeedstock, settings.version);
    if (!merged) {
      logger.info(
        `${settings.ownFeedstock} does not hold ${settings.package} ${settings.version} on its default branch yet (its PR is not merged): the dependents' PRs stay open`,
      );
      return { ...base, label: null, dependents: [], finalMerged: false, closed: [], requests: gh.requestLog.length };
    }
    const closed = await logger.group("Close the dependents' PRs", () =>
      closeAfterFinal(gh, settings, logger, options.dryRun),
    );
    return { ...base, label: null, dependents: [], finalMerged: true, closed, requests: gh.requestLog.length };
  }

  const label = settings.waitForLabel
    ? await logger.group("Wait for the label", () => waitForLabel(settings, logger, options))
    : null;
  const source = settings.targets.some((t) => t.mode === "vendored-source")
    ? await logger.group("Download the candidate's archive", () => fetchCandidateArchive(settings, logger, options))
    : null;

  // Observe and plan every dependent before the first write: a dependent the plan cannot edit stops the run
  // before anything is written anywhere.
  const planned: { plan: DependentPrPlan; requests: number }[] = [];
  for (const target of settings.targets) {
    const before = gh.requestLog.length;
    const observation = await logger.group(`Reading ${target.feedstock}`, () =>
      observeDependent(gh, target, settings.package, settings.version, settings.forkOwner),
    );
    const plan = planDependentPr(settings, target, observation, target.mode === "vendored-source" ? source : null);
    planned.push({ plan, requests: gh.requestLog.length - before });
  }
  if (options.dryRun)
    return {
      ...base,
      label,
      dependents: planned.map((p) => ({
        feedstock: p.plan.feedstock,
        plan: p.plan,
        outcome: null,
        requests: p.requests,
      })),
      finalMerged: null,
      closed: [],
      requests: gh.requestLog.length,
    };

  const results: DependentResult[] = [];
  for (const [i, target] of settings.targets.entries()) {
    const requests = planned[i]!.requests;
    let plan = planned[i]!.plan;
    const before = gh.requestLog.length;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await logger.group(`Writing the draft PR of ${target.feedstock}`, () =>
          applyFeedstockPr(gh, plan, logger, { forkWait: forkWait(options.forkReadyPollMs) }),
        );
        results.push({ feedstock: plan.feedstock, plan, outcome, requests: requests + gh.requestLog.length - before });
        break;
      } catch (error) {
        if (!(error instanceof RemoteMovedError) || attempt >= 3) throw error;
        logger.warning(`${error.message}; reading ${target.feedstock} again`);
        const observation = await observeDependent(gh, target, settings.package, settings.version, settings.forkOwner);
        plan = planDependentPr(settings, target, observation, target.mode === "vendored-source" ? source : null);
      }
    }
  }
  return { ...base, label, dependents: results, finalMerged: null, closed: [], requests: gh.requestLog.length };
}
