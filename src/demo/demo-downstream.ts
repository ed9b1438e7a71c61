/**
 * The downstream chapter of `release-kit demo`: three sample projects (examples/demo/downstream/) run through the
 * real runner against the baseline and the candidate (their source trees as artifacts), one that passes, one that
 * regresses when the candidate stops exporting a function it links against, and one that is flaky, then merged into
 * the real report.
 */
import { existsSync } from "node:fs";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify as stringifyYaml } from "yaml";
import { runProcessOrThrow } from "../adapters/processes.js";
import { loadConfig } from "../config/index.js";
import type { Category } from "../core/downstream/outcomes.js";
import type { DownstreamReport, ShardResults } from "../core/downstream/shard-results.js";
import { DEPENDENTS_RESULTS_FILE } from "../flows/conda-forge-dependents/dependents-results.js";
import { ConfigError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { runShard } from "../flows/downstream/run-shard.js";
import { downstreamSettingsFromConfig } from "../flows/downstream/settings.js";
import { writeReport } from "../flows/downstream/write-report.js";
import { DEMO_CONFIG } from "./demo-project.js";

/** The sample projects and the category each should land in. */
export const DEMO_DOWNSTREAMS: Readonly<Record<string, Category>> = {
  steady: "same-test-pass",
  "abi-user": "regressed",
  racy: "flaky",
};

/** What the demo chapter needs. */
export interface DemoDownstreamOptions {
  /** The last final release, e.g. 1.19.0. */
  readonly baseline: string;
  /** The release candidate, e.g. 1.20.0rc1. */
  readonly candidate: string;
  /** Source tree of the baseline (RELEASE_KIT_ARTIFACT of the baseline side). */
  readonly baselineArtifact?: string;
  /** Source tree of the candidate. */
  readonly candidateArtifact?: string;
  /** An empty (or new) directory for repositories, checkouts, logs and the report. */
  readonly workDir: string;
  readonly logger: Logger;
  /**
   * The dependents' builds on conda-forge (`conda-forge dependents --results`), merged into the report as the
   * release workflow merges them; absent: the report holds the downstream projects only.
   */
  readonly dependentsResults?: ShardResults;
}

/** The report and where each sample landed. */
export interface DemoDownstreamResult {
  readonly report: DownstreamReport;
  readonly markdown: string;
  /** Downstream name -> category. */
  readonly categories: Record<string, string>;
}

/** Runs the three samples (each a git repository made in `workDir`, as the runner clones) and merges the report. */
export async function runDemoDownstream(options: DemoDownstreamOptions): Promise<DemoDownstreamResult> {
  const work = path.resolve(options.workDir);
  const samples = findSamplesDir();
  const reposDir = path.join(work, "repos");
  // A fresh state directory each time: racy's attempt counter must start at zero for the story to repeat.
  const stateDir = path.join(work, "state");
  await rm(stateDir, { recursive: true, force: true });
  await mkdir(reposDir, { recursive: true });
  const entries = [];
  for (const name of Object.keys(DEMO_DOWNSTREAMS)) {
    const repo = path.join(reposDir, name);
    await rm(repo, { recursive: true, force: true });
    await cp(path.join(samples, name), repo, { recursive: true });
    await commitAll(repo);
    entries.push({
      name,
      path: path.relative(work, repo),
      platforms: ["local"],
      test: [process.execPath, "test.mjs"],
      env: { DEMO_STATE_DIR: stateDir },
      "timeout-minutes": 2,
    });
  }
  // The demo project's release-kit.yml with a downstream section, read like any user's: through the config loader.
  const configFile = path.join(work, "release-kit.yml");
  const downstreamSection = stringifyYaml({ downstream: entries, "downstream-check": { retries: 2, concurrency: 3 } });
  await writeFile(configFile, `${DEMO_CONFIG}${downstreamSection}`);
  const config = await loadConfig(configFile);
  const settings = downstreamSettingsFromConfig(config, path.dirname(configFile));
  const shardDir = path.join(work, "results");
  await rm(shardDir, { recursive: true, force: true });
  await runShard(settings, {
    shard: { index: 1, of: 1 },
    outDir: shardDir,
    workDir: path.join(work, "checkouts"),
    baseline: { version: options.baseline, artifact: options.baselineArtifact },
    candidate: { version: options.candidate, artifact: options.candidateArtifact },
    env: process.env,
    logger: options.logger,
  });
  if (options.dependentsResults)
    await writeFile(
      path.join(shardDir, DEPENDENTS_RESULTS_FILE),
      `${JSON.stringify(options.dependentsResults, null, 2)}\n`,
    );
  const outcome = await writeReport([shardDir], path.join(work, "report"), {
    failOn: ["regressed"],
    fullReport: path.join(work, "report", "results.json"),
  });
  return {
    report: outcome.report,
    markdown: outcome.markdown,
    // The downstream projects only: the dependents' builds have their own lines in the story.
    categories: Object.fromEntries(
      outcome.report.downstreams.filter((d) => d.source !== "conda-forge").map((d) => [d.name, d.category]),
    ),
  };
}

/** `examples/demo/downstream` of this installation, found by walking up from this file (source or bundle). */
function findSamplesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "examples", "demo", "downstream");
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new ConfigError(
    "release-kit's examples/demo/downstream is missing from this installation: reinstall release-kit",
  );
}

/** Makes `dir` a git repository with one commit, isolated from the user's git configuration. */
async function commitAll(dir: string): Promise<void> {
  const env = { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  const git = (args: string[]) => runProcessOrThrow("git", args, { cwd: dir, env });
  await git(["init", "--quiet", "--initial-branch=main"]);
  await git(["add", "--all"]);
  await git([
    "-c",
    "user.name=release-kit demo",
    "-c",
    "user.email=demo@release-kit.invalid",
    "-c",
    "commit.gpgsign=false",
    "commit",
    "--quiet",
    "-m",
    "demo downstream",
  ]);
}
