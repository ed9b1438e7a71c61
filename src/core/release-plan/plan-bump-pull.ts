/**
 * Pull-request mode of a cut (`rc.via: pull-request`, `--via-pr`): instead of committing to the release branch, the
 * plan creates the release branch from the base when it is missing, puts release-kit's one version-bump commit on its
 * own branch (`release-kit/bump-1.20.0rc1`) and opens one pull request into the release branch. The tag and the
 * release come after the merge, from the tag-on-bump workflow (`detect`, then `rc --from-branch` or `final`).
 * Pure: one observation gives one plan, so a rerun updates the same branch and pull request and never opens another.
 */
import type { ObservedBump, ObservedBumpPull, ObservedCommit } from "./observation.js";
import type { BranchStep, CutStep, FileUpdate, PreflightLine } from "./plan-cut.js";
import { readTrailers } from "./release-trailers.js";

/** The bump PR's branch: where release-kit's version-bump commit waits for review. */
export interface PullBranchStep {
  readonly id: "pr-branch";
  readonly status: "todo" | "done";
  readonly summary: string;
  readonly name: string;
  /** create it, move it to a new bump commit (it holds only release-kit's own commit), or leave it. */
  readonly action: "create" | "update" | "none";
  /** The commit the bump is made on: the release branch head (or the base head, before the branch exists). */
  readonly parent: { readonly sha: string; readonly tree: string } | null;
  readonly files: readonly FileUpdate[];
  readonly message: string;
}

/** The version-bump pull request into the release branch. */
export interface PullRequestStep {
  readonly id: "pull-request";
  readonly status: "todo" | "done";
  readonly summary: string;
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
  /** open a new one, reopen the closed one, or none (it is open, merged, or not needed). */
  readonly action: "open" | "reopen" | "none";
  /** Configured labels the pull request does not carry yet. */
  readonly addLabels: readonly string[];
  /** The pull request of this bump that exists (open, merged, or the closed one reopened). */
  readonly existing: ObservedBumpPull | null;
}

/** What planCut already worked out and the pull-request plan builds on. */
export interface BumpPullInput {
  readonly kind: "rc" | "final";
  readonly baseVersion: string;
  readonly version: string;
  readonly tag: string;
  readonly branch: string;
  readonly baseRef: string;
  /** The release branch head, or null when the branch does not exist yet. */
  readonly releaseHead: ObservedCommit | null;
  /** Where the bump starts: the release branch head, else the base head. */
  readonly start: ObservedCommit | null;
  readonly fileUpdates: readonly FileUpdate[];
  /** The release branch already holds the version (the pull request was merged, or someone bumped it). */
  readonly bumpDone: boolean;
  /** The version's tag exists. */
  readonly tagged: boolean;
  readonly message: string;
  readonly labels: readonly string[];
  readonly bump: ObservedBump;
  /** The version the release branch holds now, for messages. */
  readonly branchHolds: string | null;
}

/** The branch of the bump PR for `version` (`rc.pr-branch`). */
export function bumpBranchName(pattern: string, version: string): string {
  return pattern.replaceAll("{version}", version);
}

/** The command that tags what a merged bump PR put on the branch (what the tag-on-bump workflow runs). */
function tagCommand(input: BumpPullInput): string {
  return input.kind === "rc"
    ? `release-kit rc --version ${input.baseVersion} --from-branch`
    : `release-kit final --version ${input.baseVersion}`;
}

/** The steps of a pull-request-mode cut and its pre-flight line. */
export function planBumpPull(input: BumpPullInput): { steps: CutStep[]; preflight: PreflightLine } {
  const { branch, bump, version } = input;
  const check = "bump pull request";
  const pulls = bump.pulls.filter((p) => p.base === branch);
  const open = pulls.find((p) => p.state === "open") ?? null;
  const merged = pulls.find((p) => p.merged) ?? null;
  const closed = pulls.find((p) => p.state === "closed" && !p.merged) ?? null;
  const branchStep: BranchStep = {
    id: "branch",
    status: input.releaseHead ? "done" : "todo",
    summary: input.releaseHead
      ? `branch ${branch} exists`
      : `create branch ${branch} from ${input.baseRef} at ${input.start?.sha.slice(0, 7) ?? "?"} (no bump: that comes by pull request)`,
    name: branch,
    at: input.start?.sha ?? null,
  };
  const title = `Bump version to ${version}`;
  const body = [
    `release-kit's version bump for the ${input.kind === "rc" ? "release candidate" : "release"} ${version}: ${input.fileUpdates.map((u) => `\`${u.path}\` ${u.from} -> ${u.to}`).join(", ") || "the version files"}.`,
    "",
    `Once this is merged, the tag-on-bump workflow (\`release-kit detect\`, then \`${tagCommand(input)}\`) tags the merge commit ${input.tag} and publishes the ${input.kind === "rc" ? "pre-release" : "release"}.`,
    "",
    `This branch belongs to release-kit: a rerun moves it onto ${branch} again. Push other changes to ${branch} through their own pull requests.`,
  ].join("\n");
  const base = { head: bump.branch, base: branch, title, body };

  // Merged (or bumped by hand) and maybe tagged already: nothing to propose.
  if (input.bumpDone || input.tagged) {
    const next = input.tagged ? `${input.tag} is tagged` : `this run tags it`;
    const by = merged ? `#${merged.number} merged` : `${branch} holds ${version}`;
    return {
      preflight: { check, status: "pass", detail: `${by}: nothing to propose; ${next}` },
      steps: [
        branchStep,
        {
          id: "pr-branch",
          status: "done",
          summary: `${by}`,
          name: bump.branch,
          action: "none",
          parent: null,
          files: [],
          message: input.message,
        },
        {
          id: "pull-request",
          status: "done",
          summary: merged
            ? `#${merged.number} merged: ${merged.url}; ${next}`
            : `${branch} holds ${version} already; ${next}`,
          ...base,
          action: "none",
          addLabels: [],
          existing: merged ?? open,
        },
      ],
    };
  }
  let preflight: PreflightLine;
  const parent = input.start ? { sha: input.start.sha, tree: input.start.tree } : null;
  // The bump branch is release-kit's own when all it adds is release-kit's commit for this version.
  const foreign = bump.ahead.filter((c) => readTrailers(c.message).version !== version);
  const ours = bump.head !== null && foreign.length === 0 && bump.ahead.length <= 1;
  const current = ours && bump.ahead.length === 1 && bump.ahead[0]?.parents[0] === input.start?.sha;
  let action: PullBranchStep["action"] = bump.head === null ? "create" : current ? "none" : "update";
  if (merged) {
    preflight = {
      check,
      status: "fail",
      detail: `#${merged.number} bumping ${branch} to ${version} was merged, but ${branch} holds ${input.branchHolds ?? "no version"} (reverted?): bump it again by hand, or cut the next candidate`,
    };
    action = "none";
  } else if (bump.head !== null && !ours) {
    preflight = {
      check,
      status: "fail",
      detail: `${bump.branch} holds commits release-kit did not make (${foreign.map((c) => `${c.sha.slice(0, 7)} ${c.message.split("\n")[0] ?? ""}`).join(", ")}), so release-kit will not move it: merge or close its pull request, or delete the branch, then rerun`,
    };
    action = "none";
  } else {
    const what = open ? `updates #${open.number}` : closed ? `reopens #${closed.number}` : "opens a pull request";
    preflight = { check, status: "pass", detail: `${what} from ${bump.branch} into ${branch}` };
  }
  const existing = open ?? closed;
  const prAction: PullRequestStep["action"] = open ? "none" : closed ? "reopen" : "open";
  const addLabels = input.labels.filter((l) => !(existing && prAction !== "open" ? existing.labels : []).includes(l));
  const pullTodo = prAction !== "none" || addLabels.length > 0;
  const files = input.fileUpdates.map((u) => `${u.path} ${u.from} -> ${u.to}`).join(", ");
  const steps: CutStep[] = [
    branchStep,
    {
      id: "pr-branch",
      status: action === "none" ? "done" : "todo",
      summary:
        action === "create"
          ? `commit ${files} on ${input.releaseHead ? branch : input.baseRef} as ${bump.branch}${input.message.includes("Signed-off-by:") ? " (signed off)" : ""}`
          : action === "update"
            ? `move ${bump.branch} (release-kit's own) to a new bump of ${branch} at ${input.start?.sha.slice(0, 7) ?? "?"}: ${files}`
            : `${bump.branch} holds the bump on ${branch}`,
      name: bump.branch,
      action,
      parent,
      files: input.fileUpdates,
      message: input.message,
    },
    {
      id: "pull-request",
      status: pullTodo ? "todo" : "done",
      summary: [
        prAction === "open"
          ? `open a pull request "${title}" from ${bump.branch} into ${branch}`
          : prAction === "reopen"
            ? `reopen #${existing?.number}: ${existing?.url}`
            : `#${existing?.number} is open: ${existing?.url}`,
        addLabels.length > 0 ? `label it ${addLabels.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; "),
      ...base,
      action: prAction,
      addLabels,
      existing,
    },
  ];
  return { steps, preflight };
}
