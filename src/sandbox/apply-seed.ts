/**
 * Turns a seed into state: repositories with their first commit (or an imported history), tags, branches, checks;
 * tokens' users; packages.
 */
import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { addCondaPackage } from "./conda-channel.js";
import type { GitStore } from "./git-store.js";
import { importHistory } from "./import-history.js";
import type { Seed } from "./seed.js";
import type { SandboxState } from "./state.js";

/** Where the seed is applied. */
export interface SeedTarget {
  readonly state: SandboxState;
  readonly git: GitStore;
  readonly root: string;
  readonly now: () => string;
}

/** Applies a seed to an empty sandbox. */
export async function applySeed(seed: Seed, target: SeedTarget): Promise<void> {
  const { state, git, root, now } = target;
  // Installation and workflow tokens act as a bot, which owns nothing; the others stand for a user.
  const userTokens = seed.tokens.filter((t) => (t.kind ?? "user") === "user" || t.kind === "fine-grained");
  for (const token of seed.tokens) state.user(token.login);
  if (seed.forkReadyAfterPolls !== undefined) state.data.forkReadyAfterPolls = seed.forkReadyAfterPolls;
  for (const [index, repo] of seed.repos.entries()) {
    const [owner = "", name = ""] = repo.name.split("/");
    // A token always belongs to a user; an owner no token logs in as is an organization (as on GitHub, where an
    // organization cannot authenticate), so its repositories carry `organization`.
    const isUser = userTokens.some((t) => t.login.toLowerCase() === owner.toLowerCase());
    state.user(owner, isUser ? "User" : "Organization");
    const when = now();
    // A seeded fork is a ready copy of its upstream (normalizeSeed checked the upstream comes first).
    const upstream = repo.forkOf ? state.repo(repo.forkOf) : undefined;
    state.addRepo({
      id: state.id(),
      owner,
      name,
      fullName: repo.name,
      defaultBranch: upstream?.defaultBranch ?? repo.defaultBranch,
      description: repo.description ?? upstream?.description ?? null,
      fork: upstream !== undefined,
      parent: upstream?.fullName ?? null,
      createdAt: when,
      updatedAt: when,
      pushedAt: when,
      nextNumber: 1,
      protectedBranches: repo.protectedBranches.map((r) => ({ ...r, requiredChecks: [...r.requiredChecks] })),
      ...(repo.actionsCanCreatePullRequests ? { actionsCanCreatePullRequests: true } : {}),
    });
    let head: string;
    if (upstream) {
      await git.copy(upstream.fullName, repo.name);
      head = (await git.readRef(repo.name, `refs/heads/${upstream.defaultBranch}`)) ?? "";
    } else if (repo.from) {
      await git.init(repo.name, repo.defaultBranch);
      const imported = await importHistory(git, repo.name, {
        source: repo.from,
        refs: repo.refs,
        defaultBranch: repo.defaultBranch,
        where: `repos[${index}]`,
      });
      head = imported.head;
    } else {
      await git.init(repo.name, repo.defaultBranch);
      head = await git.seedRootCommit(repo.name, repo.files, repo.dir, when);
    }
    const wanted = [
      ...(upstream || repo.from ? [] : [`refs/heads/${repo.defaultBranch}`]),
      ...repo.tags.map((tag) => `refs/tags/${tag}`),
      ...repo.branches.map((branch) => `refs/heads/${branch}`),
    ];
    if (upstream || repo.from) {
      // Created only where absent: a fork's or an imported history's own tag or branch of that name stays as it was.
      for (const ref of wanted) await git.updateRef(repo.name, ref, head, "");
    } else {
      // A new repository has no ref yet: every one in one transaction (a name listed twice is created once).
      await git.createRefs(
        repo.name,
        [...new Set(wanted)].map((ref) => ({ ref, sha: head })),
      );
    }
    for (const labelName of repo.labels) {
      state.data.labels.push({ id: state.id(), repo: repo.name, name: labelName, color: "ededed", description: null });
    }
    for (const [checkName, conclusion] of Object.entries(repo.checks)) {
      state.data.checkRuns.push({
        id: state.id(),
        repo: repo.name,
        headSha: head,
        name: checkName,
        status: conclusion === "pending" ? "in_progress" : "completed",
        conclusion: conclusion === "pending" ? null : conclusion,
        startedAt: when,
        completedAt: conclusion === "pending" ? null : when,
        externalId: null,
        detailsUrl: null,
      });
    }
    for (const [file, workflow] of Object.entries(repo.workflows)) {
      state.data.workflows.push({
        id: state.id(),
        repo: repo.name,
        file,
        conclusion: workflow.conclusion,
        durationMs: workflow.durationMs ?? 0,
      });
    }
  }
  for (const pkg of seed.conda ?? []) addCondaPackage(state, pkg);
  const packagesDir = path.join(root, "packages");
  await mkdir(packagesDir, { recursive: true });
  for (const pkg of seed.packages) {
    const filename = pkg.filename ?? (pkg.file ? path.basename(pkg.file) : `${pkg.name}-${pkg.version}.tar.gz`);
    const storedAt = path.join(packagesDir, filename);
    if (pkg.file) await copyFile(pkg.file, storedAt);
    else await writeFile(storedAt, pkg.content ?? "");
    const bytes = await readFile(storedAt);
    addPackageFile(state, {
      name: pkg.name,
      version: pkg.version,
      filename,
      storedAt,
      bytes,
      requiresPython: pkg.requiresPython ?? null,
      uploadTime: now(),
    });
  }
}

/** Registers a file in the package index (also used by tests to publish a file later, like a slow upload). */
export function addPackageFile(
  state: SandboxState,
  file: {
    name: string;
    version: string;
    filename: string;
    storedAt: string;
    bytes: Buffer;
    requiresPython: string | null;
    uploadTime: string;
  },
): void {
  state.data.packages = state.data.packages.filter((p) => !(p.filename === file.filename && p.name === file.name));
  state.data.packages.push({
    name: file.name,
    version: file.version,
    filename: file.filename,
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
    md5: createHash("md5").update(file.bytes).digest("hex"),
    size: file.bytes.length,
    storedAt: file.storedAt,
    requiresPython: file.requiresPython,
    uploadTime: file.uploadTime,
    packagetype: file.filename.endsWith(".whl") ? "bdist_wheel" : "sdist",
  });
}
