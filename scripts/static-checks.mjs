// `npm test`'s first part: the type check, ESLint and Prettier, run at once rather than one after the other. Each is
// one single-threaded process, so on two cores the three take about as long as the longest (ESLint) instead of their
// sum. Each tool's output is printed whole, after it ends, under its name, so that the outputs never interleave.
import { execa } from "execa";
import { performance } from "node:perf_hooks";

const checks = [
  { name: "typecheck", command: "tsc", args: ["--noEmit", "-p", "tsconfig.json"] },
  {
    name: "eslint",
    command: "eslint",
    args: ["--max-warnings=0", "src", "test", "actions", "scripts", "bench", "bin"],
  },
  { name: "prettier", command: "prettier", args: ["--check", "."] },
];

const started = performance.now();
const results = await Promise.all(
  checks.map(async (check) => {
    const t = performance.now();
    const run = await execa(check.command, check.args, { preferLocal: true, reject: false, all: true });
    return { ...check, run, seconds: (performance.now() - t) / 1000 };
  }),
);

let failed = 0;
for (const { name, command, args, run, seconds } of results) {
  const ok = run.exitCode === 0;
  if (!ok) failed += 1;
  const output = (run.all ?? "").trimEnd();
  console.log(
    `> ${[command, ...args].join(" ")}  (${ok ? "ok" : `failed, exit ${run.exitCode ?? run.signal}`}, ${seconds.toFixed(1)} s)`,
  );
  if (output && (!ok || name === "prettier")) console.log(output);
  // A tool that could not start (not installed: run `npm ci`) has no output of its own.
  else if (!ok) console.log(run.shortMessage);
}
const total = ((performance.now() - started) / 1000).toFixed(1);
if (failed > 0) {
  console.error(`static checks: ${failed} of ${checks.length} failed (${total} s); fix what the output above names.`);
  process.exit(1);
}
console.log(`static checks: all ${checks.length} passed (${total} s)`);
