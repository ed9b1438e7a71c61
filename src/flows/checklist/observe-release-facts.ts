/**
 * Reads the real state of a release for the checklist: the release branch and its version bump, the tags, the GitHub
 * releases, the package index, the feedstock pull requests and their CI, the downstream report, the partner issues
 * and the lessons PR. A source whose remembered fact is settled (it cannot change any more for this release, e.g. the
 * final tag exists) is not read again; every other read is conditional on the remembered ETag.
 */
import type { GitHubClient } from "../../adapters/github/client.js";
import { peelTag, tagNameOfRef, tagPatternPrefix } from "../../adapters/github/git-refs.js";
import { isNotFound, splitRepo } from "../../adapters/github/requests.js";
import { partnerIssueTitle } from "../../core/downstream/partner-issue-plan.js";
import { formatVersion, taggedVersions, isReleaseCandidate } from "../../core/versions/index.js";
import { readConditionally } from "./conditional-read.js";
import { prBranchName } from "../../core/feedstock-plan/pr-identity.js";
import { releaseKitFeedstockPulls } from "./feedstock-pulls.js";
import { readDownstreamReport } from "./read-downstream-report.js";
import { readPackageIndex } from "./read-package-index.js";
import { UNTESTED_NOTES_MARKER } from "../../core/release-plan/plan-cut.js";
import type {
  ChecklistSettings,
  Observation,
  ObservationMemory,
  PartnerFact,
  PullFact,
  ReleaseFact,
  ReleaseFacts,
} from "../../core/checklist/index.js";

/** How to observe. */
export interface ObserveOptions {
  readonly memory: ObservationMemory;
  /** Read every source, settled or not (`release-kit status`). */
  readonly force?: boolean;
}

/** The branch `lessons collect` pushes to. */
export function lessonsBranch(settings: ChecklistSettings): string {
  return `release-kit/lessons-${settings.version}`;
}

/** Observes the release; `issue` is the checklist issue when known. */
export async function observeReleaseFacts(
  gh: GitHubClient,
  settings: ChecklistSettings,
  issue: ReleaseFacts["issue"],
  options: ObserveOptions,
): Promise<Observation> {
  const { owner, repo } = splitRepo(settings.repo);
  const old = options.memory.facts;
  const oldEtags = options.memory.etags;
  const force = options.force === true;
  const etags: Record<string, string> = {};
  const reads: string[] = [];
  const keep = (key: string, etag: string | undefined) => {
    if (etag) etags[key] = etag;
  };
  // A remembered ETag goes with the fact it was read with; reuse both or neither.
  const remembered = (key: string) => (force ? undefined : oldEtags[key]);

  // Release branch: settled once it exists.
  let branch = old.branch?.exists && !force ? old.branch : undefined;
  if (!branch) {
    reads.push("branch");
    try {
      const answer = await readConditionally(remembered("branch"), (o) =>
        gh.rest.git.getRef({ owner, repo, ref: `heads/${settings.branch}`, ...o }),
      );
      keep("branch", answer.etag);
      branch = answer.modified ? { name: settings.branch, exists: true } : old.branch;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      branch = { name: settings.branch, exists: false };
    }
  } else keep("branch", oldEtags.branch);

  // Version bump on the branch: settled once seen.
  let bumpedTo = force ? undefined : old.bumpedTo;
  if (bumpedTo === undefined && branch?.exists && settings.versionFile) {
    reads.push("bump");
    try {
      const { data } = await gh.rest.repos.getContent({
        owner,
        repo,
        path: settings.versionFile,
        ref: settings.branch,
      });
      if (!Array.isArray(data) && data.type === "file" && "content" in data) {
        bumpedTo = findCandidate(Buffer.from(data.content, "base64").toString("utf8"), settings);
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  // Tags of this version: settled once the final is tagged.
  let tags = old.tags?.final !== undefined && !force ? old.tags : undefined;
  if (!tags) {
    reads.push("tags");
    const prefix = tagPatternPrefix(settings.tagPattern);
    const answer = await readConditionally(remembered("tags"), (o) =>
      gh.rest.git.listMatchingRefs({ owner, repo, ref: `tags/${prefix}${settings.version}`, ...o }),
    );
    keep("tags", answer.etag);
    if (answer.modified) {
      const names = answer.data.map((r) => tagNameOfRef(r.ref));
      const ofThis = taggedVersions(names, settings.tagPattern, settings.scheme).filter(
        (t) => formatVersion({ ...t.version, pre: null, dev: null }, "pep440") === settings.version,
      );
      const rcs = ofThis
        .filter((t) => isReleaseCandidate(t.version))
        .map((t) => ({ tag: t.tag, version: formatVersion(t.version, "pep440"), rc: t.version.pre?.number ?? 0 }));
      const final = ofThis.find((t) => t.version.pre === null && t.version.dev === null)?.tag;
      tags = { rcs, ...(final ? { final } : {}) };
    } else tags = old.tags;
  } else keep("tags", oldEtags.tags);

  // When the first candidate was tagged: read once.
  let rc1At = force ? undefined : old.rc1At;
  const first = tags?.rcs[0];
  if (rc1At === undefined && first) {
    reads.push("rc1");
    rc1At = await tagDate(gh, owner, repo, first.tag);
  }

  // GitHub releases: settled once the final is published.
  const finalPublished = (r: ReleaseFacts["releases"]) =>
    (r ?? []).some((x) => x.tag === settings.finalTag && !x.draft && !x.prerelease);
  let releases = finalPublished(old.releases) && !force ? old.releases : undefined;
  if (!releases) {
    reads.push("releases");
    const answer = await readConditionally(remembered("releases"), (o) =>
      gh.rest.repos.listReleases({ owner, repo, per_page: 100, ...o }),
    );
    keep("releases", answer.etag);
    const wanted = new Set([settings.finalTag, ...(tags?.rcs ?? []).map((t) => t.tag)]);
    releases = answer.modified
      ? answer.data
          .filter((r) => wanted.has(r.tag_name))
          .map((r) => ({
            tag: r.tag_name,
            url: r.html_url,
            prerelease: r.prerelease,
            draft: r.draft,
            ...(r.published_at ? { publishedAt: r.published_at } : {}),
            ...untestedSection(r.body),
          }))
          .sort((a, b) => a.tag.localeCompare(b.tag))
      : (old.releases ?? []);
  } else keep("releases", oldEtags.releases);

  // Package index: settled once the final's files are there. Candidates and finals may be published to different
  // indexes (publish.rc-index-url); one read when they are the same.
  let pypi = old.pypi?.final && !force ? old.pypi : undefined;
  if (!pypi && settings.pypi) {
    const { package: name, indexUrl, rcIndexUrl } = settings.pypi;
    reads.push("pypi");
    const finalAnswer = await readPackageIndex(indexUrl, name, remembered("pypi"));
    keep("pypi", finalAnswer.modified ? finalAnswer.etag : oldEtags.pypi);
    let rcAnswer = finalAnswer;
    if (rcIndexUrl !== indexUrl) {
      reads.push("pypi-rc");
      rcAnswer = await readPackageIndex(rcIndexUrl, name, remembered("pypi-rc"));
      keep("pypi-rc", rcAnswer.modified ? rcAnswer.etag : oldEtags["pypi-rc"]);
    }
    const newestRc = tags?.rcs[tags.rcs.length - 1];
    const filesFact = (index: string, files: Readonly<Record<string, number>>, version: string | undefined) => {
      const count = version === undefined ? 0 : (files[version] ?? 0);
      return version !== undefined && count > 0
        ? { version, files: count, url: `${index}/project/${name}/${version}/` }
        : undefined;
    };
    const rc = rcAnswer.modified ? filesFact(rcIndexUrl, rcAnswer.files, newestRc?.version) : old.pypi?.rc;
    const final = finalAnswer.modified ? filesFact(indexUrl, finalAnswer.files, settings.version) : old.pypi?.final;
    const missing = finalAnswer.modified ? finalAnswer.missing : old.pypi?.missing;
    pypi = { ...(missing ? { missing: true } : {}), ...(rc ? { rc } : {}), ...(final ? { final } : {}) };
  } else if (pypi) {
    keep("pypi", oldEtags.pypi);
    if (oldEtags["pypi-rc"] !== undefined) keep("pypi-rc", oldEtags["pypi-rc"]);
  }

  // Feedstock pull requests: settled once the final's PR is merged.
  let feedstock = old.feedstock?.final?.merged && !force ? old.feedstock : undefined;
  if (!feedstock && settings.feedstock) {
    reads.push("feedstock");
    const fs = splitRepo(settings.feedstock.repo);
    const answer = await readConditionally(remembered("feedstock"), (o) =>
      gh.rest.pulls.list({ ...fs, state: "all", per_page: 100, ...o }),
    );
    keep("feedstock", answer.etag);
    if (answer.modified) {
      const prefix = prBranchName(settings.feedstock.package, settings.version);
      const ours = releaseKitFeedstockPulls(answer.data, settings.feedstock, settings.version);
      const pick = (list: PullFact[]) =>
        list.find((p) => p.state === "open" || p.merged) ?? list.sort((a, b) => b.number - a.number)[0];
      const rc = pick(ours.filter((p) => p.headRef !== prefix).sort((a, b) => b.number - a.number));
      const final = pick(ours.filter((p) => p.headRef === prefix));
      // Keep a CI result read earlier for the same head commit.
      const withCi = (p: PullFact | undefined, before: PullFact | undefined): PullFact | undefined =>
        p && before?.ci && before.headSha === p.headSha && !force ? { ...p, ci: before.ci } : p;
      const rcPr = withCi(rc, old.feedstock?.rc);
      const finalPr = withCi(final, old.feedstock?.final);
      feedstock = { ...(rcPr ? { rc: rcPr } : {}), ...(finalPr ? { final: finalPr } : {}) };
    } else feedstock = old.feedstock ?? {};
  } else if (feedstock) keep("feedstock", oldEtags.feedstock);

  // CI of the candidate's feedstock PR (else the final's): settled once green.
  const ciPr = feedstock?.rc ?? feedstock?.final;
  if (settings.feedstock && ciPr && (ciPr.ci?.state !== "success" || force)) {
    reads.push("feedstock-ci");
    const ci = await readCi(gh, settings.feedstock.repo, ciPr.headSha);
    const updated = { ...ciPr, ci };
    feedstock = feedstock?.rc ? { ...feedstock, rc: updated } : { ...feedstock, final: updated };
  }

  // Partner issues: one read per partner, settled once its issue is closed.
  const partners: PartnerFact[] = [];
  for (const partner of settings.partners) {
    const before = old.partners?.find((p) => p.repo === partner);
    if (before?.issue?.state === "closed" && !force) {
      partners.push(before);
      keep(`partners:${partner}`, oldEtags[`partners:${partner}`]);
      continue;
    }
    reads.push(`partners:${partner}`);
    try {
      const answer = await readConditionally(remembered(`partners:${partner}`), (o) =>
        gh.rest.issues.listForRepo({ ...splitRepo(partner), state: "all", per_page: 100, ...o }),
      );
      keep(`partners:${partner}`, answer.etag);
      if (!answer.modified) {
        partners.push(before ?? { repo: partner });
        continue;
      }
      const hit = answer.data.find(
        (i) => !i.pull_request && i.title === partnerIssueTitle(settings.project, settings.version),
      );
      partners.push(
        hit
          ? {
              repo: partner,
              issue: { number: hit.number, url: hit.html_url, state: hit.state === "closed" ? "closed" : "open" },
            }
          : { repo: partner },
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
      partners.push({ repo: partner });
    }
  }

  // The lessons PR: settled once merged.
  let lessonsPr = old.lessonsPr?.merged && !force ? old.lessonsPr : undefined;
  if (!lessonsPr) {
    reads.push("lessons-pr");
    const answer = await readConditionally(remembered("lessons-pr"), (o) =>
      gh.rest.pulls.list({
        owner,
        repo,
        state: "all",
        head: `${owner}:${lessonsBranch(settings)}`,
        per_page: 10,
        ...o,
      }),
    );
    keep("lessons-pr", answer.etag);
    if (answer.modified) {
      const p = answer.data.find((x) => x.state === "open" || x.merged_at !== null) ?? answer.data[0];
      lessonsPr = p
        ? {
            number: p.number,
            url: p.html_url,
            state: p.state === "closed" ? "closed" : "open",
            merged: p.merged_at !== null,
            createdAt: p.created_at,
            headSha: p.head.sha,
            headRef: p.head.ref,
            base: p.base.ref,
          }
        : undefined;
    } else lessonsPr = old.lessonsPr;
  } else keep("lessons-pr", oldEtags["lessons-pr"]);

  const downstream = settings.downstreamReport
    ? await readDownstreamReport(settings.downstreamReport, settings, force ? undefined : old.downstream)
    : old.downstream;

  const facts: ReleaseFacts = {
    ...(issue ? { issue } : {}),
    ...(branch ? { branch } : {}),
    ...(bumpedTo !== undefined ? { bumpedTo } : {}),
    ...(tags ? { tags } : {}),
    ...(rc1At !== undefined ? { rc1At } : {}),
    ...(releases ? { releases } : {}),
    ...(pypi ? { pypi } : {}),
    ...(feedstock ? { feedstock } : {}),
    ...(downstream ? { downstream } : {}),
    ...(partners.length > 0 ? { partners } : {}),
    ...(lessonsPr ? { lessonsPr } : {}),
  };
  return { facts, etags, reads };
}

/** The untested commits a final accepted, read back from the section `final --accept-untested` adds to its notes. */
function untestedSection(body: string | null | undefined): { untested?: NonNullable<ReleaseFact["untested"]> } {
  const at = body?.indexOf(UNTESTED_NOTES_MARKER) ?? -1;
  if (!body || at < 0) return {};
  const section = body.slice(at);
  const reason = /^These commits landed after .*? and ship untested\. Accepted: (.*)$/m.exec(section)?.[1] ?? "";
  const commits = [...section.matchAll(/^- ([0-9a-f]{7,40}) /gm)].map((m) => m[1] ?? "");
  return { untested: { reason, commits } };
}

/** The candidate of this version a version file names (e.g. `1.20.0rc1`), if any. */
function findCandidate(text: string, settings: ChecklistSettings): string | undefined {
  const spelled = settings.scheme === "semver" ? `${settings.version}-rc.` : `${settings.version}rc`;
  const at = text.indexOf(spelled);
  if (at < 0) return undefined;
  const number = /^\d+/.exec(text.slice(at + spelled.length))?.[0];
  return number === undefined ? undefined : `${spelled}${number}`;
}

async function tagDate(gh: GitHubClient, owner: string, repo: string, tag: string): Promise<string | undefined> {
  try {
    const ref = await gh.rest.git.getRef({ owner, repo, ref: `tags/${tag}` });
    const peeled = await peelTag(gh, owner, repo, ref.data.object);
    if (peeled.annotated) return peeled.annotated.taggerDate;
    const { data } = await gh.rest.git.getCommit({ owner, repo, commit_sha: peeled.commit });
    return data.committer.date;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Check runs and commit statuses of a commit, combined: failure wins, then pending, then success. */
async function readCi(gh: GitHubClient, fullName: string, sha: string): Promise<NonNullable<PullFact["ci"]>> {
  const { owner, repo } = splitRepo(fullName);
  const runs = (await gh.rest.checks.listForRef({ owner, repo, ref: sha, per_page: 100 })).data.check_runs;
  const combined = (await gh.rest.repos.getCombinedStatusForRef({ owner, repo, ref: sha, per_page: 100 })).data;
  const states: string[] = runs.map((r) =>
    r.status !== "completed"
      ? "pending"
      : ["success", "neutral", "skipped"].includes(r.conclusion ?? "")
        ? "success"
        : "failure",
  );
  for (const s of combined.statuses) states.push(s.state === "error" ? "failure" : s.state);
  if (states.length === 0) return { state: "none" };
  if (states.includes("failure")) return { state: "failure" };
  if (states.includes("pending")) return { state: "pending" };
  const times = [...runs.map((r) => r.completed_at ?? ""), ...combined.statuses.map((s) => s.updated_at)].filter(
    Boolean,
  );
  return { state: "success", ...(times.length > 0 ? { at: times.sort()[times.length - 1] } : {}) };
}
