/**
 * `release-kit conda-forge dependents --version V`: builds the dependent feedstocks (conda-forge.dependents) on
 * conda-forge's CI against a candidate, through one draft PR each from the fork; with the final's version, closes
 * them once the final's feedstock PR is merged. `--dry-run` prints each diff; `--wait-for-label` waits until the
 * candidate is on its label first. `--results` writes nothing on GitHub: it reads how each draft PR builds on
 * conda-forge's CI per platform against the dependent's default branch, and with `--out DIR` writes the results file
 * that `downstream report` merges.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InputError } from "../../core/errors.js";
import {
  DEPENDENTS_RESULTS_FILE,
  readDependentsResults,
  renderDependentsResultsText,
} from "../../flows/conda-forge-dependents/dependents-results.js";
import { dependentsSettingsFrom } from "../../flows/conda-forge-dependents/settings.js";
import { condaForgeDependents } from "../../flows/conda-forge-dependents/conda-forge-dependents.js";
import { dependentsJson, renderDependentsText } from "../../flows/conda-forge-dependents/render-dependents.js";
import type { Command } from "../command.js";
import { gitHubFor, loadConfigFor, stringFlag } from "../command-environment.js";
import { millisFromEnv } from "../../core/millis-from-env.js";

/** The `conda-forge dependents` command. */
export const condaForgeDependentsCommand: Command = {
  words: ["conda-forge", "dependents"],
  summary:
    "Open or update draft PRs that build the dependent feedstocks against a candidate; close them after the final",
  usage:
    "--version V [--checklist-url URL] [--wait-for-label] [--label-wait-minutes N] | --version V --results [--out DIR]",
  flags: [
    {
      name: "version",
      type: "string",
      valueName: "V",
      description: "the candidate (1.20.0rc1) to build against, or the final (1.20.0) whose merge closes the PRs",
    },
    {
      name: "checklist-url",
      type: "string",
      valueName: "URL",
      description: "the release issue, linked from each PR body",
    },
    {
      name: "wait-for-label",
      type: "boolean",
      description: "wait until the candidate is listed on its conda-forge label before opening anything",
    },
    {
      name: "label-wait-minutes",
      type: "string",
      valueName: "N",
      description: "how long --wait-for-label waits (default: conda-forge.label-wait-minutes)",
    },
    {
      name: "results",
      type: "boolean",
      description:
        "write nothing: read each draft PR's builds per platform against the dependent's default branch (pending while running)",
    },
    {
      name: "out",
      type: "string",
      valueName: "DIR",
      description: `with --results: write ${DEPENDENTS_RESULTS_FILE} there, for \`downstream report\` to merge`,
    },
  ],
  async run(parsed, ctx) {
    const results = parsed.values["results"] === true;
    const out = stringFlag(parsed.values, "out");
    if (out !== undefined && !results)
      throw new InputError("--out goes with --results: add --results to write the dependents' results file");
    if (results && parsed.values["wait-for-label"] === true)
      throw new InputError(
        "--wait-for-label opens PRs once the label lists the candidate; --results only reads: drop one",
      );
    const config = await loadConfigFor(ctx);
    const settings = dependentsSettingsFrom(
      config,
      {
        version: stringFlag(parsed.values, "version"),
        checklistUrl: stringFlag(parsed.values, "checklist-url"),
        waitForLabel: parsed.values["wait-for-label"] === true,
        labelWaitMinutes: stringFlag(parsed.values, "label-wait-minutes"),
      },
      ctx.env,
    );
    if (results) {
      const read = await readDependentsResults(gitHubFor(ctx, false), settings, ctx.logger);
      if (out !== undefined && !ctx.globals.dryRun) {
        const dir = resolve(ctx.cwd, out);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, DEPENDENTS_RESULTS_FILE), `${JSON.stringify(read.results, null, 2)}\n`);
      } else if (out !== undefined) ctx.logger.info(`dry run: would write ${join(out, DEPENDENTS_RESULTS_FILE)}`);
      ctx.stdout(ctx.globals.json ? `${JSON.stringify(read, null, 2)}\n` : renderDependentsResultsText(read));
      return 0;
    }
    const labelPollMs = millisFromEnv(ctx.env, "RELEASE_KIT_LABEL_POLL_MS");
    const forkReadyPollMs = millisFromEnv(ctx.env, "RELEASE_KIT_FORK_POLL_MS");
    const gh = gitHubFor(ctx, !ctx.globals.dryRun);
    const result = await condaForgeDependents(gh, settings, ctx.logger, {
      dryRun: ctx.globals.dryRun,
      env: ctx.env,
      signal: ctx.signal,
      ...(labelPollMs !== undefined ? { labelPollMs } : {}),
      ...(forkReadyPollMs !== undefined ? { forkReadyPollMs } : {}),
    });
    ctx.stdout(
      ctx.globals.json ? `${JSON.stringify(dependentsJson(result), null, 2)}\n` : renderDependentsText(result),
    );
    return 0;
  },
};
