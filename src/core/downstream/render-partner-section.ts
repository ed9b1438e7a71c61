/** The state of each partner's integration issue, as the downstream report shows it. */
export interface PartnerIssueState {
  readonly repo: string;
  /** Absent when no issue was opened (or it could not be read). */
  readonly issue?: {
    readonly number: number;
    readonly url: string;
    readonly state: "open" | "closed";
    readonly labels: readonly string[];
  };
  /** Why the state is unknown (e.g. the repository could not be read). */
  readonly note?: string;
}

/** The Markdown section of the report: one row per partner with its issue, state and labels. */
export function renderPartnerSection(partners: readonly PartnerIssueState[], title: string): string {
  const closed = partners.filter((p) => p.issue?.state === "closed").length;
  const rows = partners.map((p) => {
    if (p.issue === undefined) return `| ${p.repo} | not opened | ${p.note ?? ""} | |`;
    const labels = p.issue.labels.map((l) => `\`${l.replace(/[`|]/g, "")}\``).join(" ");
    return `| ${p.repo} | [#${p.issue.number}](${p.issue.url}) | ${p.issue.state} | ${labels} |`;
  });
  return [
    "",
    `## Partner issues (${closed} of ${partners.length} closed)`,
    "",
    `"${title}" in each partner repository (\`release-kit downstream notify\` opens them).`,
    "",
    "| repository | issue | state | labels |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
