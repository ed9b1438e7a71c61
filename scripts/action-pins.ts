#!/usr/bin/env -S npx tsx
/**
 * Regenerates test/fixtures/action-pins/*.json: one table per third-party action pinned in what we ship (runs.using,
 * inputs with required/default, outputs), read from the upstream action.yml at the pinned commit. The input check
 * (test/unit/action-inputs.test.ts) reads these tables, so it needs no network.
 *
 * It reads local git clones, never the network: clone the upstream repositories first (with their tags), e.g.
 *   git clone --bare https://github.com/actions/checkout /tmp/pins/actions/checkout
 * then run
 *   npx tsx scripts/action-pins.ts --clones /tmp/pins            # looks for <dir>/<owner>/<name>, <dir>/<owner>+<name>[/repo]
 *   npx tsx scripts/action-pins.ts --clone actions/checkout=PATH  # one repository, repeatable
 *   npx tsx scripts/action-pins.ts --clones DIR --check           # exit 1 when a committed table differs
 *
 * Before writing, it checks that each pin's version comment names a tag of the clone that points at the pinned
 * commit, so a comment that lies about the version fails here. Tables of SHAs no longer pinned are deleted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { format, resolveConfig } from "prettier";
import { parse } from "yaml";
import { $ } from "zx";
import { pinTablePath, shippedYaml, thirdPartyPins, type ActionPin, type PinTable } from "./shipped-workflows.js";

$.verbose = false;
$.quiet = true;

const root = path.resolve(import.meta.dirname, "..");

function usage(message: string): never {
  console.error(`action-pins: ${message}`);
  console.error("usage: npx tsx scripts/action-pins.ts (--clones DIR | --clone OWNER/NAME=PATH)... [--check]");
  process.exit(2);
}

function parseArgs(argv: readonly string[]) {
  const clones = new Map<string, string>();
  const dirs: string[] = [];
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--check") check = true;
    else if (arg === "--clones") dirs.push(argv[++i] ?? usage("--clones needs a directory"));
    else if (arg === "--clone") {
      const spec = argv[++i] ?? usage("--clone needs OWNER/NAME=PATH");
      const eq = spec.indexOf("=");
      if (eq < 0 || !/^[^/=]+\/[^/=]+$/.test(spec.slice(0, eq))) usage(`--clone ${spec}: expected OWNER/NAME=PATH`);
      clones.set(spec.slice(0, eq), spec.slice(eq + 1));
    } else usage(`unknown argument ${arg}`);
  }
  if (clones.size === 0 && dirs.length === 0) usage("give --clones DIR or --clone OWNER/NAME=PATH");
  return { clones, dirs, check };
}

/** The clone of `owner/name`: given explicitly, or found under one of the --clones directories. */
function cloneOf(repository: string, clones: Map<string, string>, dirs: readonly string[]): string | undefined {
  const given = clones.get(repository);
  if (given) return given;
  const [owner = "", name = ""] = repository.split("/");
  for (const dir of dirs)
    for (const candidate of [
      path.join(dir, owner, name),
      path.join(dir, `${owner}+${name}`, "repo"),
      path.join(dir, `${owner}+${name}`),
    ])
      if (existsSync(candidate)) return candidate;
  return undefined;
}

async function git(clone: string, ...args: string[]): Promise<string> {
  return (await $`git -C ${clone} ${args}`).stdout;
}

/** Reads the pinned action.yml and turns it into a table; fails when the version comment does not match. */
async function tableFor(pin: ActionPin, clone: string): Promise<PinTable> {
  const commit = (await git(clone, "rev-parse", "--verify", "--quiet", `${pin.sha}^{commit}`).catch(() => "")).trim();
  if (commit !== pin.sha) throw new Error(`${pin.seenAt}: ${pin.sha} is not a commit of ${clone}`);
  const tagged = (
    await git(clone, "rev-parse", "--verify", "--quiet", `${pin.version}^{commit}`).catch(() => "")
  ).trim();
  if (tagged !== pin.sha)
    throw new Error(
      `${pin.seenAt}: the comment says ${pin.version}, but ${tagged ? `that tag is ${tagged}` : "no such tag exists"} in ${clone}`,
    );
  const dir = pin.subpath ? `${pin.subpath}/` : "";
  let text = "";
  for (const name of ["action.yml", "action.yaml"]) {
    text = await git(clone, "show", `${pin.sha}:${dir}${name}`).catch(() => "");
    if (text) break;
  }
  if (!text) throw new Error(`${pin.seenAt}: no action.yml at ${pin.repository}@${pin.sha}/${dir}`);
  const meta = parse(text) as {
    inputs?: Record<string, { required?: unknown; default?: unknown } | null>;
    outputs?: Record<string, unknown>;
    runs?: { using?: unknown };
  };
  const inputs: Record<string, { required: boolean; default?: string }> = {};
  for (const [name, spec] of Object.entries(meta.inputs ?? {})) {
    const required = spec?.required === true || spec?.required === "true";
    inputs[name] =
      spec?.default === undefined || spec.default === null
        ? { required }
        : { required, default: typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default) };
  }
  return {
    action: pin.action,
    version: pin.version,
    sha: pin.sha,
    using: typeof meta.runs?.using === "string" ? meta.runs.using : "unknown",
    inputs,
    outputs: Object.keys(meta.outputs ?? {}),
  };
}

async function main(): Promise<void> {
  const { clones, dirs, check } = parseArgs(process.argv.slice(2));
  const pins = thirdPartyPins(shippedYaml(root));
  const wanted = new Set<string>();
  const stale: string[] = [];
  for (const pin of pins) {
    const clone = cloneOf(pin.repository, clones, dirs);
    if (!clone) throw new Error(`${pin.seenAt}: no clone of ${pin.repository}: pass --clone ${pin.repository}=PATH`);
    const table = await tableFor(pin, clone);
    const file = pinTablePath(root, pin.action, pin.sha);
    wanted.add(path.basename(file));
    const text = await format(JSON.stringify(table), { ...(await resolveConfig(file)), filepath: file });
    const before = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (before === text) continue;
    stale.push(path.relative(root, file));
    if (!check) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    console.log(
      `${check ? "differs" : "wrote"} ${path.relative(root, file)} (${pin.action} ${pin.version}, ${table.using})`,
    );
  }
  const dir = path.dirname(pinTablePath(root, "a/b", "0".repeat(40)));
  for (const f of existsSync(dir) ? readdirSync(dir) : [])
    if (f.endsWith(".json") && !wanted.has(f)) {
      stale.push(path.posix.join("test/fixtures/action-pins", f));
      if (!check) rmSync(path.join(dir, f));
      console.log(`${check ? "not pinned anymore" : "deleted"} test/fixtures/action-pins/${f}`);
    }
  if (check && stale.length > 0) {
    console.error(
      "action-pins: the tables differ from the pinned action.yml files; run without --check to rewrite them",
    );
    process.exit(1);
  }
  console.log(`${pins.length} pins, ${stale.length} table(s) ${check ? "differ" : "changed"}`);
}

main().catch((error: unknown) => {
  console.error(`action-pins: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
