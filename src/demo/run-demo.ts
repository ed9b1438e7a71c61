/**
 * `release-kit demo`: the whole release of a sample project against the embedded sandbox, told as a short
 * story with the places to look. Every chapter runs the real flow (the same code as the CLI and the actions);
 * the few steps people take in a real release (a fix on the branch, a feedstock maintainer's recipe fix, a
 * `/lesson` comment) are made through the API with a maintainer's sandbox token.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createGitHubClient, type GitHubClient } from "../adapters/github/client.js";
import { commitFiles, readRepoText } from "../adapters/github/repo-files.js";
import { parseConfig, type ReleaseKitConfig } from "../config/index.js";
import type { Logger } from "../core/logger.js";
import { silentLogger } from "../core/logger.js";
import { openChecklist } from "../flows/checklist/open-checklist.js";
import { collectLessons } from "../flows/checklist/collect-lessons.js";
import { checklistSettingsFrom } from "../flows/checklist/settings.js";
import { syncChecklist } from "../flows/checklist/sync-checklist.js";
import { condaForgePr } from "../flows/conda-forge/conda-forge-pr.js";
import { condaForgeDependents } from "../flows/conda-forge-dependents/conda-forge-dependents.js";
import { readDependentsResults } from "../flows/conda-forge-dependents/dependents-results.js";
import { dependentsSettingsFrom } from "../flows/conda-forge-dependents/settings.js";
import { notifyPartners } from "../flows/downstream/notify-partners.js";
import { notifySettingsFrom } from "../flows/downstream/notify-settings.js";
import { addPackageFile } from "../sandbox/apply-seed.js";
import { writeFile, mkdir } from "node:fs/promises";
import { feedstockPrSettingsFrom } from "../flows/conda-forge/settings.js";
import { cutRelease, type CutResult } from "../flows/cut-release/cut-release.js";
import { cutSettingsFrom } from "../flows/cut-release/settings.js";
import { readReleaseStatus } from "../flows/status/read-release-status.js";
import { parseChecklist } from "../core/checklist/index.js";
import { startSandbox, type Sandbox } from "../sandbox/server.js";
import { runDemoDownstream } from "./demo-downstream.js";
import {
  DEMO_CONDA_FORGE_CI_TOKEN,
  DEMO_CONFIG,
  DEMO_DEPENDENT_JOBS,
  DEMO_MAINTAINER_TOKEN,
  DEMO_TOKEN,
  WIDGET_CPP,
  demoSeed,
} from "./demo-project.js";
import { downloadSourceTree } from "./download-source-tree.js";

/** Options of the demo. */
export interface DemoOptions {
  /** Keep the sandbox serving after the story until `signal` aborts (default true for people, false for tests). */
  readonly keepServing: boolean;
  readonly port?: number;
  readonly print: (line: string) => void;
  /** Progress logging of the flows (quiet by default). */
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  /** Keep the work directory (downloads, builds, reports) after the demo; deleted otherwise. */
  readonly keep?: boolean;
}

/** One chapter of the story. */
export interface DemoChapter {
  readonly title: string;
  readonly lines: string[];
}

/** What the demo did, for tests. */
export interface DemoResult {
  readonly chapters: DemoChapter[];
  readonly downstream: { readonly rc1: Record<string, string>; readonly rc2: Record<string, string> };
  /** The dependent feedstock's build on conda-forge per platform: its category against its default branch. */
  readonly dependents: { readonly rc1: Record<string, string>; readonly rc2: Record<string, string> };
  readonly finalPrBody: string;
  readonly checklist: { readonly done: number; readonly total: number };
  /** The checklist's keyed items the story did but the sync left unticked (none when every tick follows the story). */
  readonly unticked: readonly string[];
  /** The work directory (kept with `keep`, deleted otherwise). */
  readonly workDir: string;
  readonly ms: number;
}

/** Commits files on a branch as a person would (through the API, with the maintainer's token). */
async function commitAsPerson(
  gh: GitHubClient,
  fullName: string,
  branch: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  const [owner = "", repo = ""] = fullName.split("/");
  const head = await gh.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
  const base = await gh.rest.git.getCommit({ owner, repo, commit_sha: head.data.object.sha });
  const sha = await commitFiles(gh, fullName, {
    parent: head.data.object.sha,
    baseTree: base.data.tree.sha,
    message,
    files: Object.entries(files).map(([path, content]) => ({ path, content })),
  });
  await gh.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha });
  return sha;
}

/** What the project's CI would do after a push: report the required check green on the new commit. */
async function ciPasses(gh: GitHubClient, fullName: string, sha: string): Promise<void> {
  const [owner = "", repo = ""] = fullName.split("/");
  await gh.rest.checks.create({
    owner,
    repo,
    name: "build-and-test",
    head_sha: sha,
    status: "completed",
    conclusion: "success",
  });
}

/**
 * What the project's own publish workflow (cibuildwheel, trusted publishing) does after a tag: here it only
 * puts an sdist on the sandbox's index, so the checklist and the status can see the version published.
 */
async function publishSdist(sandbox: Sandbox, dir: string, version: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const filename = `widget-${version}.tar.gz`;
  const storedAt = path.join(dir, filename);
  const bytes = Buffer.from(`widget ${version} sdist (demo)\n`);
  await writeFile(storedAt, bytes);
  addPackageFile(sandbox.state, {
    name: "widget",
    version,
    filename,
    storedAt,
    bytes,
    requiresPython: ">=3.10",
    uploadTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
}

/**
 * The checklist's keyed items this story does, in its order: each must end ticked. Not here: the feedstock PR's CI
 * (conda-forge's CI of the widget feedstock is not played in the demo).
 */
const STORY_KEYS = [
  "checklist-opened",
  "branch-created",
  "version-bumped",
  "rc-tagged",
  "rc-release-published",
  "rc-on-pypi",
  "feedstock-rc-pr-opened",
  "partners-notified",
  "downstream-report",
  "conda-forge-dependents-green",
  "final-tagged",
  "final-release-published",
  "final-on-pypi",
  "feedstock-final-pr-opened",
  "lessons-collected",
] as const;

function stepLines(result: CutResult): string[] {
  return (result.outcome?.steps ?? []).map(
    (s) => `${s.outcome === "done" ? "done        " : "already done"}  ${s.id}: ${s.detail}`,
  );
}

/** Runs the demo story. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const sandbox: Sandbox = await startSandbox(demoSeed(), { port: options.port });
  const work = await mkdtemp(path.join(os.tmpdir(), "rk-demo-"));
  const chapters: DemoChapter[] = [];
  const logger = options.logger ?? silentLogger;
  const chapter = (title: string, lines: string[]) => {
    chapters.push({ title, lines });
    options.print(`\n${chapters.length}. ${title}`);
    for (const l of lines) options.print(`   ${l}`);
  };
  try {
    const config: ReleaseKitConfig = parseConfig(DEMO_CONFIG, "release-kit.yml (demo)");
    // The demo's own sandbox: no need for GitHub's one-second spacing of writes.
    const client = (token: string) =>
      createGitHubClient({ baseUrl: sandbox.apiUrl, token, logger, writeIntervalMs: 0, retryBaseMs: 50 });
    const bot = client(DEMO_TOKEN);
    const alice = client(DEMO_MAINTAINER_TOKEN);
    const env: NodeJS.ProcessEnv = { ...sandbox.env(), GITHUB_RUN_ID: "demo-run-1" };
    const version = "1.20.0";
    options.print(
      `release-kit demo: the release of acme/widget ${version}, against a local GitHub sandbox (nothing leaves this machine).`,
    );
    options.print(
      `work directory: ${work} (downloads, builds, reports; ${options.keep ? "kept" : "deleted at the end, keep it with --keep"})`,
    );

    // 1. The checklist issue.
    const checklistSettings = checklistSettingsFrom(config, { version }, env);
    const opened = await openChecklist(bot, checklistSettings, logger, { dryRun: false });
    chapter("Release checklist opened", [`${opened.issue?.url ?? "(none)"} (${opened.created ? "created" : "found"})`]);

    // A build-script change lands on main before the cut: it hides a function downstream projects link against.
    const hidden = WIDGET_CPP.replace("WIDGET_API int widget_abi_version", "WIDGET_INTERNAL int widget_abi_version");
    await ciPasses(
      alice,
      "acme/widget",
      await commitAsPerson(
        alice,
        "acme/widget",
        "main",
        { "src/widget.cpp": hidden },
        "build: hide internal symbols by default",
      ),
    );

    // 2. RC1.
    const rc1 = await cutRelease(bot, cutSettingsFrom(config, { kind: "rc", version }, env), logger, { dryRun: false });
    chapter(`Release candidate ${rc1.plan.version} cut`, [
      ...stepLines(rc1),
      `pre-flight: ${rc1.plan.preflight.map((p) => `${p.check} ${p.status}`).join(", ")}`,
    ]);

    // 3. The feedstock PR for RC1 (rc branch, rc label).
    await publishSdist(sandbox, path.join(work, "published"), rc1.plan.version);
    const prOptions = { dryRun: false, env, sourcePollMs: 50 };
    const before = bot.requestLog.length;
    const pr1 = await condaForgePr(
      bot,
      feedstockPrSettingsFrom(config, { version: rc1.plan.version, checklistUrl: opened.issue?.url }, env),
      logger,
      prOptions,
    );
    chapter(`conda-forge feedstock PR for ${rc1.plan.version}`, [
      `${pr1.outcome?.prUrl ?? ""} into ${pr1.plan.base}, ${bot.requestLog.length - before} API requests, no clone`,
      "the recipe's version, sha256 (of the downloaded tag tarball), build number and the rc label changed",
    ]);

    // The dependent feedstock built on conda-forge against a candidate: its draft PR, conda-forge's CI building the
    // PR head on each platform (played with the CI's token; `failing` platforms fail), and the results read back.
    const ci = client(DEMO_CONDA_FORGE_CI_TOKEN);
    const buildDependents = async (candidate: string, failing: readonly string[]) => {
      const settings = dependentsSettingsFrom(config, { version: candidate, checklistUrl: opened.issue?.url }, env);
      const built = await condaForgeDependents(bot, settings, logger, { dryRun: false, env, forkReadyPollMs: 50 });
      for (const d of built.dependents) {
        if (!d.outcome) continue;
        const [owner = "", repo = ""] = d.feedstock.split("/");
        for (const [platform, name] of Object.entries(DEMO_DEPENDENT_JOBS))
          await ci.rest.checks.create({
            owner,
            repo,
            name,
            head_sha: d.outcome.sha,
            conclusion: failing.includes(platform) ? "failure" : "success",
          });
      }
      const read = await readDependentsResults(bot, settings, logger);
      const jobs = read.dependents.flatMap((d) => d.jobs);
      return {
        results: read.results,
        categories: Object.fromEntries(jobs.map((j) => [j.platform, j.category])),
        lines: read.dependents.flatMap((d) => [
          `dependent ${d.feedstock} draft PR ${d.pr?.url ?? "(none)"}, built by conda-forge's CI:`,
          ...d.jobs.map((j) => `  ${j.platform.padEnd(10)} ${j.category}`),
        ]),
      };
    };
    // rc1 hides widget_abi_version: the dependent's linux-64 build, which links against it, fails.
    const deps1 = await buildDependents(rc1.plan.version, ["linux-64"]);

    // 4. Downstream checks of RC1 against 1.19.0.
    const baselineTree = await downloadSourceTree(sandbox, "acme/widget", "v1.19.0", path.join(work, "artifacts"));
    const rc1Tree = await downloadSourceTree(sandbox, "acme/widget", rc1.plan.tag, path.join(work, "artifacts"));
    const down1 = await runDemoDownstream({
      baseline: "1.19.0",
      candidate: rc1.plan.version,
      baselineArtifact: baselineTree,
      candidateArtifact: rc1Tree,
      workDir: path.join(work, "downstream-rc1"),
      logger,
    });
    const notified = await notifyPartners(bot, notifySettingsFrom(config, { version }, env), logger, { dryRun: false });
    chapter(`Downstream checks: ${rc1.plan.version} against 1.19.0`, [
      ...Object.entries(down1.categories).map(([name, category]) => `${name.padEnd(14)} ${category}`),
      ...deps1.lines,
      `partners asked to try ${notified.rcVersion}: ${(notified.applied ?? []).map((a) => `${a.repo} ${a.url} (${a.kind})`).join(", ")}`,
    ]);

    // 5. The fix, on the release branch, and RC2.
    const fix = await commitAsPerson(
      alice,
      "acme/widget",
      rc1.plan.branch,
      { "src/widget.cpp": WIDGET_CPP },
      "build: export widget_abi_version again (downstream regression in rc1)",
    );
    await ciPasses(alice, "acme/widget", fix);
    const rc2 = await cutRelease(
      bot,
      cutSettingsFrom(config, { kind: "rc", version, next: true }, { ...env, GITHUB_RUN_ID: "demo-run-2" }),
      logger,
      { dryRun: false },
    );
    await publishSdist(sandbox, path.join(work, "published"), rc2.plan.version);
    const rc2Tree = await downloadSourceTree(sandbox, "acme/widget", rc2.plan.tag, path.join(work, "artifacts"));
    // The dependents build first, so that the report holds their results, as the release workflow merges them.
    const deps2 = await buildDependents(rc2.plan.version, []);
    const down2 = await runDemoDownstream({
      baseline: "1.19.0",
      candidate: rc2.plan.version,
      baselineArtifact: baselineTree,
      candidateArtifact: rc2Tree,
      workDir: path.join(work, "downstream-rc2"),
      logger,
      dependentsResults: deps2.results,
    });
    chapter(`A fix on ${rc1.plan.branch}, then ${rc2.plan.version}`, [
      ...stepLines(rc2),
      ...Object.entries(down2.categories).map(([name, category]) => `downstream ${name.padEnd(14)} ${category}`),
      ...deps2.lines,
    ]);

    // 6. A feedstock maintainer fixes the recipe on the rc branch while testing the candidate.
    const meta = (await readRepoText(alice, "conda-forge/widget-feedstock", "recipe/meta.yaml", "rc")) ?? "";
    await commitAsPerson(
      alice,
      "conda-forge/widget-feedstock",
      "rc",
      {
        "recipe/meta.yaml": meta.replace("    - cmake\n", "    - cmake\n    - ninja\n"),
        "recipe/build-with-ninja.patch":
          "--- a/CMakeLists.txt\n+++ b/CMakeLists.txt\n@@ -1 +1,2 @@\n cmake_minimum_required(VERSION 3.20)\n+set(CMAKE_GENERATOR Ninja)\n",
      },
      "Build with ninja (found while testing the release candidate)",
    );

    // 7. The final, and its feedstock PR, which carries the recipe fix made on rc.
    const final = await cutRelease(
      bot,
      cutSettingsFrom(config, { kind: "final", version }, { ...env, GITHUB_RUN_ID: "demo-run-3" }),
      logger,
      { dryRun: false },
    );
    await publishSdist(sandbox, path.join(work, "published"), final.plan.version);
    const prFinal = await condaForgePr(
      bot,
      feedstockPrSettingsFrom(config, { version, checklistUrl: opened.issue?.url }, env),
      logger,
      prOptions,
    );
    const finalPr = prFinal.outcome
      ? (
          await bot.rest.pulls.get({
            owner: "conda-forge",
            repo: "widget-feedstock",
            pull_number: prFinal.outcome.prNumber,
          })
        ).data
      : undefined;
    const finalBody = finalPr?.body ?? "";
    chapter(`Final release ${final.plan.version}`, [
      ...stepLines(final),
      `feedstock PR ${prFinal.outcome?.prUrl ?? ""} into main; carried from rc: ${/ninja/.test(finalBody) ? "the ninja build fix" : "nothing"}`,
    ]);

    // 8. Lessons: a maintainer's /lesson comment becomes a PR adding checklists/lessons/1.20.0.md.
    if (opened.issue) {
      await alice.rest.issues.createComment({
        owner: "acme",
        repo: "widget",
        issue_number: opened.issue.number,
        body: "/lesson Run the downstream checks before merging build-script changes: rc1 hid widget_abi_version.",
      });
    }
    const lessons = await collectLessons(bot, checklistSettings, logger, { dryRun: false });
    chapter("Lessons collected", [`${lessons.lessons} lesson(s) -> ${lessons.pr?.url ?? "no PR"} (${lessons.path})`]);

    // 9. The checklist, ticked from the real state, and the status screen.
    const withReport = checklistSettingsFrom(
      config,
      { version, downstreamReport: path.join(work, "downstream-rc2", "report", "results.json") },
      env,
    );
    const synced = await syncChecklist(bot, withReport, logger, { dryRun: false });
    // The status without the report file: it reads the observation the checklist recorded, so the two agree.
    const status = await readReleaseStatus(bot, checklistSettings);
    const ticked = new Set(
      parseChecklist(synced.plan.body).blocks.flatMap((b) => (b.kind === "item" && b.checked && b.key ? [b.key] : [])),
    );
    const unticked = STORY_KEYS.filter((key) => !ticked.has(key));
    chapter("Checklist and status", [
      `checklist ${synced.issue.url}: ${synced.progress.done}/${synced.progress.total} done, every step of this story ticked${unticked.length > 0 ? ` except ${unticked.join(", ")}` : ""}; the rest are for people`,
      ...status.rows.map((r) => `${r.label}: ${r.value}`),
      `next: ${status.next}`,
    ]);

    const api = sandbox.apiUrl;
    chapter("Where to look", [
      `git clone ${sandbox.serverUrl}/acme/widget.git && git -C widget log --oneline --decorate --all`,
      `curl -s ${api}/repos/acme/widget/releases`,
      `curl -s ${api}/repos/conda-forge/widget-feedstock/pulls?state=all`,
      `curl -s ${api}/repos/acme/widget/issues/${opened.issue?.number ?? 1}`,
      `point the CLI at it: export GITHUB_API_URL=${api} GITHUB_SERVER_URL=${sandbox.serverUrl} PYPI_URL=${sandbox.pypiUrl} (reads need no token)`,
    ]);
    const ms = Math.round(performance.now() - started);
    options.print(`\nDone in ${(ms / 1000).toFixed(1)} s.`);
    if (options.keepServing) {
      options.print(`The sandbox keeps serving at ${sandbox.serverUrl}; press Ctrl-C to stop it.`);
      await new Promise<void>((resolve) => {
        if (!options.signal || options.signal.aborted) return resolve();
        options.signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    return {
      chapters,
      downstream: { rc1: down1.categories, rc2: down2.categories },
      dependents: { rc1: deps1.categories, rc2: deps2.categories },
      finalPrBody: finalBody,
      checklist: { done: synced.progress.done, total: synced.progress.total },
      unticked,
      workDir: work,
      ms,
    };
  } finally {
    await sandbox.stop();
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}
