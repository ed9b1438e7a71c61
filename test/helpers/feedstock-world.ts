/**
 * A conda-forge world for flow tests: the upstream project acme/widget (tags whose archive tarballs the sandbox
 * serves), a feedstock conda-forge/widget-feedstock written for these tests (a meta.yaml with a GitHub tag tarball,
 * or a recipe.yaml with a PyPI sdist seeded in the package index), branches main and rc, a bot token that can write
 * only release-bot/*, a maintainer token, and a release-kit.yml in a temp directory.
 */
import { writeFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runCli } from "../../src/cli/main.js";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { addPackageFile } from "../../src/sandbox/apply-seed.js";
import type { TreeEntryInput } from "../../src/sandbox/git-store.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { FIXED_NOW } from "./widget-project.js";

export { FIXED_NOW };

/** The feedstock every world holds. */
export const FEEDSTOCK = "conda-forge/widget-feedstock";
/** The fork the bot's PRs come from. */
export const FORK = "release-bot/widget-feedstock";

const oldSha = "a".repeat(64);

/** A conda-build recipe whose source is the GitHub tag tarball. */
export const widgetMetaYaml = `{% set name = "widget" %}
{% set version = "1.19.0" %}

package:
  name: {{ name|lower }}
  version: {{ version }}

source:
  url: https://github.com/acme/widget/archive/v{{ version }}.tar.gz
  sha256: ${oldSha}

build:
  number: 2
  script: {{ PYTHON }} -m pip install . -vv

requirements:
  host:
    - python
    - pip
  run:
    - python

test:
  imports:
    - widget

about:
  home: https://github.com/acme/widget
  license: Apache-2.0
  summary: A widget for tests
`;

/** A rattler-build recipe whose source is the PyPI sdist. */
export const widgetRecipeYaml = `context:
  name: widget
  version: "1.19.0"

package:
  name: \${{ name }}
  version: \${{ version }}

source:
  url: https://pypi.org/packages/source/\${{ name[0] }}/\${{ name }}/widget-\${{ version }}.tar.gz
  sha256: ${oldSha}

build:
  number: 1
  noarch: python
  script: \${{ PYTHON }} -m pip install . -vv

requirements:
  host:
    - python
    - pip
  run:
    - python

about:
  homepage: https://github.com/acme/widget
  license: Apache-2.0
  summary: A widget for tests
`;

/** The feedstock's build config on main: a comment and a key of its own (kept by every edit). */
export const widgetCondaBuildConfig = `# Pins of the widget build
python_min:
  - "3.10"
`;

/** Content of a seeded sdist. */
export function sdistContent(version: string): string {
  return `widget ${version} sdist for tests\n`;
}

/** Options of the world. */
export interface FeedstockWorldOptions extends SandboxOptions {
  /** meta-yaml: GitHub tag tarball; recipe-yaml: PyPI sdist. */
  readonly recipe?: "meta-yaml" | "recipe-yaml";
  /** Feedstock files instead of the widget recipe (a real recipe from ../shared, seeded at test time). */
  readonly feedstockFiles?: Record<string, string>;
  readonly feedstock?: string;
  readonly upstream?: string;
  readonly upstreamTags?: readonly string[];
  /** Whether the feedstock has an rc branch (default true). */
  readonly rcBranch?: boolean;
  /** Sdists seeded in the index (recipe-yaml: default 1.20.0rc1 and 1.20.0). */
  readonly sdists?: readonly string[];
  /** The whole release-kit.yml. */
  readonly config?: string;
  /** Extra keys under conda-forge: (indented two spaces). */
  readonly condaForgeExtra?: string;
  /** More repositories (raw seed entries: name, files, tags, branches, checks...), e.g. dependent feedstocks. */
  readonly extraRepos?: readonly Record<string, unknown>[];
  /** Conda channel packages (raw seed entries), e.g. a candidate already on its label. */
  readonly conda?: readonly Record<string, unknown>[];
  /** More tokens (raw seed entries), e.g. of other kinds (`kind: fine-grained`...). */
  readonly extraTokens?: readonly Record<string, unknown>[];
  /** Reads a new fork answers as still being copied (the seed's fork-ready-after-polls; default the sandbox's). */
  readonly forkReadyAfterPolls?: number;
}

/** The running world. */
export interface FeedstockWorld {
  readonly sandbox: Sandbox;
  readonly dir: string;
  readonly configPath: string;
  readonly feedstock: string;
  /** Runs `release-kit ...args` in-process against the sandbox with the bot's token. */
  cli(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  client(token?: string): GitHubClient;
  /** Commits files (null deletes) on a branch directly in the sandbox's git, as a maintainer's merge would. */
  commit(repo: string, branch: string, files: Record<string, string | null>, message: string): Promise<string>;
  /** Publishes an sdist on the package index (a late upload). */
  publishSdist(version: string, content?: string): void;
  /** Reads a file of a repository at a ref from the sandbox's git. */
  readFile(repo: string, ref: string, file: string): Promise<string | undefined>;
}

/** The release-kit.yml of the widget project. */
export function widgetFeedstockConfig(extra = ""): string {
  return `project:
  repo: acme/widget
  version-files: [widget/__init__.py]
pypi:
  package: widget
conda-forge:
  feedstock: ${FEEDSTOCK}
  fork-owner: release-bot
  source-wait-minutes: 0
${extra}`;
}

/** Starts the world. */
export async function startFeedstockWorld(options: FeedstockWorldOptions = {}): Promise<FeedstockWorld> {
  const feedstock = options.feedstock ?? FEEDSTOCK;
  const upstream = options.upstream ?? "acme/widget";
  const recipeYaml = options.recipe === "recipe-yaml";
  const feedstockFiles = options.feedstockFiles ?? {
    "README.md": "About widget-feedstock\n",
    "conda-forge.yml": "github:\n  branch_name: main\n",
    [recipeYaml ? "recipe/recipe.yaml" : "recipe/meta.yaml"]: recipeYaml ? widgetRecipeYaml : widgetMetaYaml,
    "recipe/conda_build_config.yaml": widgetCondaBuildConfig,
  };
  const sdists = options.sdists ?? (recipeYaml ? ["1.20.0rc1", "1.20.0"] : []);
  const seed = normalizeSeed(
    {
      ...(options.forkReadyAfterPolls !== undefined ? { "fork-ready-after-polls": options.forkReadyAfterPolls } : {}),
      tokens: [
        { token: "t-release", login: "release-bot", write: ["release-bot/*"] },
        { token: "t-maint", login: "widget-maintainer", write: [feedstock] },
        { token: "t-reader", login: "reader", write: [] },
        // conda-forge's CI reporting check runs on the feedstocks' PRs.
        { token: "t-ci", login: "conda-forge-ci", write: ["conda-forge/*"] },
        ...(options.extraTokens ?? []),
      ],
      repos: [
        {
          name: upstream,
          files: {
            "pyproject.toml": '[project]\nname = "widget"\ndynamic = ["version"]\n',
            "widget/__init__.py": '__version__ = "1.20.0"\n',
          },
          tags: options.upstreamTags ?? ["v1.19.0", "v1.20.0rc1", "v1.20.0rc2", "v1.20.0"],
        },
        { name: feedstock, files: feedstockFiles, branches: options.rcBranch === false ? [] : ["rc"] },
        ...(options.extraRepos ?? []),
      ],
      conda: options.conda ?? [],
      packages: sdists.map((version) => ({
        name: "widget",
        version,
        filename: `widget-${version}.tar.gz`,
        content: sdistContent(version),
      })),
    },
    process.cwd(),
  );
  const sandbox = await startSandbox(seed, { now: FIXED_NOW, ...options });
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-feedstock-"));
  const configPath = path.join(dir, "release-kit.yml");
  await writeFile(configPath, options.config ?? widgetFeedstockConfig(options.condaForgeExtra));
  const packagesDir = await mkdtemp(path.join(os.tmpdir(), "rk-late-sdist-"));
  return {
    sandbox,
    dir,
    configPath,
    feedstock,
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
          RELEASE_KIT_SOURCE_POLL_MS: "20",
          RELEASE_KIT_FORK_POLL_MS: "5",
          PATH: process.env.PATH,
          ...env,
        },
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
    async commit(repo, branch, files, message) {
      const git = sandbox.git;
      const head = await git.readRef(repo, `refs/heads/${branch}`);
      if (!head) throw new Error(`${repo} has no branch ${branch}`);
      const parent = await git.readCommit(repo, head);
      const entries: TreeEntryInput[] = Object.entries(files).map(([p, content]) =>
        content === null
          ? { path: p, mode: "100644", type: "blob", sha: null }
          : { path: p, mode: "100644", type: "blob", content },
      );
      const tree = await git.createTree(repo, parent.tree, entries);
      const person = {
        name: "Widget Maintainer",
        email: "maintainer@sandbox.invalid",
        date: FIXED_NOW().toISOString(),
      };
      const sha = await git.commitTree(repo, tree, [head], message, person, person);
      await git.updateRef(repo, `refs/heads/${branch}`, sha, head);
      return sha;
    },
    publishSdist(version, content = sdistContent(version)) {
      const filename = `widget-${version}.tar.gz`;
      const storedAt = path.join(packagesDir, filename);
      const bytes = Buffer.from(content);
      // Written synchronously so the index can serve it as soon as it is listed.
      writeFileSync(storedAt, bytes);
      addPackageFile(sandbox.state, {
        name: "widget",
        version,
        filename,
        storedAt,
        bytes,
        requiresPython: null,
        uploadTime: FIXED_NOW().toISOString(),
      });
    },
    async readFile(repo, ref, file) {
      const sha = await sandbox.git.resolveCommit(repo, ref);
      if (!sha) return undefined;
      const entry = await sandbox.git.lookupPath(repo, sha, file);
      return entry ? (await sandbox.git.readBlob(repo, entry.sha)).toString("utf8") : undefined;
    },
  };
}

/** What a rerun must reproduce: feedstock and fork refs, the feedstock's PRs and their comments. */
export async function feedstockSnapshot(sandbox: Sandbox, feedstock = FEEDSTOCK, fork = FORK) {
  const refs = async (repo: string) =>
    sandbox.state.repo(repo) ? (await sandbox.git.listRefs(repo)).map((r) => `${r.ref} ${r.sha}`).sort() : [];
  return {
    feedstockRefs: (await refs(feedstock)).filter((r) => !r.startsWith("refs/pull/")),
    forkRefs: await refs(fork),
    pulls: sandbox.state.data.issues
      .filter((i) => i.repo === feedstock && i.pull)
      .map((i) => ({
        number: i.number,
        state: i.state,
        title: i.title,
        body: i.body,
        head: `${i.pull!.headRepo}:${i.pull!.headRef}`,
        base: i.pull!.baseRef,
      })),
    comments: sandbox.state.data.comments
      .filter((c) => c.repo === feedstock)
      .map((c) => `${c.issueNumber} ${c.user}: ${c.body}`),
  };
}

/** Writes to the feedstock's git data (branches, commits, trees): release-kit must make none. */
export function feedstockGitWrites(sandbox: Sandbox, feedstock = FEEDSTOCK, since = 0) {
  return sandbox.requests
    .slice(since)
    .filter((r) => r.area === "api" && r.write && r.path.startsWith(`/repos/${feedstock}/git/`));
}

/** The RC recipe state a merged rc PR leaves on the rc branch, plus a build patch added there by a maintainer. */
export function rcBranchWithPatch(metaYaml = widgetMetaYaml): Record<string, string> {
  return {
    "recipe/meta.yaml": metaYaml
      .replace('{% set version = "1.19.0" %}', '{% set version = "1.20.0rc1" %}')
      .replace(oldSha, "b".repeat(64))
      .replace("  number: 2", "  number: 0")
      .replace(`  sha256: ${"b".repeat(64)}\n`, `  sha256: ${"b".repeat(64)}\n  patches:\n    - fix-build.patch\n`),
    "recipe/fix-build.patch": "--- a/setup.py\n+++ b/setup.py\n@@ -1 +1 @@\n-old\n+new\n",
    "recipe/conda_build_config.yaml": `${widgetCondaBuildConfig}channel_targets:\n  - conda-forge widget_rc\n`,
  };
}
