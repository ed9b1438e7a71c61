/**
 * A sample project for flow tests: the acme/widget repository in a sandbox, a release-kit.yml for it in a
 * temp directory, and a way to run the CLI in-process against them.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runCli } from "../../src/cli/main.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { recordCapturedLog } from "./captured-logs.js";

/** The seed: a project at 1.19.0 released, main holding 1.20.0, green checks, one writer and one reader token. */
export function widgetSeed(
  extra: {
    files?: Record<string, string>;
    checks?: Record<string, "success" | "failure" | "pending">;
    /** The repository's `protected-branches:` (patterns or rules); a `t-bypass` token then bypasses them. */
    protectedBranches?: unknown[];
    /** More branches at main's head. */
    branches?: string[];
  } = {},
) {
  return normalizeSeed(
    {
      tokens: [
        { token: "t-release", login: "release-bot", write: ["acme/widget", "release-bot/*"] },
        { token: "t-reader", login: "reader", write: [] },
        ...(extra.protectedBranches
          ? [
              { token: "t-bypass", login: "admin-bot", write: ["acme/widget"], "bypass-branch-protection": true },
              { token: "t-maintainer", login: "maintainer", write: ["acme/widget"] },
            ]
          : []),
      ],
      repos: [
        {
          name: "acme/widget",
          files: {
            VERSION_NUMBER: "1.20.0\n",
            "widget/__init__.py": '__version__ = "1.20.0"\n',
            "pyproject.toml": '[project]\nname = "widget"\ndynamic = ["version"]\nrequires-python = ">=3.11"\n',
            ...extra.files,
          },
          tags: ["v1.19.0"],
          labels: ["release-blocker"],
          checks: extra.checks ?? { build: "success" },
          ...(extra.protectedBranches ? { "protected-branches": extra.protectedBranches } : {}),
          ...(extra.branches ? { branches: extra.branches } : {}),
        },
      ],
    },
    process.cwd(),
  );
}

/** The release-kit.yml of the widget project. */
export const widgetConfig = `project:
  repo: acme/widget
  version-files: [VERSION_NUMBER, widget/__init__.py]
rc:
  required-checks: [build]
`;

/** A sandbox with the widget project and a config file on disk. */
export interface WidgetWorld {
  readonly sandbox: Sandbox;
  readonly dir: string;
  readonly configPath: string;
  /** Runs `release-kit ...args` in-process; returns exit code and output. */
  cli(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** A fast client (no write spacing, short retries) for direct flow calls. */
  client(token?: string): GitHubClient;
}

/** Fixed clock, so that commits and tags made by a rerun have the same SHAs as an uninterrupted run. */
export const FIXED_NOW = () => new Date("2026-11-01T12:00:00Z");

/** Starts the world. */
export async function startWidgetWorld(
  options: SandboxOptions & { config?: string; seed?: ReturnType<typeof widgetSeed> } = {},
): Promise<WidgetWorld> {
  const sandbox = await startSandbox(options.seed ?? widgetSeed(), { now: FIXED_NOW, ...options });
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-widget-"));
  const configPath = path.join(dir, "release-kit.yml");
  await writeFile(configPath, options.config ?? widgetConfig);
  return {
    sandbox,
    dir,
    configPath,
    async cli(args, env = {}) {
      let stdout = "";
      let stderr = "";
      const code = await runCli(args, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: {
          ...sandbox.env(),
          GITHUB_TOKEN: "t-release",
          RELEASE_KIT_WRITE_INTERVAL_MS: "0",
          RELEASE_KIT_RETRY_BASE_MS: "5",
          PATH: process.env.PATH,
          ...env,
        },
        cwd: dir,
      });
      recordCapturedLog(`release-kit ${args.join(" ")}`, stdout + stderr);
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
  };
}

/** Everything visible of a repository: refs with SHAs, releases, issues and comments (for state comparisons). */
export async function snapshot(sandbox: Sandbox, fullName: string) {
  const refs = await sandbox.git.listRefs(fullName);
  return {
    refs: refs.map((r) => `${r.ref} ${r.sha}`).sort(),
    releases: sandbox.state.data.releases
      .filter((r) => r.repo === fullName)
      .map((r) => `${r.tagName} ${r.name} draft=${r.draft} pre=${r.prerelease} body=${r.body?.length ?? 0}`)
      .sort(),
    issues: sandbox.state.data.issues
      .filter((i) => i.repo === fullName)
      .map((i) => `#${i.number} ${i.state} ${i.title}`),
    comments: sandbox.state.data.comments.filter((c) => c.repo === fullName).map((c) => `${c.issueNumber}: ${c.body}`),
  };
}
