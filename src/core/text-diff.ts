/**
 * A unified diff of two texts (the `diff -u` format that `git apply` and `patch` read), for showing what a command
 * changed or would change. Myers' O(ND) algorithm on lines; small inputs (recipes, config files) only.
 */

/** Options of `unifiedDiff`. */
export interface UnifiedDiffOptions {
  /** Name on the `---` line; `/dev/null` for a created file. */
  readonly fromName: string;
  /** Name on the `+++` line; `/dev/null` for a deleted file. */
  readonly toName: string;
  /** Unchanged lines shown around each change (default 3). */
  readonly context?: number;
}

type Op = { readonly kind: " " | "-" | "+"; readonly line: string };

/** The unified diff from `before` to `after` ("" when they are equal). An absent file is `undefined`. */
export function unifiedDiff(
  before: string | undefined,
  after: string | undefined,
  options: UnifiedDiffOptions,
): string {
  if (before === after) return "";
  const a = splitLines(before ?? "");
  const b = splitLines(after ?? "");
  const ops = diffLines(a.lines, b.lines);
  const context = options.context ?? 3;
  const out: string[] = [`--- ${options.fromName}`, `+++ ${options.toName}`];
  for (const hunk of groupHunks(ops, context)) {
    out.push(`@@ -${range(hunk.aStart, hunk.aCount)} +${range(hunk.bStart, hunk.bCount)} @@`);
    for (const { op, aIndex, bIndex } of hunk.ops) {
      out.push(op.kind + op.line);
      // Mark the last line of a side that has no final newline, as diff(1) does.
      const lastOfA = op.kind !== "+" && aIndex === a.lines.length - 1 && !a.endsWithNewline;
      const lastOfB = op.kind !== "-" && bIndex === b.lines.length - 1 && !b.endsWithNewline;
      if (lastOfA || lastOfB) out.push("\\ No newline at end of file");
    }
  }
  return out.join("\n") + "\n";
}

function range(start: number, count: number): string {
  // diff(1) numbers an empty range by the line before it.
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

function splitLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  if (text === "") return { lines: [], endsWithNewline: true };
  const endsWithNewline = text.endsWith("\n");
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split("\n");
  return { lines, endsWithNewline };
}

/** The shortest edit script from `a` to `b` (Myers 1986, greedy forward search with a trace for backtracking). */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  const trace: number[][] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] ?? [];
    const k = x - y;
    const down = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (vd[offset + prevK] ?? 0);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[x - 1] ?? "" });
      x--;
      y--;
    }
    if (d > 0) {
      if (down) ops.push({ kind: "+", line: b[y - 1] ?? "" });
      else ops.push({ kind: "-", line: a[x - 1] ?? "" });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

interface Hunk {
  aStart: number;
  aCount: number;
  bStart: number;
  bCount: number;
  ops: { op: Op; aIndex: number; bIndex: number }[];
}

function groupHunks(ops: readonly Op[], context: number): Hunk[] {
  const indexed: { op: Op; aIndex: number; bIndex: number }[] = [];
  let ai = 0;
  let bi = 0;
  for (const op of ops) {
    indexed.push({ op, aIndex: ai, bIndex: bi });
    if (op.kind !== "+") ai++;
    if (op.kind !== "-") bi++;
  }
  const changed = indexed.flatMap((entry, i) => (entry.op.kind === " " ? [] : [i]));
  const hunks: Hunk[] = [];
  let i = 0;
  while (i < changed.length) {
    const first = changed[i] ?? 0;
    let last = first;
    // Merge changes whose context windows touch.
    while (i + 1 < changed.length && (changed[i + 1] ?? 0) - last <= 2 * context) {
      i++;
      last = changed[i] ?? last;
    }
    i++;
    const from = Math.max(0, first - context);
    const to = Math.min(indexed.length - 1, last + context);
    const slice = indexed.slice(from, to + 1);
    const head = slice[0];
    if (!head) continue;
    hunks.push({
      aStart: head.aIndex,
      bStart: head.bIndex,
      aCount: slice.filter((e) => e.op.kind !== "+").length,
      bCount: slice.filter((e) => e.op.kind !== "-").length,
      ops: slice,
    });
  }
  return hunks;
}
