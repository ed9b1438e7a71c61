/** The chaos suite's summary: one row per flow, printed at the end of the run. */

/** What the suite did to one flow. */
export interface ChaosRow {
  flow: string;
  /** Writes of an uninterrupted run (files, for a flow that writes files). */
  writes: number;
  crashPointsTried: number;
  /** Faults the sandbox injected into the faulted runs (5xx, rate limits, 429, dropped connections). */
  faultsInjected: number;
  /** Objects beyond the uninterrupted run's state, over every run of the flow: must be 0. */
  duplicates: number;
  /** Wall time of the flow's chaos tests. */
  ms: number;
}

/** Collects rows as the tests run, in the order flows first appear. */
export class ChaosTable {
  private readonly rows = new Map<string, ChaosRow>();

  /** The row of `flow`, created empty on first use. */
  row(flow: string): ChaosRow {
    let row = this.rows.get(flow);
    if (!row) {
      row = { flow, writes: 0, crashPointsTried: 0, faultsInjected: 0, duplicates: 0, ms: 0 };
      this.rows.set(flow, row);
    }
    return row;
  }

  /** A Markdown table with a total line. */
  render(): string {
    const head = ["flow", "writes", "crash points tried", "faults injected", "duplicates found", "seconds"];
    const rows = [...this.rows.values()];
    const lines = rows.map((r) => [
      r.flow,
      String(r.writes),
      String(r.crashPointsTried),
      String(r.faultsInjected),
      String(r.duplicates),
      (r.ms / 1000).toFixed(1),
    ]);
    const sum = (f: (r: ChaosRow) => number) => rows.reduce((a, r) => a + f(r), 0);
    lines.push([
      "total",
      String(sum((r) => r.writes)),
      String(sum((r) => r.crashPointsTried)),
      String(sum((r) => r.faultsInjected)),
      String(sum((r) => r.duplicates)),
      (sum((r) => r.ms) / 1000).toFixed(1),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const fmt = (cells: readonly string[]) =>
      `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
    return [
      fmt(head),
      `|${widths.map((w, i) => (i === 0 ? `-${"-".repeat(w)}-` : `-${"-".repeat(w)}:`)).join("|")}|`,
      ...lines.map(fmt),
    ].join("\n");
  }
}
