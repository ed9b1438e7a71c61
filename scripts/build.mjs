#!/usr/bin/env node
// Bundles the CLI (dist/cli.js) and every action (actions/<name>/dist/: index.js and flow.mjs, with the code they
// share in actions/_shared/) with esbuild: unminified so a reviewer can read the committed bundles, with a `require`
// shim in the ES module bundles because some dependencies are CommonJS, and the bundled packages' licenses in a
// THIRD_PARTY_NOTICES.txt next to each set of bundles.
import { build } from "esbuild";
import { readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildCli, commonOptions, generatedLine } from "./build-cli.mjs";
import { writeThirdPartyNotices } from "./third-party-notices.mjs";

const root = path.resolve(import.meta.dirname, "..");
/** The shared esbuild options (scripts/build-cli.mjs). */
const common = commonOptions(root);

// The CLI: dist/cli.js and the command chunks under dist/chunks/ (scripts/build-cli.mjs).
await rm(path.join(root, "dist"), { recursive: true, force: true });
const cliPackages = await buildCli(root, path.join(root, "dist"));
console.log(`built dist/cli.js and its chunks (notices of ${cliPackages} packages)`);

/** Whether a file exists. */
const exists = (file) =>
  stat(file).then(
    () => true,
    () => false,
  );

// Each action is two files. dist/flow.mjs is the flow and runAction, an ES module. dist/index.js, the file the
// runner starts, is a small CommonJS entry (dist/package.json says so: CommonJS starts faster than an ES module)
// that checks the required inputs and only then imports flow.mjs; a step with bad input fails in about the time
// Node takes to start. The entry's lazy imports (the flow module, run-action) all resolve to flow.mjs.
const lazyFlow = {
  name: "lazy-flow",
  setup(b) {
    b.onResolve({ filter: /^\.\/run-[a-z-]+\.js$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: "./flow.mjs", external: true } : undefined,
    );
  },
};
const actionsDir = path.join(root, "actions");
const sharedDir = path.join(actionsDir, "_shared");
const actions = [];
for (const name of (await readdir(actionsDir).catch(() => [])).sort()) {
  const dir = path.join(actionsDir, name);
  const main = path.join(dir, "main.ts");
  if (!(await exists(main))) continue;
  const flowModule = (await readdir(dir)).find((file) => /^run-[a-z-]+-action\.ts$/.test(file));
  if (!flowModule) throw new Error(`actions/${name} has main.ts but no run-<name>-action.ts flow module`);
  actions.push({ name, dir, main, flow: path.join(dir, flowModule) });
  await rm(path.join(dir, "dist"), { recursive: true, force: true });
}
await rm(sharedDir, { recursive: true, force: true });

// All the flows in one build with code splitting: what two or more actions use (yaml, Octokit, semver, the config
// loader...) is written once, to actions/_shared/chunk-*.mjs, and each flow.mjs imports it by a relative path
// (../../_shared/...). Workflows use an action from a checkout of the whole repository, so the folder is always there.
// Each entry is a virtual module: runAction and the action's flow module.
const flowEntry = "release-kit-action-flow:";
const actionFlows = {
  name: "action-flows",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${flowEntry}`) }, (args) => ({ path: args.path, namespace: "action-flow" }));
    b.onLoad({ filter: /.*/, namespace: "action-flow" }, (args) => {
      const action = actions.find((a) => `${flowEntry}${a.name}` === args.path);
      return {
        contents: [
          `export { runAction } from ${JSON.stringify(path.join(root, "src/action/run-action.ts"))};`,
          `export * from ${JSON.stringify(action.flow)};`,
        ].join("\n"),
        resolveDir: action.dir,
        loader: "ts",
      };
    });
  },
};
const flows = await build({
  ...common,
  entryPoints: Object.fromEntries(actions.map((a) => [`${a.name}/dist/flow`, `${flowEntry}${a.name}`])),
  outdir: actionsDir,
  outExtension: { ".js": ".mjs" },
  splitting: true,
  chunkNames: "_shared/[name]-[hash]",
  plugins: [actionFlows],
});
for (const { dir, main } of actions) {
  const outdir = path.join(dir, "dist");
  await build({
    ...common,
    format: "cjs",
    // CommonJS has its own `require`: only the generated-file line.
    banner: { js: generatedLine },
    metafile: false,
    entryPoints: [main],
    outfile: path.join(outdir, "index.js"),
    plugins: [lazyFlow],
  });
  await writeFile(path.join(outdir, "package.json"), '{ "type": "commonjs" }\n');
  console.log(`built ${path.relative(root, outdir)}/index.js and flow.mjs`);
}
const actionPackages = await writeThirdPartyNotices(
  flows.metafile,
  root,
  path.join(sharedDir, "THIRD_PARTY_NOTICES.txt"),
  "the release-kit actions (actions/*/dist/ and actions/_shared/)",
);
const chunks = Object.keys(flows.metafile.outputs).filter((file) => file.includes("/_shared/")).length;
console.log(`built actions/_shared: ${chunks} shared chunks (notices of ${actionPackages} packages)`);
