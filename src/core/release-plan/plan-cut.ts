/**
 * Plans a release-candidate or final cut from the observed remote state: which candidate, which writes are
 * still to do (branch, version commit, tag, release) and the pre-flight report. Pure: the same observation
 * always gives the same plan, which `--dry-run` prints, `--json` returns and tests compare.
 */
import { ConflictError, InputError, ResumableRefusalError } from "../errors.js";
import {
  existingRcNumbers,
  finalTagOf,
  formatVersion,
  latestFinalRelease,
  parseVersion,
  releaseBranchName,
  tagForVersion,
  taggedVersions,
  compareVersions,
  isReleaseCandidate,
  sameBaseVersion,
  isFinalVersion,
  releaseCandidateOf,
  baseVersionOf,
  type ReleaseVersion,
} from "../versions/index.js";
import { getVersionFileUpdater } from "../version-files/index.js";
import type { CutSettings } from "./cut-settings.js";
import type { ReleaseObservation, InspectedTag, ObservedRelease, ObservedVersionFile } from "./observation.js";
import { planBumpPull, bumpBranchName, type PullBranchStep, type PullRequestStep } from "./plan-bump-pull.js";
import { finalGateLines } from "./final-gates.js";
import { protectionLine } from "./protection-preflight.js";
import { readTrailers, withTrailers } from "./release-trailers.js";

/** One line of the pre-flight report. */
export interface PreflightLine {
  readonly check: string;
  readonly status: "pass" | "fail" | "warn" | "skip";
  readonly detail: string;
}

/** What every step says about itself: whether it is still to do, and one line for the report. */
interface StepBase {
  readonly status: "todo" | "done";
  readonly summary: string;
}

/** A file edit of the version commit. */
export interface FileUpdate {
  readonly path: string;
  readonly from: string;
  readonly to: string;
  readonly newText: string;
}

/**
 * The version commit. When done, `sha` is the commit holding the version (a tag's commit, or the start commit
 * whose files already hold it). When to do, it is made on `parent` and, if the branch exists, the branch is
 * fast-forwarded to it (compare-and-swap: a branch that moved makes GitHub refuse, and the flow re-plans).
 */
export interface CommitStep extends StepBase {
  readonly id: "commit";
  readonly sha: string | null;
  readonly parent: { readonly sha: string; readonly tree: string } | null;
  readonly files: readonly FileUpdate[];
  readonly message: string;
  /** The branch exists, so the commit step moves it; otherwise the branch step creates it at the commit. */
  readonly fastForward: boolean;
}

/** The release branch, created (create-only) at the commit the commit step leaves. */
export interface BranchStep extends StepBase {
  readonly id: "branch";
  readonly name: string;
  /** Pull-request mode: the commit the branch is created at (the base head); absent: the version commit. */
  readonly at?: string | null;
}

/** The annotated tag of the version commit: a tag object, then the ref (create-only). */
export interface TagStep extends StepBase {
  readonly id: "tag";
  readonly name: string;
  readonly message: string;
}

/** The GitHub release of the tag: created, or an existing draft published. */
export interface ReleaseStep extends StepBase {
  readonly id: "release";
  readonly tag: string;
  readonly name: string;
  readonly prerelease: boolean;
  /** Notes are generated since this tag (the previous final), or from the start of history. */
  readonly previousFinalTag: string | null;
  /** The release of the tag that exists already (a draft is published by this step). */
  readonly existing: ObservedRelease | null;
  /** Appended to the generated notes (the untested commits a final accepted, with the reason); empty when none. */
  readonly notesAppendix: string;
}

/** One write of the cut, as data. */
export type CutStep = CommitStep | BranchStep | TagStep | ReleaseStep | PullBranchStep | PullRequestStep;

/** The whole plan: what is cut, the pre-flight report, and the writes in the order `apply` makes them. */
export interface CutPlan {
  readonly repo: string;
  readonly kind: "rc" | "final";
  /** The version being released, in the configured scheme (`1.20.0rc1`). */
  readonly version: string;
  readonly baseVersion: string;
  readonly rcNumber: number | null;
  readonly tag: string;
  readonly branch: string;
  readonly runId: string;
  /**
   * The shape of the steps. direct: commit, branch, tag, release. pull-request: branch, pr-branch, pull-request (the
   * tag follows the merge); a pull-request-mode run whose bump is merged already tags it, so it plans direct steps.
   */
  readonly via: "direct" | "pull-request";
  /** Author of the version-bump commit; absent: GitHub's default (the token's user). */
  readonly author?: { readonly name: string; readonly email: string };
  readonly preflight: readonly PreflightLine[];
  /** True when every pre-flight check passed (warnings allowed). */
  readonly ready: boolean;
  /** The writes in order (see `via`): `apply` walks them and skips the done ones. */
  readonly steps: readonly CutStep[];
}

/** The step of the plan with this id (every plan has one of each). */
export function stepOf<Id extends CutStep["id"]>(plan: CutPlan, id: Id): Extract<CutStep, { id: Id }> {
  const step = plan.steps.find((s): s is Extract<CutStep, { id: Id }> => s.id === id);
  if (!step) throw new Error(`the cut plan has no ${id} step`);
  return step;
}

interface VersionFilesState {
  readonly ok: boolean;
  readonly detail: string;
  /** The version the files agree on, parsed, or null. */
  readonly version: ReleaseVersion | null;
  readonly text: string | null;
}

function readVersionFiles(
  settings: CutSettings,
  versionFiles: readonly ObservedVersionFile[],
  at: string,
): VersionFilesState {
  const found: { path: string; version: string }[] = [];
  const problems: string[] = [];
  for (const spec of settings.versionFiles) {
    const file = versionFiles.find((f) => f.path === spec.path);
    if (!file || file.text === null) {
      problems.push(`${spec.path} is missing at ${at}`);
      continue;
    }
    try {
      found.push({
        path: spec.path,
        version: getVersionFileUpdater(spec.kind, { marker: spec.marker }).read(file.text, spec.path),
      });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0)
    return {
      ok: false,
      detail: `${problems.join("; ")}: fix project.version-files or the files`,
      version: null,
      text: null,
    };
  const distinct = [...new Set(found.map((f) => f.version))];
  if (distinct.length > 1) {
    return {
      ok: false,
      detail: `version files disagree (${found.map((f) => `${f.path}: ${f.version}`).join(", ")}): make them hold the same version first`,
      version: null,
      text: null,
    };
  }
  const text = distinct[0] ?? null;
  let version: ReleaseVersion | null = null;
  if (text !== null) {
    try {
      version = parseVersion(text, settings.scheme);
    } catch {
      version = null;
    }
  }
  return { ok: true, detail: `${found.map((f) => f.path).join(", ")} hold ${text ?? "?"}`, version, text };
}

/** The observed tag of the version being cut with this name, or null. */
function versionTag(obs: ReleaseObservation, name: string): InspectedTag | null {
  return obs.versionTags.find((t) => t.name === name) ?? null;
}

/** What the cut targets, and the pre-flight line that says which candidate this is and why (none for a final). */
interface Target {
  readonly version: ReleaseVersion;
  readonly rcNumber: number | null;
  readonly line: PreflightLine | null;
}

/** Decides the RC number (or the final), following the resume rules in the README ("Re-runs and resumes"). */
function decideTarget(
  settings: CutSettings,
  obs: ReleaseObservation,
  files: VersionFilesState,
  tagNames: readonly string[],
): Target {
  const { scheme, baseVersion, tagPattern } = settings;
  const base = parseVersion(baseVersion, scheme);
  const finalTag = finalTagOf(baseVersion, tagNames, tagPattern, scheme);
  if (settings.kind === "final") {
    if (!finalTag && !settings.noRc && existingRcNumbers(baseVersion, tagNames, tagPattern, scheme).length === 0) {
      throw new ConflictError(
        `no release candidate of ${baseVersion} is tagged, so the final would ship untested: cut one with \`release-kit rc --version ${baseVersion}\`, or pass --no-rc to release without one`,
      );
    }
    return { version: base, rcNumber: null, line: null };
  }
  if (finalTag)
    throw new ConflictError(`${baseVersion} is already released (tag ${finalTag}): cut a candidate of a later version`);
  const rcs = existingRcNumbers(baseVersion, tagNames, tagPattern, scheme);
  const latest = rcs[rcs.length - 1] ?? 0;
  const rc = (n: number) => releaseCandidateOf(base, n);
  const candidate = (n: number, detail: string, status: PreflightLine["status"] = "pass"): Target => ({
    version: rc(n),
    rcNumber: n,
    line: { check: "candidate", status, detail: `rc${n} of ${baseVersion}: ${detail}` },
  });
  if (settings.fromBranch) {
    const v = files.version;
    if (!v || !sameBaseVersion(v, base) || !isReleaseCandidate(v)) {
      throw new ConflictError(
        `the release branch holds ${files.text ?? "no version"}, not a candidate of ${baseVersion}: bump the version file to ${formatVersion(rc(latest + 1), scheme)} first`,
      );
    }
    const n = v.pre?.number ?? 1;
    return { ...candidate(n, `named by the release branch's version files`), version: v };
  }
  if (settings.rc !== undefined) {
    if (settings.rc < 1 || settings.rc > latest + 1) {
      throw new InputError(
        `--rc ${settings.rc}: the next candidate of ${baseVersion} is rc${latest + 1}; give a number from 1 to ${latest + 1}`,
      );
    }
    return candidate(settings.rc, `asked for with --rc ${settings.rc}`);
  }
  // A bump committed on the branch but not tagged yet (a run stopped between commit and tag).
  const head = obs.branch;
  if (
    head &&
    files.version &&
    isReleaseCandidate(files.version) &&
    sameBaseVersion(files.version, base) &&
    (files.version.pre?.number ?? 0) > latest
  ) {
    const n = files.version.pre?.number ?? 0;
    const owner = readTrailers(head.message).run;
    // In pull-request mode the bump came by a merged pull request of any run: it only waits for its tag.
    if (owner === settings.runId) return candidate(n, `committed by this run (${owner}), which continues it`);
    if (owner === undefined || settings.via === "pull-request")
      return candidate(
        n,
        `committed on ${releaseBranchName(settings.branchPattern, baseVersion)}, waiting for its tag`,
      );
    // The run that stopped part-way is continued by its own id: locally a made-up one, so the line names it.
    const workflowRun = /^\d+$/.test(owner) ? ` (or re-run workflow run ${owner})` : "";
    throw new ResumableRefusalError(
      (command) =>
        `rc${n} of ${baseVersion} is committed but not tagged by run ${owner}: continue that run with \`${command}\`${workflowRun}, or finish it in this run with --rc ${n}`,
      ["--run-id", owner],
      `release-kit rc --version ${baseVersion} --run-id ${owner}`,
    );
  }
  if (latest > 0) {
    const inspected = versionTag(obs, tagForVersion(tagPattern, formatVersion(rc(latest), scheme)));
    const owner = inspected?.object ? readTrailers(inspected.object.message).run : undefined;
    const complete = inspected?.release !== null && inspected?.release !== undefined && !inspected.release.draft;
    if (owner === settings.runId)
      return candidate(
        latest,
        complete ? `cut by this run (${owner}) already` : `tagged by this run (${owner}), which continues it`,
      );
    if (!complete) {
      throw new ResumableRefusalError(
        (command) =>
          `rc${latest} of ${baseVersion} is tagged but has no published release yet${owner ? ` (run ${owner})` : ""}: finish it first with \`${command}\``,
        ["--rc", String(latest)],
        `release-kit rc --version ${baseVersion} --rc ${latest}`,
        ["--next"],
      );
    }
    // A finished candidate and the same command again: a new candidate is a new test cycle for everyone
    // downstream, so it is cut only when asked for, never because a command was run twice.
    if (!settings.next)
      return candidate(
        latest + 1,
        `rc${latest} is cut and released, so this would cut the next candidate: pass ${settings.nextHint ?? "--next"} to cut it`,
        "fail",
      );
    return candidate(latest + 1, `the next candidate (rc${latest} is cut and released), cut by run ${settings.runId}`);
  }
  return candidate(1, `the first candidate, cut by run ${settings.runId}`);
}

function checkLines(settings: CutSettings, obs: ReleaseObservation): PreflightLine {
  if (settings.requiredChecks.length === 0)
    return { check: "required checks", status: "skip", detail: "none configured (rc.required-checks)" };
  if (settings.skipChecksReason)
    return { check: "required checks", status: "skip", detail: `skipped: ${settings.skipChecksReason}` };
  const bad: string[] = [];
  for (const name of settings.requiredChecks) {
    const found = obs.checks.filter((c) => c.name === name);
    if (found.length === 0) bad.push(`${name} has not run`);
    else if (!found.every((c) => ["success", "neutral", "skipped"].includes(c.state)))
      bad.push(`${name} is ${found.map((c) => c.state).join("/")}`);
  }
  if (bad.length > 0)
    return {
      check: "required checks",
      status: "fail",
      detail: `${bad.join(", ")}: wait for green, or pass --skip-checks REASON`,
    };
  return { check: "required checks", status: "pass", detail: `${settings.requiredChecks.join(", ")} green` };
}

/**
 * The version the cut targets (`1.20.0rc2`), decided as `planCut` decides it: pull-request mode reads the bump branch
 * named after it before planning.
 */
export function targetVersion(settings: CutSettings, obs: ReleaseObservation): string {
  const branch = releaseBranchName(settings.branchPattern, settings.baseVersion);
  const files = readVersionFiles(settings, obs.versionFiles, obs.branch ? branch : obs.base.ref);
  const target = decideTarget(
    settings,
    obs,
    files,
    obs.tags.map((t) => t.name),
  );
  return formatVersion(target.version, settings.scheme);
}

/** The branch of the version-bump pull request of `version` (pull-request mode). */
export function bumpBranchOf(settings: CutSettings, version: string): string {
  return bumpBranchName(settings.prBranchPattern ?? "release-kit/bump-{version}", version);
}

/** Plans the cut. Throws ConflictError/InputError when the request itself cannot be satisfied. */
export function planCut(settings: CutSettings, obs: ReleaseObservation): CutPlan {
  const { scheme, tagPattern } = settings;
  const tagNames = obs.tags.map((t) => t.name);
  const branch = releaseBranchName(settings.branchPattern, settings.baseVersion);
  const start = obs.branch ?? obs.base.commit;
  const startName = obs.branch ? branch : obs.base.ref;
  const files = readVersionFiles(settings, obs.versionFiles, startName);
  // The candidate number (or the final) is decided here and only here.
  const target = decideTarget(settings, obs, files, tagNames);
  const version = formatVersion(target.version, scheme);
  const tag = tagForVersion(tagPattern, version);
  const latestFinal = latestFinalRelease(tagNames, tagPattern, scheme);

  const preflight: PreflightLine[] = [{ check: "config", status: "pass", detail: "valid" }];
  if (target.line) preflight.push(target.line);
  preflight.push(
    obs.repo.canPush === null
      ? {
          check: "token can write",
          status: "skip",
          detail: `no token: this dry run reads what is public of ${obs.repo.fullName}; set GITHUB_TOKEN (or --token) to check write access too`,
        }
      : obs.repo.canPush
        ? { check: "token can write", status: "pass", detail: obs.repo.fullName }
        : {
            check: "token can write",
            status: "fail",
            detail: `the token cannot push to ${obs.repo.fullName}: use a token with contents: write on it`,
          },
  );
  preflight.push(
    start
      ? {
          check: "base ref",
          status: "pass",
          detail: obs.branch
            ? `${branch} exists at ${start.sha.slice(0, 7)}`
            : `${obs.base.ref} at ${start.sha.slice(0, 7)}`,
        }
      : {
          check: "base ref",
          status: "fail",
          detail: `${obs.base.ref} does not exist in ${obs.repo.fullName}: pass --base with an existing branch, tag or SHA`,
        },
  );
  preflight.push(versionIsNew(settings, version, tag, latestFinal));
  // The version files: found and agreeing, and not already ahead of the target.
  const base = parseVersion(settings.baseVersion, scheme);
  if (!files.ok) preflight.push({ check: "version files", status: "fail", detail: files.detail });
  else if (files.version && compareVersions(baseVersionOf(files.version), base, scheme) > 0) {
    preflight.push({
      check: "version files",
      status: "fail",
      detail: `${files.detail}, newer than ${version}: cut from the release branch or pass --base`,
    });
  } else preflight.push({ check: "version files", status: "pass", detail: files.detail });
  // A protected release branch refuses a direct version commit: said here, before any write.
  const protection = protectionLine(obs.protection, {
    branch,
    base: obs.base.ref,
    via: settings.via ?? "direct",
    create: obs.branch === null && start !== null,
    update: obs.branch !== null && files.text !== version && !versionTag(obs, tag),
  });
  if (protection) preflight.push(protection);
  preflight.push(checkLines(settings, obs));
  preflight.push(blockerLine(settings, obs));
  if (settings.kind === "final" && settings.finalGates)
    preflight.push(
      ...finalGateLines(settings.finalGates, obs.finalGates, {
        finalTag: versionTag(obs, tag) ? tag : null,
        baseVersion: settings.baseVersion,
      }),
    );
  for (const warning of settings.supportWarnings?.(obs.pyproject) ?? [])
    preflight.push({ check: "python support", status: "warn", detail: warning });

  // The writes, each from the remote truth.
  const inspected = versionTag(obs, tag);
  // A final ships what a candidate tested: commits after the last candidate (other than version bumps) stop it.
  // The branch head that already names the final (a bump merged by a person, ONNX's way) is the final's own bump.
  const finalBump = files.text === version && obs.branch ? obs.branch.sha : null;
  const untested = settings.kind === "final" && !inspected ? untestedCommits(obs, finalBump) : null;
  if (untested) preflight.push(...testedLines(settings, branch, untested));
  const bumpDone = files.text === version;
  const fileUpdates: FileUpdate[] = [];
  // A tag of the target already fixes the version commit: no file edit is left to show or make.
  if (!bumpDone && files.ok && !inspected) {
    for (const spec of settings.versionFiles) {
      const text = obs.versionFiles.find((f) => f.path === spec.path)?.text ?? "";
      const updater = getVersionFileUpdater(spec.kind, { marker: spec.marker });
      fileUpdates.push({
        path: spec.path,
        from: updater.read(text, spec.path),
        to: version,
        newText: updater.update(text, version, spec.path),
      });
    }
  }
  const versionCommit = inspected ? inspected.commit : bumpDone && start ? start.sha : null;
  const kindWord = settings.kind === "rc" ? "release candidate" : "release";
  const untestedNote =
    untested && untested.commits.length > 0 && settings.acceptUntestedReason
      ? `Not tested by ${untested.tag} (accepted: ${settings.acceptUntestedReason}): ${untested.commits.map((c) => c.sha.slice(0, 7)).join(", ")}`
      : "";
  const trailerBody = [
    settings.skipChecksReason ? `Required checks skipped: ${settings.skipChecksReason}` : "",
    untestedNote,
  ]
    .filter(Boolean)
    .join("\n");
  const signedOffBy =
    settings.signOff && settings.author ? `${settings.author.name} <${settings.author.email}>` : undefined;
  const bumpMessage = withTrailers(
    `Bump version to ${version}`,
    trailerBody,
    { version, run: settings.runId },
    signedOffBy,
  );
  const release = inspected?.release ?? null;
  const previousFinalTag =
    latestFinal && latestFinal.tag !== tag ? latestFinal.tag : previousFinalBefore(tagNames, settings, target.version);
  // Pull-request mode proposes the bump; once it is on the branch (merged), the same command tags and releases it.
  const via = settings.via === "pull-request" && !bumpDone && !inspected ? "pull-request" : "direct";
  const bumpPull =
    settings.via === "pull-request"
      ? planBumpPull({
          kind: settings.kind,
          baseVersion: settings.baseVersion,
          version,
          tag,
          branch,
          baseRef: obs.base.ref,
          releaseHead: obs.branch,
          start,
          fileUpdates,
          bumpDone,
          tagged: inspected !== null,
          message: bumpMessage,
          labels: settings.prLabels ?? [],
          bump: obs.bump ?? { branch: bumpBranchOf(settings, version), head: null, ahead: [], pulls: [] },
          branchHolds: files.text,
        })
      : null;
  if (bumpPull) preflight.push(bumpPull.preflight);
  const directSteps: CutStep[] = [
    {
      id: "commit",
      status: versionCommit ? "done" : "todo",
      summary: versionCommit
        ? `version files hold ${version} at ${versionCommit.slice(0, 7)}`
        : `commit ${fileUpdates.map((u) => `${u.path} ${u.from} -> ${u.to}`).join(", ")} on ${branch}`,
      sha: versionCommit,
      parent: start ? { sha: start.sha, tree: start.tree } : null,
      files: fileUpdates,
      message: bumpMessage,
      fastForward: obs.branch !== null,
    },
    {
      id: "branch",
      status: obs.branch ? "done" : "todo",
      summary: obs.branch ? `branch ${branch} exists` : `create branch ${branch} from ${obs.base.ref}`,
      name: branch,
    },
    {
      id: "tag",
      status: inspected ? "done" : "todo",
      summary: inspected ? `tag ${tag} exists` : `tag ${tag} (annotated)`,
      name: tag,
      message: withTrailers(`${tag}: ${kindWord} ${version}`, trailerBody, { version, run: settings.runId }),
    },
    {
      id: "release",
      status: release && !release.draft ? "done" : "todo",
      summary:
        release && !release.draft
          ? `release ${tag} published: ${release.url}`
          : `publish ${settings.kind === "rc" ? "pre-release" : "release"} ${tag} with notes since ${latestFinal?.tag ?? "the first commit"}`,
      tag,
      name: settings.kind === "rc" ? `${version} (release candidate ${target.rcNumber})` : version,
      prerelease: settings.kind === "rc",
      previousFinalTag,
      existing: release,
      notesAppendix: untested && untestedNote ? untestedNotes(untested, settings.acceptUntestedReason ?? "") : "",
    },
  ];
  return {
    via,
    ...(settings.author ? { author: settings.author } : {}),
    repo: settings.repo,
    kind: settings.kind,
    version,
    baseVersion: settings.baseVersion,
    rcNumber: target.rcNumber,
    tag,
    branch,
    runId: settings.runId,
    preflight,
    ready: preflight.every((p) => p.status !== "fail"),
    steps: bumpPull && via === "pull-request" ? bumpPull.steps : directSteps,
  };
}

/** Open release blockers: they refuse a candidate; for a final, `final.gates.release-blockers` decides. */
function blockerLine(settings: CutSettings, obs: ReleaseObservation): PreflightLine {
  const check = "release blockers";
  const gate = settings.kind === "final" ? (settings.finalBlockerGate ?? "error") : "error";
  if (gate === "off") return { check, status: "skip", detail: "off (final.gates.release-blockers)" };
  if (obs.blockers.length === 0)
    return { check, status: "pass", detail: `no open issue labelled ${settings.blockerLabel}` };
  const detail = `${obs.blockers.length} open issue(s) labelled ${settings.blockerLabel}: ${obs.blockers.map((b) => `#${b.number}`).join(", ")}`;
  return gate === "warn"
    ? { check, status: "warn", detail: `${detail} (final.gates.release-blockers: warn)` }
    : { check, status: "fail", detail: `${detail}; close them or remove the label` };
}

/** A commit on the release branch that no candidate contains. */
interface UntestedCommit {
  readonly sha: string;
  readonly subject: string;
}

/**
 * The commits after the last candidate that are not version bumps: release-kit's own (recognised by their trailers)
 * and the branch head when it already names the final.
 */
function untestedCommits(
  obs: ReleaseObservation,
  finalBump: string | null,
): { tag: string; commits: UntestedCommit[] } | null {
  const after = obs.afterCandidate;
  if (!after) return null;
  const bumps = new Set(
    after.commits.filter((c) => readTrailers(c.message).version !== undefined || c.sha === finalBump).map((c) => c.sha),
  );
  // A bump that came by pull request arrives with a merge commit; it adds nothing when all it merges is bumps.
  const mergesOfBumps = after.commits.filter(
    (c) => c.parents.length > 1 && c.parents.slice(1).every((p) => bumps.has(p)),
  );
  const skip = new Set([...bumps, ...mergesOfBumps.map((c) => c.sha)]);
  return {
    tag: after.tag,
    commits: after.commits
      .filter((c) => !skip.has(c.sha))
      .map((c) => ({ sha: c.sha, subject: c.message.split("\n")[0] ?? "" })),
  };
}

/** The pre-flight lines of "tested by a candidate": one per untested commit, each naming the ways out. */
function testedLines(
  settings: CutSettings,
  branch: string,
  untested: { tag: string; commits: readonly UntestedCommit[] },
): PreflightLine[] {
  const check = "tested by a candidate";
  if (untested.commits.length === 0)
    return [{ check, status: "pass", detail: `nothing landed on ${branch} after ${untested.tag} but version bumps` }];
  const reason = settings.acceptUntestedReason;
  return untested.commits.map((c) =>
    reason
      ? {
          check,
          status: "warn",
          detail: `${c.sha.slice(0, 7)} ${c.subject}: not in ${untested.tag}, accepted: ${reason}`,
        }
      : {
          check,
          status: "fail",
          detail: `${c.sha.slice(0, 7)} ${c.subject} landed after ${untested.tag}: cut another candidate (release-kit rc --version ${settings.baseVersion}) or pass --accept-untested "REASON"`,
        },
  );
}

/** The section of the release notes that says what the final ships untested, and why. */
function untestedNotes(untested: { tag: string; commits: readonly UntestedCommit[] }, reason: string): string {
  return [
    "",
    UNTESTED_NOTES_MARKER,
    `## Not tested by a release candidate`,
    "",
    `These commits landed after ${untested.tag} and ship untested. Accepted: ${reason}`,
    "",
    ...untested.commits.map((c) => `- ${c.sha.slice(0, 7)} ${c.subject}`),
    "",
  ].join("\n");
}

/** Marks the untested section in a release body, so the checklist and status can find it. */
export const UNTESTED_NOTES_MARKER = "<!-- release-kit:untested -->";

/**
 * "version is new": the version must be above the latest final. A final that is itself the latest final (a rerun
 * that resumes or confirms it) is not new, so the line says so instead of passing.
 */
function versionIsNew(
  settings: CutSettings,
  version: string,
  tag: string,
  latestFinal: ReturnType<typeof latestFinalRelease>,
): PreflightLine {
  const { scheme } = settings;
  if (!latestFinal) return { check: "version is new", status: "pass", detail: `${version} > no earlier release` };
  const latest = formatVersion(latestFinal.version, scheme);
  if (settings.kind === "final" && latestFinal.tag === tag)
    return {
      check: "version is new",
      status: "skip",
      detail: `${version} is the latest final already (${tag}): this run only finishes what is left of it`,
    };
  if (compareVersions(parseVersion(settings.baseVersion, scheme), latestFinal.version, scheme) <= 0)
    return {
      check: "version is new",
      status: "fail",
      detail: `${settings.baseVersion} is not greater than the latest release ${latest}: give a higher --version`,
    };
  return { check: "version is new", status: "pass", detail: `${version} > ${latest}` };
}

function previousFinalBefore(
  tagNames: readonly string[],
  settings: CutSettings,
  version: ReleaseVersion,
): string | null {
  const finals = taggedVersions(tagNames, settings.tagPattern, settings.scheme).filter(
    (t) => isFinalVersion(t.version) && compareVersions(t.version, version, settings.scheme) < 0,
  );
  return finals[finals.length - 1]?.tag ?? null;
}

export type { PullBranchStep, PullRequestStep } from "./plan-bump-pull.js";
