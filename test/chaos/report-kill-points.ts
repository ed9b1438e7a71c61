/**
 * `downstream report` writes four local files one after another, so a kill can leave: the first files complete, the
 * one being written cut short, the others missing or still those of an earlier report. Each such state is laid out
 * on disk, the report is run again, and its files are read back for comparison with an uninterrupted run's.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runCli } from "../../src/cli/main.js";
import type { DownstreamReport, ShardResults } from "../../src/core/downstream/shard-results.js";

/** The files in the order the report writes them (src/flows/downstream/write-report.ts). */
const REPORT_FILES = ["results.json", "retry-list.json", "durations.json", "summary.md"] as const;

const GOLDEN = path.join(import.meta.dirname, "../fixtures/downstream/golden-results.json");

/** One kill point and the files the rerun left. */
export interface ReportKillPoint {
  readonly name: string;
  readonly code: number;
  readonly files: Record<string, string>;
}

/** Shards of the golden report's jobs (with durations and log tails): two directories, as `downstream run` leaves them after an artifact download. */
async function writeShards(root: string): Promise<void> {
  const golden = JSON.parse(await readFile(GOLDEN, "utf8")) as DownstreamReport;
  const half = Math.ceil(golden.downstreams.length / 2);
  const parts = [golden.downstreams.slice(0, half), golden.downstreams.slice(half)];
  for (const [i, downstreams] of parts.entries()) {
    const shard: ShardResults = {
      shard: `${i + 1}/2`,
      baseline: golden.baseline,
      candidate: golden.candidate,
      downstreams: downstreams.map((d) => ({
        ...d,
        runs: d.runs.map((r, j) => ({
          ...r,
          log: `logs/${d.name}@${d.platform}/${r.side}-${r.attempt}.log`,
          durationSeconds: 10 + j,
          tail: `last line of ${d.name} ${r.side}`,
        })),
      })),
    };
    await mkdir(path.join(root, "shards", `shard-${i + 1}`), { recursive: true });
    await writeFile(
      path.join(root, "shards", `shard-${i + 1}`, `results-shard-${i + 1}.json`),
      JSON.stringify(shard, null, 2),
    );
  }
}

/** Runs the report; exit 1 (a regression in the fixture) is an answer, anything above is a failure to report. */
async function report(cwd: string, dirs: readonly string[], out: string): Promise<number> {
  let stderr = "";
  const code = await runCli(["downstream", "report", ...dirs, "--out", out], {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    env: { PATH: process.env.PATH },
    cwd,
  });
  if (code > 1) throw new Error(`downstream report ${dirs.join(" ")} exited ${code}: ${stderr}`);
  return code;
}

async function readAll(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) files[name] = await readFile(path.join(dir, name), "utf8");
  return files;
}

/** Runs the report uninterrupted, then from every state a kill can leave; returns what each rerun wrote. */
export async function reportKillPoints(): Promise<{
  readonly files: number;
  readonly code: number;
  readonly expected: Record<string, string>;
  readonly points: readonly ReportKillPoint[];
}> {
  const root = await mkdtemp(path.join(os.tmpdir(), "rk-chaos-report-"));
  try {
    await writeShards(root);
    const code = await report(root, ["shards"], "expected");
    const expected = await readAll(path.join(root, "expected"));
    // An earlier report (one shard only) whose files a killed run may leave in place.
    await report(root, ["shards/shard-1"], "earlier");
    const earlier = await readAll(path.join(root, "earlier"));
    const points: ReportKillPoint[] = [];
    for (let k = 0; k <= REPORT_FILES.length; k++) {
      for (const rest of k < REPORT_FILES.length ? (["missing", "earlier"] as const) : (["-"] as const)) {
        const name =
          k < REPORT_FILES.length
            ? `killed while writing ${REPORT_FILES[k]}, later files ${rest}`
            : "killed after the last write";
        const out = path.join(root, `kill-${k}-${rest}`);
        await mkdir(out, { recursive: true });
        for (const [i, file] of REPORT_FILES.entries()) {
          const full = expected[file] ?? "";
          if (i < k) await writeFile(path.join(out, file), full);
          else if (i === k) await writeFile(path.join(out, file), full.slice(0, Math.floor(full.length / 2)));
          else if (rest === "earlier") await writeFile(path.join(out, file), earlier[file] ?? "");
        }
        const rerun = await report(root, ["shards"], path.basename(out));
        points.push({ name, code: rerun, files: await readAll(out) });
      }
    }
    return { files: Object.keys(expected).length, code, expected, points };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
