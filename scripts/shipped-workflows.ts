/**
 * Everything release-kit ships that a runner or a user's workflow executes as GitHub Actions YAML: our workflows,
 * the example workflows users copy, the action.yml files, and the YAML snippets of the READMEs. One list, read by
 * the input check (test/unit/action-inputs.test.ts), the pin-table generator (scripts/action-pins.ts) and the
 * "one `uses:` form" test, so a new place that ships YAML is checked by all of them at once.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One YAML document we ship: a workflow file, an action.yml, or a fenced ```yaml block of a Markdown file. */
export interface ShippedYaml {
  /** Path relative to the repository root (with `#L<line>` for a Markdown snippet). */
  readonly file: string;
  readonly kind: "workflow" | "action" | "snippet";
  readonly text: string;
}

/** A `uses:` pin of a third-party action: `owner/name[/path]@<40 hex> # v<version>`. */
export interface ActionPin {
  /** owner/name[/path], as written before the `@`. */
  readonly action: string;
  /** owner/name: the repository that holds it. */
  readonly repository: string;
  /** Path of the action inside the repository ("" for the root). */
  readonly subpath: string;
  readonly sha: string;
  /** The version comment, e.g. v6.0.0. */
  readonly version: string;
  /** Where it was seen first (file:line). */
  readonly seenAt: string;
}

function yamlIn(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .map((f) => path.posix.join(dir, f));
}

/** The Markdown files whose YAML snippets users copy. */
export function shippedMarkdown(root: string): string[] {
  const files = ["README.md"];
  for (const dir of ["actions", "examples"]) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    for (const sub of readdirSync(full).sort())
      if (existsSync(path.join(full, sub, "README.md"))) files.push(path.posix.join(dir, sub, "README.md"));
  }
  if (existsSync(path.join(root, "docs")))
    for (const f of readdirSync(path.join(root, "docs")).sort())
      if (f.endsWith(".md")) files.push(path.posix.join("docs", f));
  return files.filter((f) => existsSync(path.join(root, f)));
}

/** Fenced ```yaml blocks of a Markdown text, with the line each starts on (1-based, the first line inside). */
export function yamlBlocks(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? "")) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? "")) end++;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** Every piece of Actions YAML release-kit ships, in a stable order. */
export function shippedYaml(root: string): ShippedYaml[] {
  const out: ShippedYaml[] = [];
  for (const file of [...yamlIn(root, ".github/workflows"), ...yamlIn(root, "examples/workflows")])
    out.push({ file, kind: "workflow", text: readFileSync(path.join(root, file), "utf8") });
  const actionsDir = path.join(root, "actions");
  if (existsSync(actionsDir))
    for (const name of readdirSync(actionsDir).sort()) {
      const file = path.posix.join("actions", name, "action.yml");
      if (existsSync(path.join(root, file)))
        out.push({ file, kind: "action", text: readFileSync(path.join(root, file), "utf8") });
    }
  for (const md of shippedMarkdown(root))
    for (const block of yamlBlocks(readFileSync(path.join(root, md), "utf8")))
      if (/\buses:/.test(block.text)) out.push({ file: `${md}#L${block.line}`, kind: "snippet", text: block.text });
  return out;
}

const PIN = /^\s*(?:-\s*)?uses:\s*([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@\s]+)?)@([0-9a-f]{40})\s*#\s*(v\S+)/;

/**
 * The third-party pins of the shipped YAML. release-kit's own actions and workflows (`<owner>/release-kit/...`) are
 * read from this checkout instead, so they are left out.
 */
export function thirdPartyPins(docs: readonly ShippedYaml[]): ActionPin[] {
  const pins = new Map<string, ActionPin>();
  for (const doc of docs)
    doc.text.split("\n").forEach((line, i) => {
      const m = PIN.exec(line);
      if (!m) return;
      const [, action = "", sha = "", version = ""] = m;
      const [owner = "", name = "", ...rest] = action.split("/");
      if (name === "release-kit") return;
      const key = `${action}@${sha}`;
      if (!pins.has(key))
        pins.set(key, {
          action,
          repository: `${owner}/${name}`,
          subpath: rest.join("/"),
          sha,
          version,
          seenAt: `${doc.file}:${i + 1}`,
        });
    });
  return [...pins.values()].sort((a, b) => `${a.action}@${a.sha}`.localeCompare(`${b.action}@${b.sha}`));
}

/** The committed table of one pin: test/fixtures/action-pins/<owner>+<name>[+path]@<sha>.json. */
export function pinTablePath(root: string, action: string, sha: string): string {
  return path.join(root, "test/fixtures/action-pins", `${action.replace(/\//g, "+")}@${sha}.json`);
}

/** What a pin table holds: the facts of the action.yml at that commit that a workflow can get wrong. */
export interface PinTable {
  readonly action: string;
  readonly version: string;
  readonly sha: string;
  readonly using: string;
  readonly inputs: Readonly<Record<string, { readonly required: boolean; readonly default?: string }>>;
  readonly outputs: readonly string[];
}
