/**
 * The sandbox's metadata: everything GitHub keeps outside git (repositories' settings, issues, pull requests,
 * comments, releases, statuses, check runs, workflow runs) and the package index. Plain data, so it can be
 * saved to `--state DIR` and inspected by tests. The file `state.json` is also the mark of a seeded directory: it is
 * first written when the seed has been applied in full (server.ts), so its absence means "seed (again) from scratch".
 */
import { open, readFile, rename } from "node:fs/promises";
import path from "node:path";

/** A user or organization. */
export interface UserRecord {
  id: number;
  login: string;
  type: "User" | "Organization";
}

/** A repository's settings. */
export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  description: string | null;
  fork: boolean;
  /** `owner/name` of the repository this one was forked from. */
  parent: string | null;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  /** Next issue/PR number (they share one sequence, as on GitHub). */
  nextNumber: number;
  /** Branch protection rules; absent in states saved before protection existed (none). */
  protectedBranches?: ProtectionRuleRecord[];
  /** "Allow GitHub Actions to create and approve pull requests"; absent: off, GitHub's default. */
  actionsCanCreatePullRequests?: boolean;
  /**
   * A fork GitHub is still copying: how many more reads of its git data answer as an empty repository
   * (see fork-readiness.ts). Absent or 0: ready.
   */
  forkCopyPendingReads?: number;
}

/** A branch protection rule (GitHub's classic protection, reduced to what the sandbox enforces). */
export interface ProtectionRuleRecord {
  /** fnmatch-like pattern of branch names. */
  pattern: string;
  /** Creating a matching branch is refused as well as updating it. */
  blockCreations: boolean;
  requiredChecks: string[];
}

/** A label of a repository. */
export interface LabelRecord {
  id: number;
  repo: string;
  name: string;
  color: string;
  description: string | null;
}

/** The pull-request part of an issue. */
export interface PullPart {
  headRepo: string;
  headRef: string;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  maintainerCanModify: boolean;
  /** Who merged it and the commit the merge made (absent in states saved before merges existed). */
  mergedBy?: string;
  mergeCommitSha?: string;
  /** Submitted reviews, oldest first (absent: none). */
  reviews?: PullReviewRecord[];
}

/** A submitted pull-request review. */
export interface PullReviewRecord {
  id: number;
  user: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED";
  body: string;
  commitId: string;
  submittedAt: string;
}

/** An issue or a pull request. */
export interface IssueRecord {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  assignees: string[];
  user: string;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Who closed it last (absent in states saved before it was recorded). */
  closedBy?: string | null;
  pull: PullPart | null;
}

/** A comment on an issue or pull request. */
export interface CommentRecord {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

/** A release. */
export interface ReleaseRecord {
  id: number;
  repo: string;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: string;
  createdAt: string;
  publishedAt: string | null;
}

/** A commit status. */
export interface StatusRecord {
  id: number;
  repo: string;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

/** A check run. */
export interface CheckRunRecord {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
}

/** A workflow a repository can dispatch, and how its runs end. */
export interface WorkflowRecord {
  id: number;
  repo: string;
  /** File name, e.g. `create_release.yml`. */
  file: string;
  conclusion: "success" | "failure" | "never";
  durationMs: number;
}

/** A workflow run. */
export interface WorkflowRunRecord {
  id: number;
  repo: string;
  workflowId: number;
  ref: string;
  headSha: string;
  inputs: Record<string, unknown>;
  event: string;
  actor: string;
  createdAt: string;
  /** When the run completes (ms since epoch); null for a run that never finishes. */
  completesAt: number | null;
  /** How the run ends; `cancelled` once a cancel request stopped it. */
  conclusion: "success" | "failure" | "cancelled" | null;
  runNumber: number;
}

/** A file of the package index. */
export interface PackageFileRecord {
  name: string;
  version: string;
  filename: string;
  sha256: string;
  md5: string;
  size: number;
  /** Where the bytes are (absolute path inside the state dir). */
  storedAt: string;
  requiresPython: string | null;
  uploadTime: string;
  packagetype: "sdist" | "bdist_wheel";
}

/** A package of a conda channel label (the sandbox's anaconda.org). */
export interface CondaPackageRecord {
  channel: string;
  label: string;
  subdir: string;
  name: string;
  version: string;
  build: string;
}

/** Everything the sandbox knows besides git objects. */
export interface SandboxData {
  nextId: number;
  users: Record<string, UserRecord>;
  repos: Record<string, RepoRecord>;
  labels: LabelRecord[];
  issues: IssueRecord[];
  comments: CommentRecord[];
  releases: ReleaseRecord[];
  statuses: StatusRecord[];
  checkRuns: CheckRunRecord[];
  workflows: WorkflowRecord[];
  workflowRuns: WorkflowRunRecord[];
  packages: PackageFileRecord[];
  /** Conda channel packages by label (absent in state saved before the channel existed). */
  condaPackages?: CondaPackageRecord[];
  /** Reads a new fork answers as still being copied (seed `fork-ready-after-polls`); absent: the default. */
  forkReadyAfterPolls?: number;
}

/** A fresh, empty data set. */
export function emptyData(): SandboxData {
  return {
    nextId: 1000,
    users: {},
    repos: {},
    labels: [],
    issues: [],
    comments: [],
    releases: [],
    statuses: [],
    checkRuns: [],
    workflows: [],
    workflowRuns: [],
    packages: [],
    condaPackages: [],
  };
}

/** The mutable store with small conveniences; routes use it through `ctx.state`. */
export class SandboxState {
  constructor(
    public data: SandboxData,
    private readonly file?: string,
  ) {}

  /** A new unique id (ids are unique across kinds, which GitHub does not promise but does not hurt). */
  id(): number {
    this.data.nextId += 1;
    return this.data.nextId;
  }

  /** The user record for a login, created on first sight. */
  user(login: string, type: "User" | "Organization" = "User"): UserRecord {
    const key = login.toLowerCase();
    let user = this.data.users[key];
    if (!user) {
      user = { id: this.id(), login, type };
      this.data.users[key] = user;
    }
    return user;
  }

  /** The repository record, case-insensitively, or undefined. */
  repo(fullName: string): RepoRecord | undefined {
    return this.data.repos[fullName.toLowerCase()];
  }

  /** Adds a repository record. */
  addRepo(record: RepoRecord): void {
    this.data.repos[record.fullName.toLowerCase()] = record;
  }

  /**
   * Saves to the state file, when there is one, atomically: a temporary file written and flushed, then renamed over
   * the old one, so a process killed at any point leaves either the old state or the new one, never half of one.
   */
  async save(): Promise<void> {
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    const handle = await open(tmp, "w");
    try {
      await handle.writeFile(JSON.stringify(this.data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
  }

  /**
   * Loads a saved state from a directory, or undefined when there is none. A state file that exists but does not
   * parse is an error, not "no state": treating it as absent would seed over (and so wipe) the directory.
   */
  static async load(dir: string): Promise<SandboxState | undefined> {
    const file = path.join(dir, "state.json");
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      return new SandboxState(JSON.parse(text) as SandboxData, file);
    } catch (error) {
      throw new Error(
        `sandbox state ${file} is not valid JSON (${(error as Error).message}); remove the state directory to start from the seed again`,
        { cause: error },
      );
    }
  }
}
