/**
 * Start-up and size of each bundled action: `node actions/<name>/dist/index.js` with no inputs (it fails fast
 * on the missing input, before the flow's chunk is loaded) against a bare `node -e 0` (goal: < 1.5x), and the
 * size of the whole dist/ (entry and chunks; goal: < 2 MiB).
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

const root = path.resolve(import.meta.dirname, "..");

async function medianMs(args: string[], runs = 7): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await execa(process.execPath, args, { reject: false, env: { PATH: process.env.PATH }, extendEnv: false });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Figures per action. */
export async function runActionsStartupBenchmark(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const bare = await medianMs(["-e", "0"]);
  figures["actions.node_bare_ms"] = Math.round(bare);
  for (const name of (await readdir(path.join(root, "actions"))).sort()) {
    const bundle = path.join(root, "actions", name, "dist", "index.js");
    const info = await stat(bundle).catch(() => undefined);
    if (!info) continue;
    const ms = await medianMs([bundle]);
    figures[`actions.${name}.startup_ms`] = Math.round(ms);
    figures[`actions.${name}.startup_over_bare`] = Math.round((ms / bare) * 100) / 100;
    figures[`actions.${name}.size_mib`] =
      Math.round(((await directoryBytes(path.dirname(bundle))) / 1024 / 1024) * 100) / 100;
  }
  return figures;
}
