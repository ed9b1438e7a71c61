/**
 * The whole visible state of a sandbox, every repository at once, in a form two runs can be compared by: refs with
 * SHAs, releases, issues and pull requests (with labels, heads and bodies), comments, labels, statuses and check
 * runs, dispatched workflow runs and the package index's files. Sandbox ports appear in links and differ between
 * sandboxes, so they are replaced by HOST.
 */
import type { Sandbox } from "../../src/sandbox/server.js";

/** What `snapshotAll` returns: sorted lines per kind of object. */
export interface SandboxSnapshot {
  readonly repos: readonly string[];
  readonly refs: readonly string[];
  readonly releases: readonly string[];
  readonly issues: readonly string[];
  readonly pulls: readonly string[];
  readonly comments: readonly string[];
  readonly labels: readonly string[];
  readonly statuses: readonly string[];
  readonly checkRuns: readonly string[];
  /** Dispatched workflow runs: workflow, ref, commit, inputs and how they end (ids and times left out). */
  readonly workflowRuns: readonly string[];
  /** Files on the package index, with their digests. */
  readonly packages: readonly string[];
  /** The identity of every object that must not exist twice (see `countDuplicates`). */
  readonly identities: readonly string[];
}

const PORT = /127\.0\.0\.1:\d+/g;

function host(text: string | null | undefined): string {
  return (text ?? "").replace(PORT, "HOST");
}

/** Snapshots every repository of the sandbox. */
export async function snapshotAll(sandbox: Sandbox): Promise<SandboxSnapshot> {
  const data = sandbox.state.data;
  const repoNames = Object.keys(data.repos).sort();
  const refs: string[] = [];
  for (const repo of repoNames) {
    for (const r of await sandbox.git.listRefs(repo)) refs.push(`${repo} ${r.ref} ${r.sha}`);
  }
  const plainIssues = data.issues.filter((i) => !i.pull);
  const pulls = data.issues.filter((i) => i.pull);
  const workflowFile = (id: number) => data.workflows.find((w) => w.id === id)?.file ?? `workflow ${id}`;
  // A dispatch is not idempotent: the same workflow run twice on one ref with the same inputs is a duplicate.
  const runs = data.workflowRuns.map(
    (r) => `${r.repo} ${workflowFile(r.workflowId)} ${r.ref} inputs=${JSON.stringify(sortedKeys(r.inputs))}`,
  );
  const identities = [
    // A ref name cannot repeat; a branch or tag the uninterrupted run did not make counts as one extra.
    ...refs.map((r) => `ref ${r.split(" ").slice(0, 2).join(" ")}`),
    ...data.releases.map((r) => `release ${r.repo} ${r.tagName}`),
    ...plainIssues.map((i) => `issue ${i.repo} ${i.title}`),
    ...pulls.map((i) => `pull ${i.repo} ${i.pull!.headRepo}:${i.pull!.headRef}`),
    ...data.comments.map((c) => `comment ${c.repo}#${c.issueNumber} ${host(c.body)}`),
    ...data.labels.map((l) => `label ${l.repo} ${l.name}`),
    ...runs.map((r) => `workflow-run ${r}`),
  ];
  return {
    repos: repoNames.map((n) => {
      const r = data.repos[n]!;
      return `${n} fork=${r.fork} parent=${r.parent ?? "-"} default=${r.defaultBranch}`;
    }),
    refs: refs.sort(),
    releases: data.releases
      .map(
        (r) =>
          `${r.repo} ${r.tagName} target=${r.targetCommitish} name=${r.name} draft=${r.draft} pre=${r.prerelease} body=${host(r.body)}`,
      )
      .sort(),
    issues: plainIssues
      .map((i) => `${i.repo}#${i.number} ${i.state} ${i.title} [${i.labels.join(",")}] by ${i.user}\n${host(i.body)}`)
      .sort(),
    pulls: pulls
      .map(
        (i) =>
          `${i.repo}#${i.number} ${i.state} ${i.title} ${i.pull!.headRepo}:${i.pull!.headRef} -> ${i.pull!.baseRef} ` +
          `merged=${i.pull!.merged} [${i.labels.join(",")}]\n${host(i.body)}`,
      )
      .sort(),
    comments: data.comments.map((c) => `${c.repo}#${c.issueNumber} ${c.user}: ${host(c.body)}`).sort(),
    labels: data.labels.map((l) => `${l.repo} ${l.name} ${l.color}`).sort(),
    statuses: data.statuses.map((s) => `${s.repo} ${s.sha} ${s.context} ${s.state}`).sort(),
    checkRuns: data.checkRuns.map((c) => `${c.repo} ${c.headSha} ${c.name} ${c.status} ${c.conclusion}`).sort(),
    workflowRuns: data.workflowRuns
      .map((r, i) => `${runs[i]} head=${r.headSha} ${r.event} by ${r.actor} conclusion=${r.conclusion ?? "-"}`)
      .sort(),
    packages: data.packages.map((p) => `${p.name} ${p.version} ${p.filename} ${p.packagetype} ${p.sha256}`).sort(),
    identities: identities.sort(),
  };
}

function sortedKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/**
 * Objects beyond what the uninterrupted run made: for each identity (a release per tag, an issue per title, a pull
 * request per head, a comment per body on one issue, a ref per name), how many more the state holds than expected.
 */
export function countDuplicates(actual: SandboxSnapshot, expected: SandboxSnapshot): number {
  const want = tally(expected.identities);
  let extra = 0;
  for (const [key, n] of tally(actual.identities)) extra += Math.max(0, n - (want.get(key) ?? 0));
  return extra;
}

/** Identities that occur more than once in one state (an uninterrupted run must have none). */
export function repeatedIdentities(snapshot: SandboxSnapshot): string[] {
  return [...tally(snapshot.identities)].filter(([, n]) => n > 1).map(([k, n]) => `${k} (x${n})`);
}
