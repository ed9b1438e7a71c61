/**
 * Every CLI command, found by its words and loaded only when it runs: a command module imports its flow, and
 * loading all of them to run one (or to print the version or the help) cost about 200 ms of every invocation. A
 * test checks that each entry's words and summary are the loaded command's. Add one entry per command.
 */
import type { Command } from "../command.js";

/** A command as the CLI dispatches on it: its words, and its module, loaded when it is chosen. */
export interface CommandEntry {
  /** Words that select it; the same as the loaded command's `words`. */
  readonly words: readonly string[];
  /** The line `release-kit --help` shows; the same as the loaded command's `summary`. */
  readonly summary: string;
  load(): Promise<Command>;
}

/** The registry the CLI dispatches on, in the order `release-kit --help` lists them. */
export const commands: readonly CommandEntry[] = [
  {
    words: ["init"],
    summary: "Set up release-kit in a project: detect its versions, tags and checks, write release-kit.yml and more",
    load: async () => (await import("./init.js")).initCommand,
  },
  {
    words: ["rc"],
    summary: "Cut the next release candidate: branch, version bump, tag, pre-release",
    load: async () => (await import("./cut.js")).rcCommand,
  },
  {
    words: ["final"],
    summary: "Cut the final release on the release branch: bump, tag, release",
    load: async () => (await import("./cut.js")).finalCommand,
  },
  {
    words: ["detect"],
    summary: "Tell whether the version files at a ref name a new release candidate or final (no tag yet)",
    load: async () => (await import("./detect.js")).detectCommand,
  },
  {
    words: ["publish"],
    summary: "Dispatch the publishing workflow for a tag, wait for it, and check the files are on the package index",
    load: async () => (await import("./publish.js")).publishCommand,
  },
  {
    words: ["conda-forge", "bump-recipe"],
    summary: "Bump a local feedstock's recipe to a new version (hashes, build number, rc label) and print the diff",
    load: async () => (await import("./conda-forge-bump-recipe.js")).condaForgeBumpRecipeCommand,
  },
  {
    words: ["conda-forge", "pr"],
    summary: "Open or update the conda-forge feedstock PR of a candidate or final, from a fork, with verified hashes",
    load: async () => (await import("./conda-forge-pr.js")).condaForgePrCommand,
  },
  {
    words: ["conda-forge", "dependents"],
    summary:
      "Open or update draft PRs that build the dependent feedstocks against a candidate; close them after the final",
    load: async () => (await import("./conda-forge-dependents.js")).condaForgeDependentsCommand,
  },
  {
    words: ["downstream", "plan"],
    summary: "Print the matrix of downstream shard jobs, balanced by earlier durations",
    load: async () => (await import("./downstream-plan.js")).downstreamPlanCommand,
  },
  {
    words: ["downstream", "run"],
    summary: "Run one shard of the downstream checks and write its results",
    load: async () => (await import("./downstream-run.js")).downstreamRunCommand,
  },
  {
    words: ["downstream", "report"],
    summary: "Merge downstream shard results into one report; exit 1 on regressions",
    load: async () => (await import("./downstream-report.js")).downstreamReportCommand,
  },
  {
    words: ["downstream", "notify"],
    summary: "Open or update the partner issues asking to try the release candidate",
    load: async () => (await import("./downstream-notify.js")).downstreamNotifyCommand,
  },
  {
    words: ["artifacts", "diff"],
    summary: "Diff two wheels, sdists or directories: files, exported symbols, Python metadata",
    load: async () => (await import("./artifacts-diff.js")).artifactsDiffCommand,
  },
  {
    words: ["checklist", "open"],
    summary: "Create (or find) the release checklist issue: template, earlier lessons, status",
    load: async () => (await import("./checklist-open.js")).checklistOpenCommand,
  },
  {
    words: ["checklist", "sync"],
    summary: "Tick the checklist from tags, releases, PyPI, the feedstock, downstream and partner issues",
    load: async () => (await import("./checklist-sync.js")).checklistSyncCommand,
  },
  {
    words: ["lessons", "collect"],
    summary: "Open or update the one PR that adds the release's lessons (from /lesson comments) to checklists/lessons",
    load: async () => (await import("./lessons-collect.js")).lessonsCollectCommand,
  },
  {
    words: ["status"],
    summary: "Show a release: tags, releases, PyPI, feedstock PR and CI, downstream, partners, checklist, next step",
    load: async () => (await import("./status.js")).statusCommand,
  },
  {
    words: ["config", "check"],
    summary: "Validate release-kit.yml and print it with every default filled in",
    load: async () => (await import("./config-check.js")).configCheckCommand,
  },
  {
    words: ["sandbox", "serve"],
    summary: "Serve a local GitHub REST API, web host and package index for offline runs and tests",
    load: async () => (await import("./sandbox-serve.js")).sandboxServeCommand,
  },
  {
    words: ["demo"],
    summary: "Run the release of a sample project end to end against a local GitHub sandbox, and keep it inspectable",
    load: async () => (await import("./demo.js")).demoCommand,
  },
];
