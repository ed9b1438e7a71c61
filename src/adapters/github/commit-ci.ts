/**
 * What CI reported on one commit: its check runs and its commit statuses, as one list of reports. The dependents'
 * results and the final's feedstock gate read CI this one way, so a status and a check run count alike everywhere.
 */
import type { CiReport } from "../../core/dependents-plan/classify-dependent-checks.js";
import type { GitHubClient } from "./client.js";
import { splitRepo } from "./requests.js";

/** Check runs and statuses of one commit, as CI reports (two requests, more only past 100 check runs). */
export async function readCiReports(gh: GitHubClient, fullName: string, sha: string): Promise<CiReport[]> {
  const { owner, repo } = splitRepo(fullName);
  const runs = await gh.paginate(gh.rest.checks.listForRef, { owner, repo, ref: sha, per_page: 100 });
  const combined = (await gh.rest.repos.getCombinedStatusForRef({ owner, repo, ref: sha, per_page: 100 })).data;
  return [
    ...runs.map((r) => ({
      name: r.name,
      status: r.status,
      conclusion: r.status === "completed" ? (r.conclusion ?? null) : null,
      ...(r.details_url || r.html_url ? { url: (r.details_url || r.html_url) ?? "" } : {}),
    })),
    ...combined.statuses.map((s) => ({
      name: s.context,
      status: s.state === "pending" ? "in_progress" : "completed",
      conclusion: s.state === "pending" ? null : s.state === "success" ? "success" : "failure",
      ...(s.target_url ? { url: s.target_url } : {}),
    })),
  ];
}
