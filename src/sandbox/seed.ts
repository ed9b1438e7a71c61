/**
 * The sandbox seed file: tokens, repositories (with files, tags, branches) and packages of the index.
 * The format is documented in the README ("Sandbox seed file").
 */
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";

/** The kinds of token GitHub issues, each with its own reach (src/sandbox/token-kinds.ts has the rules). */
export const TOKEN_KINDS = ["user", "fine-grained", "app-installation", "actions"] as const;
/** `user`: a classic personal access token (or OAuth token); the others as GitHub names them. */
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Levels of a workflow's `permissions:` entry. */
export type PermissionLevel = "read" | "write" | "none";

/** A token the sandbox accepts, the user it stands for, and the repositories it may write. */
export interface SeedToken {
  readonly token: string;
  /** The user (or, for app-installation and actions, the bot: `my-app[bot]`, `github-actions[bot]`). */
  readonly login: string;
  /** `owner/name` or `owner/*` patterns the user may write besides its own; everything else is read-only. */
  readonly write: readonly string[];
  /**
   * May write protected branches (`bypass-branch-protection: true`), as a user or app on a protection rule's
   * bypass list is allowed to on GitHub. Default false.
   */
  readonly bypassBranchProtection?: boolean;
  /** `kind:`; default `user` (a classic token). */
  readonly kind?: TokenKind;
  /** Scopes of a classic token, sent back in `x-oauth-scopes` (`scopes:`); default `repo, workflow`. */
  readonly scopes?: readonly string[];
  /**
   * `repositories:`: for app-installation the repositories it is installed on (`owner/*` or `owner/name`,
   * required); for fine-grained the selected repositories of its resource owner (default: all of them); for
   * actions the one repository of the workflow (required, exactly one).
   */
  readonly repositories?: readonly string[];
  /** `resource-owner:` of a fine-grained token; default the login. */
  readonly resourceOwner?: string;
  /** `permissions:` of an actions token, as a job's `permissions:` names them; default contents: read. */
  readonly permissions?: Readonly<Record<string, PermissionLevel>>;
}

/** A branch protection rule of a repository (`protected-branches:`), like GitHub's classic protection. */
export interface SeedProtectionRule {
  /** fnmatch-like pattern of branch names (`rel-*`, `main`, `release/**`), as GitHub's rules use. */
  readonly pattern: string;
  /** Creating a matching branch is refused too (GitHub's "Restrict creations"). Default false. */
  readonly blockCreations: boolean;
  /** Status checks the rule requires, shown in the protection (the sandbox refuses every direct update anyway). */
  readonly requiredChecks: readonly string[];
}

/** A repository created at start. */
export interface SeedRepo {
  readonly name: string;
  readonly defaultBranch: string;
  /** Files of the first commit, path -> content. */
  readonly files: Readonly<Record<string, string>>;
  /**
   * `from:`: an existing history to import instead of a first commit: a git directory (bare, or a work tree's top)
   * or a bundle file (`git bundle create`), absolute (resolved against the seed file).
   */
  readonly from?: string;
  /**
   * `refs:` of an imported history: which of its branches and tags to keep, as patterns of their short names
   * (`main`, `rel-*`, `v*`; `*` stops at `/`, `**` crosses it, as in `protected-branches:`); a pattern starting
   * with `refs/heads/` or `refs/tags/` matches only branches or only tags. Default: every branch and tag.
   */
  readonly refs?: readonly string[];
  /** A directory (absolute, resolved against the seed file) whose files make the first commit. */
  readonly dir?: string;
  readonly tags: readonly string[];
  readonly branches: readonly string[];
  readonly description?: string;
  /** Workflow files the repo can dispatch (`name` -> conclusion the fake run ends with, or `never`). */
  readonly workflows: Readonly<Record<string, { conclusion: "success" | "failure" | "never"; durationMs?: number }>>;
  /** Required-check results seeded on the default branch head: name -> conclusion. */
  readonly checks: Readonly<Record<string, "success" | "failure" | "pending">>;
  readonly labels: readonly string[];
  /** Branch protection rules (`protected-branches: [patterns]`). */
  readonly protectedBranches: readonly SeedProtectionRule[];
  /**
   * "Allow GitHub Actions to create and approve pull requests" (`actions-can-create-pull-requests:`); default
   * false, as on GitHub for new repositories.
   */
  readonly actionsCanCreatePullRequests?: boolean;
  /**
   * `fork-of: owner/name`: this repository is a ready fork of a repository seeded before it (a copy of its git data,
   * under any name: a fork its owner renamed), instead of a first commit of its own.
   */
  readonly forkOf?: string;
}

/** A file of the package index. */
export interface SeedPackage {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the file to serve. */
  readonly file?: string;
  /** Inline content, when no file is given (the file name is then `filename`). */
  readonly content?: string;
  readonly filename?: string;
  readonly requiresPython?: string;
}

/** A package of a conda channel label (`conda:` in the seed). */
export interface SeedCondaPackage {
  readonly channel: string;
  readonly label: string;
  readonly subdir: string;
  readonly name: string;
  readonly version: string;
  readonly build?: string;
}

/** The whole seed. */
export interface Seed {
  readonly tokens: readonly SeedToken[];
  readonly repos: readonly SeedRepo[];
  readonly packages: readonly SeedPackage[];
  /** Conda channel packages; absent: none. */
  readonly conda?: readonly SeedCondaPackage[];
  /**
   * Reads of its git data a new fork answers as an empty repository before GitHub's asynchronous copy is done
   * (`fork-ready-after-polls`); absent: DEFAULT_FORK_READY_AFTER_POLLS of fork-readiness.ts.
   */
  readonly forkReadyAfterPolls?: number;
}

type Raw = Record<string, unknown>;

function fail(where: string, message: string): never {
  throw new Error(`sandbox seed: ${where}: ${message}`);
}

function asRecord(value: unknown, where: string): Raw {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(where, "expected a mapping");
  return value as Raw;
}

function asStringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) fail(where, "expected a list of strings");
  return value as string[];
}

function checkKeys(raw: Raw, allowed: string[], where: string): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) fail(where, `unknown key "${key}" (expected one of: ${allowed.join(", ")})`);
  }
}

const REPO_NAME = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/** Validates a parsed seed object. `baseDir` resolves relative `dir:` and `file:` paths. */
export function normalizeSeed(input: unknown, baseDir: string): Seed {
  const root = asRecord(input ?? {}, "top level");
  checkKeys(root, ["tokens", "repos", "packages", "conda", "fork-ready-after-polls"], "top level");
  const readyAfter = root["fork-ready-after-polls"];
  if (readyAfter !== undefined && (typeof readyAfter !== "number" || !Number.isInteger(readyAfter) || readyAfter < 0))
    fail("fork-ready-after-polls", "expected a whole number of reads, 0 or more");
  const tokens = ((root.tokens as unknown[] | undefined) ?? []).map((t, i): SeedToken => {
    const where = `tokens[${i}]`;
    const r = asRecord(t, where);
    checkKeys(
      r,
      [
        "token",
        "login",
        "write",
        "bypass-branch-protection",
        "kind",
        "scopes",
        "repositories",
        "resource-owner",
        "permissions",
      ],
      where,
    );
    if (typeof r.token !== "string" || r.token === "") fail(where, "token must be a non-empty string");
    if (typeof r.login !== "string" || r.login === "") fail(where, "login must be a non-empty string");
    const bypass = r["bypass-branch-protection"];
    if (bypass !== undefined && typeof bypass !== "boolean")
      fail(`${where}.bypass-branch-protection`, "expected true or false");
    return { token: r.token, login: r.login, ...tokenKindFields(r, where), bypassBranchProtection: bypass === true };
  });
  const repos = ((root.repos as unknown[] | undefined) ?? []).map((t, i): SeedRepo => {
    const where = `repos[${i}]`;
    const r = asRecord(t, where);
    checkKeys(
      r,
      [
        "name",
        "default_branch",
        "files",
        "dir",
        "tags",
        "branches",
        "description",
        "workflows",
        "checks",
        "labels",
        "protected-branches",
        "actions-can-create-pull-requests",
        "fork-of",
        "from",
        "refs",
      ],
      where,
    );
    const actionsPulls = r["actions-can-create-pull-requests"];
    if (actionsPulls !== undefined && typeof actionsPulls !== "boolean")
      fail(`${where}.actions-can-create-pull-requests`, "expected true or false");
    if (typeof r.name !== "string" || !REPO_NAME.test(r.name)) fail(where, "name must be owner/name");
    const forkOf = r["fork-of"];
    if (forkOf !== undefined) {
      if (typeof forkOf !== "string" || !REPO_NAME.test(forkOf)) fail(`${where}.fork-of`, "expected owner/name");
      if (r.files !== undefined || r.dir !== undefined)
        fail(where, "a fork-of repository copies its upstream; give no files or dir");
    }
    const from = importSource(r, baseDir, where);
    const files: Record<string, string> = {};
    for (const [p, c] of Object.entries(asRecord(r.files ?? {}, `${where}.files`))) {
      if (typeof c !== "string") fail(`${where}.files.${p}`, "file content must be a string");
      files[p] = c;
    }
    const workflows: Record<string, { conclusion: "success" | "failure" | "never"; durationMs?: number }> = {};
    for (const [name, w] of Object.entries(asRecord(r.workflows ?? {}, `${where}.workflows`))) {
      const wr = asRecord(w ?? {}, `${where}.workflows.${name}`);
      const conclusion = (wr.conclusion ?? "success") as string;
      if (!["success", "failure", "never"].includes(conclusion))
        fail(`${where}.workflows.${name}`, "conclusion: success | failure | never");
      workflows[name] = {
        conclusion: conclusion as "success" | "failure" | "never",
        durationMs: typeof wr.duration_ms === "number" ? wr.duration_ms : undefined,
      };
    }
    const checks: Record<string, "success" | "failure" | "pending"> = {};
    for (const [name, c] of Object.entries(asRecord(r.checks ?? {}, `${where}.checks`))) {
      if (c !== "success" && c !== "failure" && c !== "pending")
        fail(`${where}.checks.${name}`, "success | failure | pending");
      checks[name] = c;
    }
    return {
      name: r.name,
      defaultBranch: typeof r.default_branch === "string" ? r.default_branch : "main",
      files,
      dir: typeof r.dir === "string" ? path.resolve(baseDir, r.dir) : undefined,
      tags: asStringList(r.tags, `${where}.tags`),
      branches: asStringList(r.branches, `${where}.branches`),
      description: typeof r.description === "string" ? r.description : undefined,
      workflows,
      checks,
      labels: asStringList(r.labels, `${where}.labels`),
      protectedBranches: protectionRules(r["protected-branches"], `${where}.protected-branches`),
      actionsCanCreatePullRequests: actionsPulls === true,
      ...(typeof forkOf === "string" ? { forkOf } : {}),
      ...(from ? { from, refs: r.refs === undefined ? undefined : asStringList(r.refs, `${where}.refs`) } : {}),
    };
  });
  const packages = ((root.packages as unknown[] | undefined) ?? []).map((t, i): SeedPackage => {
    const where = `packages[${i}]`;
    const r = asRecord(t, where);
    checkKeys(r, ["name", "version", "file", "content", "filename", "requires_python"], where);
    if (typeof r.name !== "string" || typeof r.version !== "string")
      fail(where, "name and version are required strings");
    if (r.file === undefined && r.content === undefined) fail(where, "give file: PATH or content: TEXT");
    return {
      name: r.name,
      version: r.version,
      file: typeof r.file === "string" ? path.resolve(baseDir, r.file) : undefined,
      content: typeof r.content === "string" ? r.content : undefined,
      filename: typeof r.filename === "string" ? r.filename : undefined,
      requiresPython: typeof r.requires_python === "string" ? r.requires_python : undefined,
    };
  });
  const conda = ((root.conda as unknown[] | undefined) ?? []).map((t, i): SeedCondaPackage => {
    const where = `conda[${i}]`;
    const r = asRecord(t, where);
    checkKeys(r, ["channel", "label", "subdir", "name", "version", "build"], where);
    for (const key of ["name", "version", "subdir"])
      if (typeof r[key] !== "string" || r[key] === "") fail(where, `${key} must be a non-empty string`);
    return {
      channel: typeof r.channel === "string" ? r.channel : "conda-forge",
      label: typeof r.label === "string" ? r.label : "main",
      subdir: r.subdir as string,
      name: r.name as string,
      version: r.version as string,
      ...(typeof r.build === "string" ? { build: r.build } : {}),
    };
  });
  const seenRepos = new Set<string>();
  for (const [i, repo] of repos.entries()) {
    if (repo.forkOf && !seenRepos.has(repo.forkOf.toLowerCase()))
      fail(`repos[${i}].fork-of`, `${repo.forkOf} must be seeded before its fork ${repo.name}`);
    seenRepos.add(repo.name.toLowerCase());
  }
  return {
    tokens,
    repos,
    packages,
    conda,
    ...(typeof readyAfter === "number" ? { forkReadyAfterPolls: readyAfter } : {}),
  };
}

/** The kind of a token and what bounds it: `kind`, `scopes`, `repositories`, `resource-owner`, `permissions`. */
function tokenKindFields(r: Raw, where: string): Omit<SeedToken, "token" | "login" | "bypassBranchProtection"> {
  const kind = r.kind ?? "user";
  if (typeof kind !== "string" || !(TOKEN_KINDS as readonly string[]).includes(kind))
    fail(`${where}.kind`, `expected one of: ${TOKEN_KINDS.join(", ")}`);
  const repositories = asStringList(r.repositories, `${where}.repositories`);
  for (const repo of repositories)
    if (!/^[A-Za-z0-9-]+\/(?:\*|[A-Za-z0-9._-]+)$/.test(repo))
      fail(`${where}.repositories`, `"${repo}" is not owner/name or owner/*`);
  if (kind === "app-installation" && repositories.length === 0)
    fail(`${where}.repositories`, "an app-installation token needs the repositories it is installed on");
  if (kind === "actions" && (repositories.length !== 1 || repositories[0]!.endsWith("/*")))
    fail(`${where}.repositories`, "an actions token belongs to exactly one repository (owner/name)");
  const owner = r["resource-owner"];
  if (owner !== undefined && (kind !== "fine-grained" || typeof owner !== "string" || owner === ""))
    fail(`${where}.resource-owner`, "only a fine-grained token has a resource owner (a user or organisation login)");
  if (r.scopes !== undefined && kind !== "user") fail(`${where}.scopes`, "only a classic (user) token has scopes");
  const permissions: Record<string, PermissionLevel> = {};
  if (r.permissions !== undefined) {
    if (kind !== "actions") fail(`${where}.permissions`, "only an actions token has permissions: here");
    for (const [name, level] of Object.entries(asRecord(r.permissions, `${where}.permissions`))) {
      if (level !== "read" && level !== "write" && level !== "none")
        fail(`${where}.permissions.${name}`, "read | write | none");
      permissions[name] = level;
    }
  }
  const write = asStringList(r.write, `${where}.write`);
  if (write.length > 0 && (kind === "app-installation" || kind === "actions"))
    fail(`${where}.write`, `an ${kind} token writes what repositories: names, not a user's write list`);
  return {
    write,
    kind: kind as TokenKind,
    ...(kind === "user"
      ? { scopes: r.scopes === undefined ? ["repo", "workflow"] : asStringList(r.scopes, `${where}.scopes`) }
      : {}),
    ...(repositories.length > 0 ? { repositories } : {}),
    ...(kind === "fine-grained" ? { resourceOwner: typeof owner === "string" ? owner : (r.login as string) } : {}),
    ...(kind === "actions" ? { permissions: r.permissions === undefined ? { contents: "read" } : permissions } : {}),
  };
}

/**
 * The `from:` of a repository that imports a history: an existing directory or file, and no first commit of its own
 * (`files`, `dir`, `fork-of`) beside it. `refs:` only goes with `from:`. Undefined when there is no `from:`.
 */
function importSource(r: Raw, baseDir: string, where: string): string | undefined {
  const from = r.from;
  if (from === undefined) {
    if (r.refs !== undefined) fail(`${where}.refs`, "refs: chooses what `from:` imports; give from: too");
    return undefined;
  }
  if (typeof from !== "string" || from === "") fail(`${where}.from`, "expected the path of a git directory or bundle");
  for (const other of ["files", "dir", "fork-of"])
    if (r[other] !== undefined) fail(where, `from: imports a whole history; give no ${other}`);
  const source = path.resolve(baseDir, from);
  let kind: "dir" | "file" | undefined;
  try {
    const stat = statSync(source);
    kind = stat.isDirectory() ? "dir" : stat.isFile() ? "file" : undefined;
  } catch {
    kind = undefined;
  }
  if (!kind)
    fail(`${where}.from`, `${source} does not exist; give a git directory or a bundle file (git bundle create)`);
  const refs = asStringList(r.refs, `${where}.refs`);
  if (r.refs !== undefined && refs.length === 0)
    fail(`${where}.refs`, "an empty list imports nothing; omit refs: to keep every branch and tag");
  for (const pattern of refs)
    if (pattern === "" || /^refs\/(?!heads\/|tags\/)/.test(pattern))
      fail(`${where}.refs`, `"${pattern}" is not a branch or tag pattern (main, rel-*, refs/tags/v*)`);
  return source;
}

/** `protected-branches:` entries: a pattern string, or `{ pattern, block-creations, required-checks }`. */
function protectionRules(value: unknown, where: string): SeedProtectionRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(where, "expected a list of branch patterns");
  return value.map((entry: unknown, i): SeedProtectionRule => {
    const at = `${where}[${i}]`;
    if (typeof entry === "string") {
      if (entry === "") fail(at, "a pattern must not be empty");
      return { pattern: entry, blockCreations: false, requiredChecks: [] };
    }
    const r = asRecord(entry, at);
    checkKeys(r, ["pattern", "block-creations", "required-checks"], at);
    if (typeof r.pattern !== "string" || r.pattern === "") fail(at, "pattern must be a non-empty string");
    const block = r["block-creations"];
    if (block !== undefined && typeof block !== "boolean") fail(`${at}.block-creations`, "expected true or false");
    return {
      pattern: r.pattern,
      blockCreations: block === true,
      requiredChecks: asStringList(r["required-checks"], `${at}.required-checks`),
    };
  });
}

/** Reads and validates a seed YAML file. */
export async function loadSeedFile(file: string): Promise<Seed> {
  const text = await readFile(file, "utf8");
  return normalizeSeed(parse(text), path.dirname(path.resolve(file)));
}
