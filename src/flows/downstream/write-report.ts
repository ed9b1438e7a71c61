/**
 * `downstream report`: finds the shards' results, merges them and writes results.json, retry-list.json,
 * durations.json and summary.md.
 */
import { parseShardResults } from "../../core/downstream/parse-shard-results.js";
import { listDirectory, makeDirectory, readText, writeText } from "../../adapters/files.js";
import { join, relative, resolve } from "node:path";
import {
  buildDurations,
  buildRetryList,
  findFailingJobs,
  mergeShardResults,
} from "../../core/downstream/merge-shard-results.js";
import type { Category } from "../../core/downstream/outcomes.js";
import { renderReport } from "../../core/downstream/render-report.js";
import type { PartnerIssueState } from "../../core/downstream/render-partner-section.js";
import type { DownstreamJobResult, DownstreamReport, ShardResults } from "../../core/downstream/shard-results.js";
import { InputError } from "../../core/errors.js";

/** What `downstream report` wrote and found. */
export interface ReportOutcome {
  readonly report: DownstreamReport;
  readonly markdown: string;
  /** Jobs in `fail-on` categories (quiet ones left out). */
  readonly failing: readonly DownstreamJobResult[];
  readonly files: {
    readonly results: string;
    readonly retryList: string;
    readonly durations: string;
    readonly summary: string;
  };
}

/** Shard results, and the dependents' builds on conda-forge (`conda-forge dependents --results --out`). */
const RESULTS_FILE = /^results-(shard-\d+|conda-forge-dependents)\.json$/;

/**
 * Finds shard results files in each directory and one level below it (an artifact download puts each shard in
 * its own folder), in a stable order.
 */
export async function findShardResults(dirs: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    let entries;
    try {
      entries = await listDirectory(dir);
    } catch {
      throw new InputError(`${dir}: no such directory: pass the directories \`downstream run --out\` wrote`);
    }
    const here = entries.filter((e) => e.isFile && RESULTS_FILE.test(e.name)).map((e) => join(dir, e.name));
    const below: string[] = [];
    for (const sub of entries.filter((e) => e.isDirectory).sort((a, b) => a.name.localeCompare(b.name))) {
      const inner = (await listDirectory(join(dir, sub.name))).map((e) => e.name);
      below.push(...inner.filter((n) => RESULTS_FILE.test(n)).map((n) => join(dir, sub.name, n)));
    }
    found.push(...here.sort(byShardNumber), ...below);
  }
  return found;
}

/** Merges shard directories into `outDir`: results.json, retry-list.json, durations.json and summary.md. */
export async function writeReport(
  dirs: readonly string[],
  outDir: string,
  options: {
    readonly failOn: readonly Category[];
    readonly fullReport?: string;
    /** Reads the partner issues of the compared release, to show them (and keep them in results.json). */
    readonly readPartners?: (
      report: DownstreamReport,
    ) => Promise<{ readonly title: string; readonly states: readonly PartnerIssueState[] }>;
  },
): Promise<ReportOutcome> {
  const out = resolve(outDir);
  const files = await findShardResults(dirs);
  const shards: ShardResults[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readText(file));
    } catch {
      throw new InputError(`${file} is not valid JSON (a truncated artifact?): run that shard again`);
    }
    const shard = parseShardResults(parsed, file);
    // Log paths are relative to the shard's directory; make them relative to the merged results instead.
    const base = resolve(file, "..");
    shards.push({
      ...shard,
      downstreams: shard.downstreams.map((job) => ({
        ...job,
        runs: job.runs.map((run) => (run.log === "" ? run : { ...run, log: relative(out, join(base, run.log)) })),
      })),
    });
  }
  const merged = mergeShardResults(shards);
  const partners = options.readPartners ? await options.readPartners(merged) : undefined;
  const report: DownstreamReport = partners === undefined ? merged : { ...merged, partners: partners.states };
  const markdown = renderReport(report, {
    fullReport: options.fullReport ?? "the `results.json` and `summary.md` files of the report artifact",
    ...(partners !== undefined ? { partners } : {}),
  });
  await makeDirectory(out);
  const paths = {
    results: join(out, "results.json"),
    retryList: join(out, "retry-list.json"),
    durations: join(out, "durations.json"),
    summary: join(out, "summary.md"),
  };
  await writeText(paths.results, `${JSON.stringify(report, null, 2)}\n`);
  await writeText(paths.retryList, `${JSON.stringify(buildRetryList(report), null, 2)}\n`);
  await writeText(paths.durations, `${JSON.stringify(buildDurations(report), null, 2)}\n`);
  await writeText(paths.summary, markdown);
  return { report, markdown, failing: findFailingJobs(report, options.failOn), files: paths };
}

function byShardNumber(a: string, b: string): number {
  // The conda-forge file sorts after every shard.
  const n = (s: string): number => Number(/results-shard-(\d+)\.json$/.exec(s)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return n(a) - n(b);
}
