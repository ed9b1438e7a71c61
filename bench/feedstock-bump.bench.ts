/**
 * Time per recipe bump as a user meets it: `conda-forge bump-recipe` started by node for each bot bump of the
 * feedstock corpus (../shared/fixtures/feedstock-bumps), online against the replay's local index and web, the CLI
 * as built (dist/cli.js, or RELEASE_KIT_CLI_BUNDLE) and in development (tsx on src/cli/bin.ts), wall and CPU time.
 * Goal: median at most 250 ms per bump.
 * A sample of every 4th case by default (RELEASE_KIT_BENCH_ALL=1: every case); the figures name the corpus size.
 */
import { execa } from "execa";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dependentHashes, loadCorpus, startReplayWorld } from "../test/helpers/feedstock-replay.js";
import type { ReplayCase } from "../test/helpers/feedstock-replay.js";

const root = path.resolve(import.meta.dirname, "..");

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(mid)] ?? 0) + (sorted[Math.ceil(mid)] ?? 0)) / 2;
};

/** Runs one bump of `c` with `entry` (node arguments before the command) in a fresh copy; returns ms and exit code. */
async function timedBump(c: ReplayCase, entry: readonly string[], env: Record<string, string>) {
  const work = mkdtempSync(path.join(tmpdir(), "rk-bump-bench-"));
  try {
    cpSync(path.join(c.dir, "before"), work, { recursive: true });
    const args = [...entry, "conda-forge", "bump-recipe", work, "--version", c.version];
    for (const sha of dependentHashes(c)) args.push("--sha256", sha);
    // CPU time (user + sys) through GNU time when present: on a loaded machine the wall time mostly measures the load.
    const timed = existsSync("/usr/bin/time");
    const started = performance.now();
    const [command, commandArgs] = timed
      ? ["/usr/bin/time", ["-f", "rk-cpu %U %S", process.execPath, ...args]]
      : [process.execPath, args];
    const result = await execa(command, commandArgs, {
      cwd: work,
      reject: false,
      env: { PATH: process.env.PATH ?? "", HOME: work, ...env },
      extendEnv: false,
    });
    const ms = performance.now() - started;
    if (result.exitCode !== 0) console.error(`feedstock-bump: ${c.id} exit ${result.exitCode}: ${result.stderr}`);
    const cpu = /rk-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
    const cpuMs = cpu ? 1000 * (Number(cpu[1]) + Number(cpu[2])) : undefined;
    return { ms, cpuMs, code: result.exitCode ?? -1 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Median wall time per bump with the bundled and the development CLI, and node's own start-up for scale. */
export async function runFeedstockBumpBenchmark(): Promise<Record<string, number>> {
  const corpus = loadCorpus();
  if (corpus.length === 0) {
    console.error("feedstock-bump: no corpus at ../shared/fixtures/feedstock-bumps; skipped");
    return {};
  }
  const sample = process.env.RELEASE_KIT_BENCH_ALL === "1" ? corpus : corpus.filter((_, i) => i % 4 === 0);
  const world = await startReplayWorld(corpus);
  // tsx by its file URL: the bump runs in its feedstock's folder, where no node_modules resolves `tsx`.
  const tsx = import.meta.resolve("tsx");
  const entries: [string, string[]][] = [["tsx", ["--import", tsx, path.join(root, "src/cli/bin.ts")]]];
  const bundle = process.env.RELEASE_KIT_CLI_BUNDLE ?? path.join(root, "dist/cli.js");
  if (existsSync(bundle)) entries.unshift(["bundle", [bundle]]);
  const figures: Record<string, number> = { "bump.corpus_cases": corpus.length, "bump.sample_cases": sample.length };
  try {
    const bare: number[] = [];
    const times = new Map<string, number[]>(entries.map(([name]) => [name, []]));
    const cpuTimes = new Map<string, number[]>(entries.map(([name]) => [name, []]));
    let failed = 0;
    // Interleaved, so a change in the machine's load falls on every entry alike.
    for (const c of sample) {
      const started = performance.now();
      await execa(process.execPath, ["-e", "0"], { reject: false });
      bare.push(performance.now() - started);
      for (const [name, entry] of entries) {
        const run = await timedBump(c, entry, world.env);
        times.get(name)?.push(run.ms);
        if (run.cpuMs !== undefined) cpuTimes.get(name)?.push(run.cpuMs);
        if (run.code !== 0) failed++;
      }
    }
    figures["bump.node_bare_median_ms"] = Math.round(median(bare));
    for (const [name, values] of times) figures[`bump.${name}_median_ms`] = Math.round(median(values));
    for (const [name, values] of cpuTimes) {
      if (values.length > 0) figures[`bump.${name}_median_cpu_ms`] = Math.round(median(values));
    }
    figures["bump.nonzero_exits"] = failed;
  } finally {
    await world.close();
  }
  return figures;
}
