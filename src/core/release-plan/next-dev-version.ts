/**
 * The version the default branch moves to after a final, and the plan of the pull request that moves it.
 *
 * The choice, for both schemes: the next minor release, written plain (`1.20.0` -> `1.21.0`, never
 * `1.21.0.dev0` or `1.21.0-dev.0`). ONNX keeps the plain next version in VERSION_NUMBER on main and its
 * nightly/weekly builds append their own `.devYYYYMMDD`; a suffix in the file would be doubled by such builds,
 * and `release-kit rc` bumps a plain `1.21.0` to `1.21.0rc1` (PEP 440) or `1.21.0-rc.1` (SemVer) directly. PEP 440
 * and SemVer agree here: the plain next version sorts above every release made so far. A patch final
 * (`1.20.1`) also proposes the next minor, and only when the default branch is not already there or past it.
 * Pure: the flow reads the default branch, the PR branch and the PRs, and applies the plan.
 */
import { getVersionFileUpdater } from "../version-files/index.js";
import {
  bumpVersion,
  compareVersions,
  formatVersion,
  parseVersion,
  type ReleaseVersion,
  type VersionScheme,
} from "../versions/index.js";
import type { VersionFileConfig } from "../version-files/version-file-kinds.js";
import type { FileUpdate } from "./plan-cut.js";
import type { ObservedVersionFile } from "./observation.js";

/** The development version after final `released`: the next minor, plain. */
export function nextDevVersion(released: ReleaseVersion): ReleaseVersion {
  return bumpVersion(released, "minor");
}

/** The branch the next-dev PR comes from: one per released version, so a re-run finds it. */
export function nextDevBranchName(released: string): string {
  return `release-kit/next-dev-${released}`;
}

/** A pull request of the next-dev branch. */
export interface ObservedPull {
  readonly number: number;
  readonly url: string;
  readonly state: "open" | "closed";
  readonly merged: boolean;
}

/** What the next-dev plan reads. */
export interface NextDevObservation {
  readonly defaultBranch: string;
  /** The default branch head. */
  readonly head: { readonly sha: string; readonly tree: string };
  /** Version files on the default branch head. */
  readonly versionFiles: readonly ObservedVersionFile[];
  /** The head commit of the next-dev branch, or null when it does not exist. */
  readonly branchHead: string | null;
  /** PRs (any state) from the next-dev branch into the default branch, newest first. */
  readonly pulls: readonly ObservedPull[];
}

/** What the next-dev PR needs besides the observation. */
export interface NextDevSettings {
  readonly repo: string;
  /** The final just released, in the configured scheme. */
  readonly released: string;
  readonly scheme: VersionScheme;
  readonly versionFiles: readonly VersionFileConfig[];
}

/** One step and whether it is still to do. */
export interface NextDevStep {
  readonly id: "next-dev-branch" | "next-dev-pr";
  readonly status: "todo" | "done" | "skip";
  readonly summary: string;
}

/** The plan of the next-dev PR. */
export interface NextDevPlan {
  readonly repo: string;
  readonly defaultBranch: string;
  /** The version the default branch moves to. */
  readonly version: string;
  readonly branch: string;
  /** skip: nothing to do (already there, or a PR exists or was closed); propose: make what is missing. */
  readonly action: "skip" | "propose";
  readonly reason: string;
  readonly fileUpdates: readonly FileUpdate[];
  readonly base: { readonly sha: string; readonly tree: string };
  readonly createBranch: boolean;
  readonly commitMessage: string;
  readonly title: string;
  readonly body: string;
  readonly pull: ObservedPull | null;
  readonly steps: readonly NextDevStep[];
}

/** Plans the PR. The version files of the default branch must parse; one that does not is skipped with a reason. */
export function planNextDev(settings: NextDevSettings, obs: NextDevObservation): NextDevPlan {
  const released = parseVersion(settings.released, settings.scheme);
  const target = nextDevVersion(released);
  const version = formatVersion(target, settings.scheme);
  const branch = nextDevBranchName(settings.released);
  const title = `Move ${obs.defaultBranch} to ${version} after the ${settings.released} release`;
  const common = {
    repo: settings.repo,
    defaultBranch: obs.defaultBranch,
    version,
    branch,
    base: obs.head,
    commitMessage: `Bump version to ${version}\n\n${settings.released} is released; ${obs.defaultBranch} now develops ${version}.\n`,
    title,
    body: `${settings.released} is released. This moves the version files of \`${obs.defaultBranch}\` to the next development version, \`${version}\`.\n\nOpened by release-kit (\`rc.next-dev-pr\`).`,
  };
  const skip = (reason: string, pull: ObservedPull | null = null): NextDevPlan => ({
    ...common,
    action: "skip",
    reason,
    fileUpdates: [],
    createBranch: false,
    pull,
    steps: [
      { id: "next-dev-branch", status: "skip", summary: reason },
      { id: "next-dev-pr", status: pull ? "done" : "skip", summary: pull ? `PR #${pull.number}: ${pull.url}` : reason },
    ],
  });
  const open = obs.pulls.find((p) => p.state === "open");
  if (open) return skip(`PR #${open.number} already proposes ${version}`, open);
  const closed = obs.pulls[0];
  if (closed)
    return skip(
      `PR #${closed.number} from ${branch} was ${closed.merged ? "merged" : "closed without merging"}; not opening another`,
      closed,
    );

  const updates: FileUpdate[] = [];
  for (const spec of settings.versionFiles) {
    const text = obs.versionFiles.find((f) => f.path === spec.path)?.text ?? null;
    if (text === null) return skip(`${spec.path} is missing on ${obs.defaultBranch}: no next-dev PR`);
    const updater = getVersionFileUpdater(spec.kind, { marker: spec.marker });
    let current: ReleaseVersion;
    let currentText: string;
    try {
      currentText = updater.read(text, spec.path);
      current = parseVersion(currentText, settings.scheme);
    } catch (error) {
      return skip(`${spec.path} on ${obs.defaultBranch}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (compareVersions(current, target, settings.scheme) >= 0) continue;
    updates.push({
      path: spec.path,
      from: currentText,
      to: version,
      newText: updater.update(text, version, spec.path),
    });
  }
  if (updates.length === 0) return skip(`${obs.defaultBranch} already holds ${version} or later`);
  const changes = updates.map((u) => `${u.path} ${u.from} -> ${u.to}`).join(", ");
  return {
    ...common,
    action: "propose",
    reason: `${obs.defaultBranch} is behind ${version}`,
    fileUpdates: updates,
    createBranch: obs.branchHead === null,
    pull: null,
    steps: [
      {
        id: "next-dev-branch",
        status: obs.branchHead === null ? "todo" : "done",
        summary:
          obs.branchHead === null
            ? `commit ${changes} on ${branch} (from ${obs.defaultBranch} ${obs.head.sha.slice(0, 7)})`
            : `${branch} exists at ${obs.branchHead.slice(0, 7)}`,
      },
      { id: "next-dev-pr", status: "todo", summary: `open PR ${branch} -> ${obs.defaultBranch}: ${title}` },
    ],
  };
}
