/**
 * A small project history built with real git for the sandbox's `from:` imports and pushes: several commits on main,
 * a rel-1.0 branch with a fix of its own, an annotated and a lightweight tag, and refs an import should leave out.
 */
import { execa } from "execa";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** git with no user or system configuration, a fixed identity and no prompts. */
export async function git(cwd: string, args: string[], env: Record<string, string> = {}) {
  return execa("git", args, {
    cwd,
    reject: false,
    env: {
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_TERMINAL_PROMPT: "0",
      GIT_AUTHOR_NAME: "Dev",
      GIT_AUTHOR_EMAIL: "dev@widget.invalid",
      GIT_COMMITTER_NAME: "Dev",
      GIT_COMMITTER_EMAIL: "dev@widget.invalid",
      ...env,
    },
  });
}

/** git that must succeed; returns stdout. */
export async function gitOk(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await git(cwd, args, env);
  if (result.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** The history and the SHAs the tests compare against. */
export interface BuiltHistory {
  /** The work tree's top directory (a `from:` directory). */
  readonly dir: string;
  /** A bundle of every ref (a `from:` bundle file). */
  readonly bundle: string;
  /** Commits of main, oldest first. */
  readonly mainCommits: readonly string[];
  readonly relHead: string;
  /** The annotated tag object of v1.0.0 and the commit it tags. */
  readonly annotatedTag: string;
  readonly annotatedTarget: string;
  /** The commit the lightweight tag v0.9.0 points to. */
  readonly lightweightTarget: string;
}

/** Writes files and commits them with a fixed date (so SHAs do not depend on the clock). */
async function commit(dir: string, files: Record<string, string>, message: string, day: number): Promise<string> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  await gitOk(dir, ["add", "--all"]);
  const date = `2026-0${1 + Math.floor(day / 28)}-${String(1 + (day % 28)).padStart(2, "0")}T10:00:00Z`;
  await gitOk(dir, ["commit", "--quiet", "-m", message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  return gitOk(dir, ["rev-parse", "HEAD"]);
}

/**
 * Builds the history: main with four commits (0.9.0 tagged lightweight, 1.0.0 tagged annotated, then 1.1.0 work),
 * rel-1.0 from the 1.0.0 commit with a fix, plus a `scratch` branch and a `junk` tag that `refs: [main, rel-*, v*]`
 * leaves out. `version` is what the last commit of main writes to VERSION_NUMBER.
 */
export async function buildHistory(version = "1.1.0"): Promise<BuiltHistory> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-history-"));
  await gitOk(dir, ["init", "--quiet", "--initial-branch=main"]);
  const project = (v: string) => ({
    VERSION_NUMBER: `${v}\n`,
    "widget/__init__.py": `__version__ = "${v}"\n`,
    "pyproject.toml": '[project]\nname = "widget"\ndynamic = ["version"]\nrequires-python = ">=3.11"\n',
  });
  const c1 = await commit(dir, project("0.9.0"), "Start widget", 1);
  await gitOk(dir, ["tag", "v0.9.0"]);
  const c2 = await commit(dir, { ...project("1.0.0"), "src/core.cc": "int core() { return 1; }\n" }, "Core", 2);
  const tagDate = "2026-01-05T10:00:00Z";
  await gitOk(dir, ["tag", "-a", "v1.0.0", "-m", "widget 1.0.0"], { GIT_COMMITTER_DATE: tagDate });
  await gitOk(dir, ["branch", "rel-1.0"]);
  const c3 = await commit(dir, { "src/core.cc": "int core() { return 2; }\n" }, "Faster core", 6);
  const c4 = await commit(dir, project(version), `Start ${version}`, 7);
  await gitOk(dir, ["checkout", "--quiet", "rel-1.0"]);
  const relHead = await commit(dir, { "FIX.md": "a fix on 1.0\n" }, "Fix on rel-1.0", 8);
  await gitOk(dir, ["checkout", "--quiet", "-b", "scratch"]);
  await commit(dir, { "SCRATCH.md": "left out\n" }, "Scratch work", 9);
  await gitOk(dir, ["tag", "junk"]);
  await gitOk(dir, ["checkout", "--quiet", "main"]);
  const bundle = path.join(await mkdtemp(path.join(os.tmpdir(), "rk-bundle-")), "widget.bundle");
  await gitOk(dir, ["bundle", "create", "--quiet", bundle, "--all"]);
  return {
    dir,
    bundle,
    mainCommits: [c1, c2, c3, c4],
    relHead,
    annotatedTag: await gitOk(dir, ["rev-parse", "refs/tags/v1.0.0"]),
    annotatedTarget: c2,
    lightweightTarget: c1,
  };
}
