/**
 * Start-up and size of each bundled action: `node actions/<name>/dist/index.js` with no inputs (it fails fast
 * on the missing input, before the flow is loaded) against a bare `node -e 0` (goal:
 * < 1.5x), the size of each action's own dist/ (entry and flow) and of the chunks all of them share
 * (actions/_shared/), with the sum of all (goal: < 2 MiB). Also the time to load the flow as
 * a step with valid inputs does before its first request (`load_ms`: importing dist/flow.mjs), so the figure
 * for bad input is not mistaken for the cost of a real run.
 */
import { execa } from "execa";
import { readdir, stat } from "node:fs/promises";

/** Total bytes of the files under a directory (an action's entry and its chunks). */
async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await directoryBytes(full) : (await stat(full)).size;
  }
  return total;
}
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");

async function timeMs(args: readonly string[]): Promise<number> {
  const started = performance.now();
  await execa(process.execPath, args, { reject: false, env: { PATH: process.env.PATH }, extendEnv: false });
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * The medians of each command's wall time, the commands run in turn round after round, so that a change in the
 * machine's load during the benchmark falls on all of them alike rather than on whichever ran then.
 */
async function interleavedMediansMs(commands: readonly (readonly string[])[], rounds = 15): Promise<number[]> {
  const times = commands.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, args] of commands.entries()) times[i]?.push(await timeMs(args));
  }
  return times.map(median);
}

/** Figures per action. */
export async function runActionsStartupBenchmark(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const bares: number[] = [];
  for (const name of (await readdir(path.join(root, "actions"))).sort()) {
    const bundle = path.join(root, "actions", name, "dist", "index.js");
    const info = await stat(bundle).catch(() => undefined);
    if (!info) continue;
    const flow = path.join(path.dirname(bundle), "flow.mjs");
    if (!(await stat(flow).catch(() => undefined)))
      throw new Error(`${path.relative(root, flow)} is missing: run npm run build`);
    const url = pathToFileURL(flow).href;
    const [bare = 0, startup = 0, load = 0] = await interleavedMediansMs([
      ["-e", "0"],
      [bundle],
      ["--input-type=module", "-e", `await import(${JSON.stringify(url)})`],
    ]);
    bares.push(bare);
    figures[`actions.${name}.startup_ms`] = Math.round(startup);
    figures[`actions.${name}.startup_over_bare`] = Math.round((startup / bare) * 100) / 100;
    figures[`actions.${name}.load_ms`] = Math.round(load);
    figures[`actions.${name}.load_over_bare`] = Math.round((load / bare) * 100) / 100;
    figures[`actions.${name}.size_mib`] =
      Math.round(((await directoryBytes(path.dirname(bundle))) / 1024 / 1024) * 100) / 100;
  }
  const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;
  const shared = await directoryBytes(path.join(root, "actions", "_shared")).catch(() => 0);
  let total = shared;
  for (const name of await readdir(path.join(root, "actions")))
    total += await directoryBytes(path.join(root, "actions", name, "dist")).catch(() => 0);
  figures["actions.shared_mib"] = mib(shared);
  figures["actions.total_mib"] = mib(total);
  figures["actions.node_bare_ms"] = Math.round(median(bares));
  return figures;
}
