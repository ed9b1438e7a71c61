/**
 * `npm run bench`: runs every benchmark, prints one table and writes bench/results.json. Benchmarks live in
 * bench/*.bench.ts and export one async function returning named figures.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { readdir } from "node:fs/promises";

const dir = import.meta.dirname;
const results: Record<string, Record<string, number>> = {};
const only = process.argv[2];
for (const file of (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort()) {
  if (only && !file.includes(only)) continue;
  const module = (await import(path.join(dir, file))) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(module)) {
    if (typeof fn !== "function" || !/^run.*Benchmark$/.test(name)) continue;
    const started = performance.now();
    results[file.replace(/\.bench\.ts$/, "")] = (await (fn as () => Promise<Record<string, number>>)()) ?? {};
    console.error(`${file}: ${Math.round(performance.now() - started)} ms`);
  }
}
const rows = Object.values(results).flatMap((figures) => Object.entries(figures));
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`${"figure".padEnd(width)}  value`);
for (const [key, value] of rows) console.log(`${key.padEnd(width)}  ${value}`);
if (!only) {
  await writeFile(
    path.join(dir, "results.json"),
    JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, results }, null, 2) + "\n",
  );
  console.error("wrote bench/results.json");
}
