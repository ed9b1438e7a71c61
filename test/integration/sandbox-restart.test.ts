/**
 * A sandbox keeps its state across restarts at any point: `release-kit sandbox serve --state DIR` run as a real
 * process, killed with SIGKILL before its first API write (after a `git push` only) and right after one, then started
 * again over the same directory, serves what it had and never seeds again; a directory left by a seed that died
 * midway (git data, no state.json) is seeded again from scratch.
 */
import { execa, type ResultPromise } from "execa";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Octokit } from "octokit";
import { beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { buildHistory, git, gitOk, type BuiltHistory } from "../helpers/built-history.js";

const root = path.resolve(import.meta.dirname, "../..");
const repo = { owner: "acme", repo: "widget" };

let history: BuiltHistory;
beforeAll(async () => {
  history = await buildHistory();
}, 60_000);

/** A running `sandbox serve` process and the URLs it printed. */
interface Served {
  readonly child: ResultPromise;
  readonly api: string;
  readonly web: string;
}

/** Starts `release-kit sandbox serve` and waits for its URL lines. */
async function serve(seedFile: string, stateDir: string): Promise<Served> {
  const child = execa(
    process.execPath,
    ["--import", "tsx", "src/cli/bin.ts", "sandbox", "serve", "--seed", seedFile, "--state", stateDir],
    { cwd: root, reject: false },
  );
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("sandbox did not print its URLs")), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      if (lines.length >= 3) {
        clearTimeout(timer);
        resolve();
      }
    });
    void child.then((r) => reject(new Error(`sandbox exited: ${String(r.stderr)}`)));
  });
  const env = Object.fromEntries(lines.slice(0, 3).map((l) => l.split("=", 2) as [string, string]));
  return { child, api: env.GITHUB_API_URL!, web: env.GITHUB_SERVER_URL! };
}

/** SIGKILL: no handler runs, nothing is flushed on the way out. */
async function kill(served: Served): Promise<void> {
  served.child.kill("SIGKILL");
  const result = await served.child;
  expect(result.signal).toBe("SIGKILL");
}

const client = (api: string, token = "t-write") =>
  new Octokit({ baseUrl: api, auth: token, retry: { enabled: false }, throttle: { enabled: false } });

describe("a sandbox restarted over the same state directory", () => {
  it("keeps a push made before any API write and an API write made just before SIGKILL, and never seeds again", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rk-restart-"));
    const stateDir = path.join(dir, "state");
    const seedFile = path.join(dir, "seed.yml");
    await writeFile(
      seedFile,
      [
        "tokens:",
        "  - { token: t-write, login: release-bot, write: [acme/widget, acme/notes] }",
        "repos:",
        `  - { name: acme/widget, from: ${JSON.stringify(history.dir)}, refs: [main, rel-*, v*] }`,
        '  - { name: acme/notes, files: { NOTES.md: "notes\\n" } }',
        "",
      ].join("\n"),
    );

    // 1. First start: seeded, and state.json (the mark of a seeded directory) is there before any write.
    const first = await serve(seedFile, stateDir);
    expect(existsSync(path.join(stateDir, "state.json"))).toBe(true);
    const notesHead = (await client(first.api).rest.repos.getBranch({ owner: "acme", repo: "notes", branch: "main" }))
      .data.commit.sha;
    const widgetId = (await client(first.api).rest.repos.get(repo)).data.id;
    const work = path.join(dir, "work");
    await gitOk(dir, ["clone", "--quiet", `${first.web}/acme/widget.git`, work]);
    await gitOk(work, ["commit", "--quiet", "--allow-empty", "-m", "Pushed before any API write"]);
    const pushedHead = await gitOk(work, ["rev-parse", "HEAD"]);
    const pushUrl = (web: string) => `${web.replace("http://", "http://x-access-token:t-write@")}/acme/widget.git`;
    const pushed = await git(work, ["push", pushUrl(first.web), "HEAD:refs/heads/early"]);
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    await kill(first);

    // 2. Killed before any API write: the push, the seeded commits and the ids are all still there.
    const second = await serve(seedFile, stateDir);
    const gh2 = client(second.api);
    expect((await gh2.rest.repos.getBranch({ ...repo, branch: "early" })).data.commit.sha).toBe(pushedHead);
    expect((await gh2.rest.repos.getBranch({ owner: "acme", repo: "notes", branch: "main" })).data.commit.sha).toBe(
      notesHead,
    );
    expect((await gh2.rest.repos.get(repo)).data.id).toBe(widgetId);
    const issue = await gh2.rest.issues.create({ ...repo, title: "Written just before SIGKILL" });
    await kill(second);

    // 3. Killed right after the answer to an API write: the write is kept, and numbering goes on after it.
    const third = await serve(seedFile, stateDir);
    const gh3 = client(third.api);
    expect((await gh3.rest.issues.get({ ...repo, issue_number: issue.data.number })).data.title).toBe(
      "Written just before SIGKILL",
    );
    expect((await gh3.rest.repos.getBranch({ ...repo, branch: "early" })).data.commit.sha).toBe(pushedHead);
    const next = await gh3.rest.issues.create({ ...repo, title: "After the restarts" });
    expect(next.data.number).toBe(issue.data.number + 1);
    third.child.kill("SIGTERM");
    expect((await third.child).exitCode).toBe(0);
  }, 240_000);

  it("seeds from scratch over what a seed killed midway left (git data without state.json)", async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), "rk-halfseeded-"));
    // What a killed seed leaves: a repository with a ref the seed never makes, and no state.json.
    const leftover = path.join(stateDir, "git", "acme", "widget.git");
    await mkdir(path.dirname(leftover), { recursive: true });
    await gitOk(stateDir, ["init", "--quiet", "--bare", leftover]);
    await gitOk(stateDir, [
      "--git-dir",
      leftover,
      "fetch",
      "--quiet",
      history.dir,
      "refs/heads/scratch:refs/heads/scratch",
    ]);
    const seed = normalizeSeed(
      { repos: [{ name: "acme/widget", from: history.dir, refs: ["main", "rel-*", "v*"] }] },
      process.cwd(),
    );
    const sandbox = await startSandbox(seed, { stateDir });
    try {
      expect((await sandbox.git.listRefs("acme/widget")).map((r) => r.ref).sort()).toEqual([
        "refs/heads/main",
        "refs/heads/rel-1.0",
        "refs/tags/v0.9.0",
        "refs/tags/v1.0.0",
      ]);
      expect(existsSync(path.join(stateDir, "state.json"))).toBe(true);
    } finally {
      await sandbox.stop();
    }
  }, 60_000);
});
