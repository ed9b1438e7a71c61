/**
 * A release in progress for the checklist tests: acme/widget with a feedstock, a partner repository and a package
 * index in a sandbox, a release-kit.yml that names them all, and ways to act as the other flows and as people.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { parseArgs } from "node:util";
import type { Command, CommandContext } from "../../src/cli/command.js";
import { checklistOpenCommand } from "../../src/cli/commands/checklist-open.js";
import { checklistSyncCommand } from "../../src/cli/commands/checklist-sync.js";
import { finalCommand, rcCommand } from "../../src/cli/commands/cut.js";
import { lessonsCollectCommand } from "../../src/cli/commands/lessons-collect.js";
import { statusCommand } from "../../src/cli/commands/status.js";
import { createConsoleLogger } from "../../src/cli/console-logger.js";
import { describeFailure } from "../../src/core/errors.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { loadConfig } from "../../src/config/index.js";
import type { ChecklistSettings } from "../../src/core/checklist/index.js";
import { checklistSettingsFrom } from "../../src/flows/checklist/settings.js";
import { addPackageFile } from "../../src/sandbox/apply-seed.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { FIXED_NOW } from "../helpers/widget-project.js";

/** The config: PyPI, a feedstock with a fork owner, one partner. */
export const checklistConfig = `project:
  repo: acme/widget
  version-files: [VERSION_NUMBER]
pypi:
  package: widget
conda-forge:
  feedstock: conda-forge/widget-feedstock
  fork-owner: release-bot
partners: [partner/app]
`;

/** The seed: release-bot writes acme/widget and its fork; maintainer is a collaborator; outsider writes nothing. */
export function checklistSeed(files: Record<string, string> = {}) {
  return normalizeSeed(
    {
      tokens: [
        { token: "t-release", login: "release-bot", write: ["acme/widget", "release-bot/*", "partner/app"] },
        { token: "t-maint", login: "maintainer", write: ["acme/widget"] },
        { token: "t-outsider", login: "outsider", write: [] },
        { token: "t-feedstock", login: "cf-admin", write: ["conda-forge/widget-feedstock"] },
        // A workflow's GITHUB_TOKEN in acme/widget with what the checklist jobs grant.
        {
          token: "ghs_workflow",
          login: "github-actions[bot]",
          kind: "actions",
          repositories: ["acme/widget"],
          permissions: { contents: "write", issues: "write", "pull-requests": "write" },
        },
      ],
      repos: [
        { name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n", ...files }, tags: ["v1.19.0"] },
        {
          name: "conda-forge/widget-feedstock",
          files: { "recipe/meta.yaml": '{% set version = "1.19.0" %}\n' },
          branches: ["rc"],
        },
        { name: "partner/app", files: { "README.md": "app\n" } },
      ],
    },
    process.cwd(),
  );
}

/** The running world. */
export interface ChecklistWorld {
  readonly sandbox: Sandbox;
  readonly dir: string;
  cli(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  client(token?: string): GitHubClient;
  settings(extra?: { downstreamReport?: string }): Promise<ChecklistSettings>;
  /** The body of the checklist issue (the lowest-numbered open one titled `Release 1.20.0`). */
  issueBody(): string;
  /** Open issues titled `Release 1.20.0`. */
  openChecklists(): { number: number; body: string | null }[];
  /** Publishes a file on the package index. */
  publish(version: string, filename: string): void;
  stop(): Promise<void>;
}

/** Starts the world. */
export async function startChecklistWorld(
  options: SandboxOptions & { config?: string; files?: Record<string, string> } = {},
): Promise<ChecklistWorld> {
  const sandbox = await startSandbox(checklistSeed(options.files), { now: FIXED_NOW, ...options });
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-checklist-"));
  const configPath = path.join(dir, "release-kit.yml");
  await writeFile(configPath, options.config ?? checklistConfig);
  const env = () => ({
    ...sandbox.env(),
    GITHUB_TOKEN: "t-release",
    RELEASE_KIT_WRITE_INTERVAL_MS: "0",
    RELEASE_KIT_RETRY_BASE_MS: "5",
    PATH: process.env.PATH,
  });
  const checklists = () =>
    sandbox.state.data.issues
      .filter((i) => i.repo === "acme/widget" && i.title === "Release 1.20.0" && i.state === "open" && !i.pull)
      .sort((a, b) => a.number - b.number);
  return {
    sandbox,
    dir,
    async cli(args, extra = {}) {
      let stdout = "";
      let stderr = "";
      const code = await runCommand(args, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: { ...env(), ...extra },
        cwd: dir,
      });
      return { code, stdout, stderr };
    },
    client(token = "t-release") {
      return createGitHubClient({
        baseUrl: sandbox.apiUrl,
        token,
        logger: new RecordingLogger(),
        writeIntervalMs: 0,
        retryBaseMs: 5,
      });
    },
    async settings(extra = {}) {
      const config = await loadConfig(configPath, { displayName: "release-kit.yml" });
      return checklistSettingsFrom(config, { version: "1.20.0", ...extra }, env());
    },
    issueBody() {
      return checklists()[0]?.body ?? "";
    },
    openChecklists() {
      return checklists().map((i) => ({ number: i.number, body: i.body }));
    },
    publish(version, filename) {
      const bytes = Buffer.from(`${filename}\n`);
      addPackageFile(sandbox.state, {
        name: "widget",
        version,
        filename,
        storedAt: path.join(dir, filename),
        bytes,
        requiresPython: ">=3.11",
        uploadTime: FIXED_NOW().toISOString(),
      });
      void writeFile(path.join(dir, filename), bytes);
    },
    stop: () => sandbox.stop(),
  };
}

/** Acts as the cut flow: cuts rc1 with release-kit itself. */
export async function cutRc1(world: ChecklistWorld): Promise<void> {
  const r = await world.cli(["rc", "--version", "1.20.0", "--run-id", "1"]);
  if (r.code !== 0) throw new Error(`rc cut failed: ${r.stderr}`);
}

/** Acts as the conda-forge flow: forks the feedstock and opens the candidate PR from release-kit/widget-1.20.0rc1. */
export async function openFeedstockPr(world: ChecklistWorld, version = "1.20.0rc1", base = "rc"): Promise<number> {
  const gh = world.client();
  const upstream = { owner: "conda-forge", repo: "widget-feedstock" };
  await gh.rest.repos.createFork(upstream);
  const fork = { owner: "release-bot", repo: "widget-feedstock" };
  // GitHub copies a new fork asynchronously: its refs answer 409 "Git Repository is empty." until the copy is done.
  let head: Awaited<ReturnType<typeof gh.rest.git.getRef>> | undefined;
  for (let read = 1; !head; read++) {
    head = await gh.rest.git.getRef({ ...fork, ref: `heads/${base}` }).catch((error: { status?: number }) => {
      if (error.status !== 409 || read >= 5) throw error;
      return undefined;
    });
  }
  const commit = await gh.rest.git.getCommit({ ...fork, commit_sha: head.data.object.sha });
  const tree = await gh.rest.git.createTree({
    ...fork,
    base_tree: commit.data.tree.sha,
    tree: [{ path: "recipe/meta.yaml", mode: "100644", type: "blob", content: `{% set version = "${version}" %}\n` }],
  });
  const next = await gh.rest.git.createCommit({
    ...fork,
    message: `widget ${version}`,
    tree: tree.data.sha,
    parents: [head.data.object.sha],
  });
  await gh.rest.git.createRef({ ...fork, ref: `refs/heads/release-kit/widget-${version}`, sha: next.data.sha });
  const pr = await gh.rest.pulls.create({
    ...upstream,
    title: `widget v${version}`,
    head: `release-bot:release-kit/widget-${version}`,
    base,
  });
  return pr.data.number;
}

/** Acts as feedstock CI: a green check run on the PR's head. */
export async function greenCi(world: ChecklistWorld, pr: number): Promise<void> {
  const gh = world.client("t-feedstock");
  const upstream = { owner: "conda-forge", repo: "widget-feedstock" };
  const { data } = await gh.rest.pulls.get({ ...upstream, pull_number: pr });
  await gh.rest.checks.create({
    ...upstream,
    name: "linux_64",
    head_sha: data.head.sha,
    status: "completed",
    conclusion: "success",
    completed_at: "2026-11-01T13:00:00Z",
  });
}

/** Acts as `downstream notify`: the partner's integration issue. */
export async function notifyPartner(world: ChecklistWorld): Promise<void> {
  await world.client().rest.issues.create({ owner: "partner", repo: "app", title: "Integrate with widget 1.20.0" });
}

const COMMANDS: readonly Command[] = [
  rcCommand,
  finalCommand,
  checklistOpenCommand,
  checklistSyncCommand,
  lessonsCollectCommand,
  statusCommand,
];

/**
 * Runs one of the commands above the way src/cli/main.ts does (global flags, one error line, exit codes), without
 * the shared registry, which other work in progress may leave unloadable.
 */
async function runCommand(
  argv: readonly string[],
  io: { stdout: (t: string) => void; stderr: (t: string) => void; env: NodeJS.ProcessEnv; cwd: string },
): Promise<number> {
  try {
    const command = COMMANDS.find((c) => c.words.every((w, i) => argv[i] === w));
    if (!command) throw new Error(`test runner: no command ${argv.join(" ")}`);
    const options: Record<string, { type: "string" | "boolean" }> = {
      config: { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
      verbose: { type: "boolean" },
      token: { type: "string" },
    };
    for (const f of command.flags) options[f.name] = { type: f.type };
    const parsed = parseArgs({ args: argv.slice(command.words.length), options, strict: true });
    const v = parsed.values as Record<string, string | boolean | undefined>;
    const ctx: CommandContext = {
      globals: { dryRun: v["dry-run"] === true, json: v.json === true, verbose: v.verbose === true },
      logger: createConsoleLogger(io.stderr, false),
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      cwd: io.cwd,
      signal: new AbortController().signal,
    };
    return await command.run({ values: v, positionals: [] }, ctx);
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr(`release-kit: ${failure.message}\n`);
    if (failure.isBug && failure.stack) io.stderr(`${failure.stack}\n`);
    return failure.exitCode;
  }
}
