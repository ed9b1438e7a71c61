/**
 * Replays real conda-forge autotick-bot version bumps (../shared/fixtures/feedstock-bumps, read in place, never
 * copied) through `release-kit conda-forge bump-recipe` and classifies each result against the bot's own recipe.
 * The network is replaced by one local HTTP server: the sandbox's PyPI-like package index, seeded with each case's new
 * sdist (file name, digest), plus "the web": the source URLs the bot's recipe renders to, which existed when the bot
 * ran. So the URL resolution of the CLI runs for real against files that exist and files that do not.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { runCli } from "../../src/cli/main.js";
import type { RecipeFormat } from "../../src/core/recipe/recipe-layout.js";
import { renderSourceUrls } from "../../src/core/recipe/render-source-urls.js";
import { handlePackageIndex } from "../../src/sandbox/package-index.js";
import { emptyData, SandboxState } from "../../src/sandbox/state.js";

/** The corpus folder, beside the worktree. */
export const corpusDir = path.resolve(import.meta.dirname, "../../../shared/fixtures/feedstock-bumps");

/** One bot bump of the corpus. */
export interface ReplayCase {
  readonly id: string;
  readonly dir: string;
  readonly feedstock: string;
  readonly format: RecipeFormat;
  readonly version: string;
  readonly sha256s: readonly string[];
  readonly botAlsoChanged: readonly string[];
  readonly sourceUrlChange: readonly string[];
}

/** How one replayed bump compares with the bot's. */
export type ReplayOutcome =
  | { readonly kind: "identical" }
  /** Every line release-kit changed, the bot changed the same way; the bot changed more (kinds). */
  | { readonly kind: "same-bump-lines"; readonly more: readonly string[] }
  /**
   * release-kit reset a build number the bot left (the MANIFEST calls the bot wrong on sympy's `build_num`; release-kit
   * follows the bot's rule and keeps it, so this is counted apart and not as a match).
   */
  | { readonly kind: "bot-kept-build-number" }
  | { readonly kind: "refused"; readonly message: string }
  | { readonly kind: "different"; readonly detail: string };

/** A replayed case. */
export interface ReplayResult {
  readonly case: ReplayCase;
  readonly outcome: ReplayOutcome;
  readonly ms: number;
}

/** The cases of the corpus, or an empty list when it is absent. */
export function loadCorpus(dir = corpusDir): ReplayCase[] {
  if (!existsSync(dir)) return [];
  const cases: ReplayCase[] = [];
  for (const feedstock of readdirSync(dir).sort()) {
    const fdir = path.join(dir, feedstock);
    if (!existsSync(path.join(fdir))) continue;
    let entries: string[];
    try {
      entries = readdirSync(fdir).sort();
    } catch {
      continue;
    }
    for (const sha of entries) {
      const caseFile = path.join(fdir, sha, "case.json");
      if (!existsSync(caseFile)) continue;
      const data = JSON.parse(readFileSync(caseFile, "utf8")) as {
        format: string;
        version: string;
        sha256: string[];
        sha256_all_sources?: string[];
        bot_also_changed?: string[];
        source_url_change?: string[];
      };
      cases.push({
        id: `${feedstock}/${sha}`,
        dir: path.join(fdir, sha),
        feedstock,
        format: data.format === "v1" ? "recipe.yaml" : "meta.yaml",
        version: data.version,
        // One hash per version-dependent source: where one such file did not change, the full list has it.
        sha256s: data.sha256_all_sources ?? data.sha256,
        botAlsoChanged: data.bot_also_changed ?? [],
        sourceUrlChange: data.source_url_change ?? [],
      });
    }
  }
  return cases;
}

function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(abs, r);
      else out.set(r, readFileSync(abs, "latin1"));
    }
  };
  if (existsSync(root)) walk(root, "");
  return out;
}

/** Sources of a recipe rendered at `version`, or undefined when release-kit cannot render it. */
function renderedUrls(text: string, format: RecipeFormat, version: string): string[] | undefined {
  try {
    return renderSourceUrls(text, format, version).map((s) => s.url);
  } catch {
    return undefined;
  }
}

const pypiHosts = /^https:\/\/(pypi\.io|pypi\.org|files\.pythonhosted\.org)\//;

/** Whether two URLs name the same file on the package index's equivalent hosts. */
function sameBesidesPypiHost(a: string, b: string): boolean {
  return pypiHosts.test(a) && pypiHosts.test(b) && a.replace(pypiHosts, "") === b.replace(pypiHosts, "");
}

// ---------------------------------------------------------------------------------------------------------------
// The local world: package index + web
// ---------------------------------------------------------------------------------------------------------------

/** The local server standing in for the package index and the web of every case. */
export interface ReplayWorld {
  readonly env: Record<string, string>;
  /** Requests served, to prove the replay went through the index. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts the world: each case's bot-rendered source URLs exist, and its sdists are on the index. */
export async function startReplayWorld(cases: readonly ReplayCase[]): Promise<ReplayWorld> {
  const store = mkdtempSync(path.join(tmpdir(), "rk-replay-world-"));
  const placeholder = path.join(store, "file");
  writeFileSync(placeholder, "x");
  const state = new SandboxState(emptyData());
  const web = new Set<string>();
  for (const c of cases) {
    const text = readFileSync(path.join(c.dir, "after", "recipe", c.format), "utf8");
    let sources;
    try {
      sources = renderSourceUrls(text, c.format, c.version);
    } catch {
      continue;
    }
    for (const source of sources) {
      const url = source.url;
      const sdist = /\/packages\/source\/[^/]+\/([^/]+)\/([^/]+)$/.exec(url);
      if (pypiHosts.test(url) && sdist) {
        const [, project = "", filename = ""] = sdist;
        if (state.data.packages.some((p) => p.filename === filename)) continue;
        state.data.packages.push({
          name: project,
          version: c.version,
          filename,
          sha256: (source.sha256 ?? "").toLowerCase(),
          md5: "0".repeat(32),
          size: 1,
          storedAt: placeholder,
          requiresPython: null,
          uploadTime: "2024-01-01T00:00:00Z",
          packagetype: "sdist",
        });
      } else if (pypiHosts.test(url)) {
        // Other files of the index's hosts (wheels under /packages/py3/...) are served as the web is.
        web.add(url.replace(pypiHosts, "pypi-index/"));
      } else {
        web.add(url.replace(/^https:\/\//, ""));
      }
    }
  }
  const requests: string[] = [];
  let base = "";
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    requests.push(`${req.method ?? "GET"} ${url.pathname}`);
    const key = decodeURIComponent(url.pathname.slice(1)) + url.search;
    if (url.pathname.startsWith("/pypi-index/") && !web.has(key)) {
      void handlePackageIndex({
        state,
        indexUrl: `${base}/pypi-index`,
        path: url.pathname.slice("/pypi-index".length),
        method: req.method ?? "GET",
        res,
      });
      return;
    }
    const found = web.has(key);
    res.writeHead(found ? 200 : 404, { "content-length": found ? "1" : "0" });
    res.end(found ? "x" : "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    env: {
      PYPI_URL: `${base}/pypi-index`,
      GITHUB_SERVER_URL: `${base}/github.com`,
      RELEASE_KIT_WEB_MIRROR: base,
    },
    requests,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(store, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------------------------

/** For each line of `a`: the index of the hunk of `a -> b` that replaces it (or -1), and each hunk's new lines. */
function hunksOf(a: readonly string[], b: readonly string[]): { hunkOf: number[]; inserts: string[][] } {
  const n = a.length;
  const m = b.length;
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const hunkOf = new Array<number>(n).fill(-1);
  const inserts: string[][] = [];
  let i = 0;
  let j = 0;
  let open = -1;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      open = -1;
      i++;
      j++;
      continue;
    }
    if (open === -1) {
      open = inserts.length;
      inserts.push([]);
    }
    if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      inserts[open]!.push(b[j]!);
      j++;
    } else {
      hunkOf[i] = open;
      i++;
    }
  }
  return { hunkOf, inserts };
}

const buildNumberLine = /(set\s+build(_num|_number)?\s*=\s*\d+|^\s*(number|build(_num|_number)?)\s*:\s*\d+)/;
const urlLine = /^\s*(-\s+)?url\s*:|^\s*-\s+https?:/;

/** Classifies release-kit's recipe folder against the bot's. */
export function classifyReplay(c: ReplayCase, ours: Map<string, string>): ReplayOutcome {
  const before = readTree(path.join(c.dir, "before", "recipe"));
  const bot = readTree(path.join(c.dir, "after", "recipe"));
  const sameFiles = ours.size === bot.size && [...bot].every(([name, text]) => ours.get(name) === text);
  if (sameFiles) return { kind: "identical" };

  const B = (before.get(c.format) ?? "").split("\n");
  const O = (ours.get(c.format) ?? "").split("\n");
  const T = (bot.get(c.format) ?? "").split("\n");
  if (O.length !== B.length) return { kind: "different", detail: "release-kit added or removed lines" };
  const { hunkOf, inserts } = hunksOf(B, T);
  const ourUrls = renderedUrls(O.join("\n"), c.format, c.version);
  const botUrls = renderedUrls(T.join("\n"), c.format, c.version);
  const more = new Set<string>();
  let keptBuild = false;
  for (let i = 0; i < B.length; i++) {
    const b = B[i] ?? "";
    const o = O[i] ?? "";
    const h = hunkOf[i] ?? -1;
    if (o === b) {
      if (h === -1) continue;
      // The bot changed a line release-kit left alone: fine only for a change that is not part of the bump.
      if (/\b[0-9a-f]{64}\b/i.test(b) && !T.join("\n").includes(b.match(/[0-9a-f]{64}/i)![0])) {
        return { kind: "different", detail: `line ${i + 1}: the bot replaced a hash release-kit kept: ${b.trim()}` };
      }
      if (urlLine.test(b)) {
        if (
          ourUrls &&
          botUrls &&
          ourUrls.every((u, k) => u === botUrls[k] || sameBesidesPypiHost(u, botUrls[k] ?? ""))
        ) {
          more.add("source-url (host)");
          continue;
        }
        return {
          kind: "different",
          detail: `line ${i + 1}: the bot rewrote the source URL, release-kit kept ${b.trim()}`,
        };
      }
      continue;
    }
    if (h !== -1 && inserts[h]?.includes(o)) continue;
    const unquoted = (line: string): string => line.replace(/["']/g, "");
    if (h !== -1 && inserts[h]?.some((line) => unquoted(line) === unquoted(o))) {
      // The same YAML value quoted differently: the bot re-wrote the file's quoting on this bump.
      more.add("formatting (quoting)");
      continue;
    }
    if (h === -1 && buildNumberLine.test(b) && /\b0\b/.test(o)) {
      keptBuild = true;
      continue;
    }
    if (
      urlLine.test(b) &&
      ourUrls &&
      botUrls &&
      ourUrls.every((u, k) => u === botUrls[k] || sameBesidesPypiHost(u, botUrls[k] ?? ""))
    ) {
      more.add("source-url (same file, spelled differently)");
      continue;
    }
    return {
      kind: "different",
      detail: `line ${i + 1}: release-kit wrote ${o.trim()} where the bot has ${h === -1 ? b.trim() : (inserts[h] ?? []).map((l) => l.trim()).join(" / ")}`,
    };
  }
  if (ourUrls && botUrls) {
    const wrong = ourUrls.find((u, k) => u !== botUrls[k] && !sameBesidesPypiHost(u, botUrls[k] ?? ""));
    if (wrong)
      return { kind: "different", detail: `source URL ${wrong} is not the bot's ${botUrls[ourUrls.indexOf(wrong)]}` };
  }
  for (const kind of c.botAlsoChanged) if (kind !== "source-url") more.add(kind);
  for (const [name, text] of bot) if (name !== c.format && ours.get(name) !== text) more.add("other");
  if (more.size === 0 && keptBuild) return { kind: "bot-kept-build-number" };
  if (more.size === 0) more.add("formatting");
  return { kind: "same-bump-lines", more: [...more].sort() };
}

// ---------------------------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------------------------

/**
 * The hashes a user passes: one per version-dependent source, in recipe order, as the bot's recipe holds them (a
 * version-dependent file that did not change keeps its hash; a pinned second source needs none).
 */
export function dependentHashes(c: ReplayCase): readonly string[] {
  try {
    const text = readFileSync(path.join(c.dir, "after", "recipe", c.format), "utf8");
    const hashes = renderSourceUrls(text, c.format, c.version)
      .filter((s) => s.dependsOnVersion)
      .map((s) => s.sha256 ?? "");
    return hashes.every((h) => /^[0-9a-f]{64}$/i.test(h)) && hashes.length > 0 ? hashes : c.sha256s;
  } catch {
    return c.sha256s;
  }
}

/** Bumps one case with the CLI (in-process) in a temporary copy of `before/`, and classifies the result. */
export async function replayCase(
  c: ReplayCase,
  world: ReplayWorld,
  extraArgs: readonly string[] = [],
): Promise<ReplayResult> {
  const work = mkdtempSync(path.join(tmpdir(), "rk-replay-"));
  try {
    mkdirSync(path.join(work, "recipe"));
    cpSync(path.join(c.dir, "before"), work, { recursive: true });
    let stderr = "";
    const args = ["conda-forge", "bump-recipe", work, "--version", c.version];
    for (const sha of dependentHashes(c)) args.push("--sha256", sha);
    args.push(...extraArgs);
    const started = performance.now();
    const code = await runCli(args, {
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
      },
      env: { ...world.env, HOME: work },
      cwd: work,
    });
    const ms = performance.now() - started;
    if (code !== 0) {
      const message = stderr
        .split("\n")
        .filter((l) => /^release-kit: (?!warning:)/.test(l))
        .join(" | ");
      return { case: c, outcome: { kind: "refused", message: message || stderr.trim() }, ms };
    }
    return { case: c, outcome: classifyReplay(c, readTree(path.join(work, "recipe"))), ms };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The summary table: one row per outcome (same-bump-lines by kind), then the median time per bump. */
export function replayTable(results: readonly ReplayResult[]): string {
  const count = (kind: ReplayOutcome["kind"]): number => results.filter((r) => r.outcome.kind === kind).length;
  const total = results.length;
  const pct = (n: number): string => `${((100 * n) / Math.max(total, 1)).toFixed(1)}%`;
  const rows: [string, number][] = [
    ["identical to the bot", count("identical")],
    ["same bump lines, the bot changed more", count("same-bump-lines")],
  ];
  const kinds = new Map<string, number>();
  for (const r of results) {
    if (r.outcome.kind !== "same-bump-lines") continue;
    for (const k of r.outcome.more) kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  const kindRows: [string, number][] = [...kinds].sort().map(([k, n]) => [`    of which: ${k}`, n]);
  rows.push(...kindRows);
  rows.push(
    ["build number reset where the bot kept it (bot wrong)", count("bot-kept-build-number")],
    ["refused with one line", count("refused")],
    ["different or wrong", count("different")],
  );
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const median =
    times.length === 0
      ? 0
      : (times[Math.floor((times.length - 1) / 2)]! + times[Math.ceil((times.length - 1) / 2)]!) / 2;
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    `feedstock-bumps replay: ${total} bot bumps`,
    ...rows.map(([label, n]) => `  ${label.padEnd(width)}  ${String(n).padStart(4)}  ${pct(n).padStart(6)}`),
  ];
  lines.push(`  median time per bump (in-process): ${median.toFixed(1)} ms`);
  for (const r of results) {
    if (r.outcome.kind === "refused") lines.push(`  refused  ${r.case.id}: ${r.outcome.message}`);
    if (r.outcome.kind === "different") lines.push(`  DIFFERENT ${r.case.id}: ${r.outcome.detail}`);
  }
  return lines.join("\n");
}
