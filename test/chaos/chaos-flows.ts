/**
 * The flows the chaos suite breaks, each as: a fresh sandbox brought to the point where the flow runs (setup made
 * without faults), and the one CLI command under test, run in-process through the real CLI entry point.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { runCli } from "../../src/cli/main.js";
import { addPackageFile } from "../../src/sandbox/apply-seed.js";
import { runPhase } from "../../src/sandbox/representations-checks.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";
import { dependentRepos, dependentsConfig } from "../helpers/dependents-fixtures.js";
import { startFeedstockWorld } from "../helpers/feedstock-world.js";
import { FIXED_NOW, startWidgetWorld, widgetConfig, widgetSeed } from "../helpers/widget-project.js";
import { greenCi, openFeedstockPr, startChecklistWorld } from "../integration/checklist-world.js";

/** The outcome of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A sandbox ready for the flow's command. */
export interface ChaosWorld {
  readonly sandbox: Sandbox;
  /** Runs the flow's command (always the same arguments, so a rerun resumes the same run). */
  run(env?: Record<string, string>): Promise<CliRun>;
  /** Runs any command in the world (setup, or a concurrent run with other arguments). */
  cli(args: readonly string[], env?: Record<string, string>): Promise<CliRun>;
  /**
   * The files the flow's command wrote on disk (name -> text, ports replaced by HOST), for a flow whose result is
   * a report as well: compared with an uninterrupted run's like the sandbox.
   */
  outputs?(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** A flow under test. */
export interface ChaosFlow {
  readonly name: string;
  /** The command line, for the table and messages. */
  readonly args: readonly string[];
  /**
   * Starts a fresh sandbox and makes the setup the flow needs; no fault is set. On `port` (0: any free port), so
   * that links written into files and commits, and thus the SHAs, are the same in every sandbox of the flow.
   */
  start(port: number): Promise<ChaosWorld>;
  /**
   * The flow only reads GitHub (its result is local files): an uninterrupted run must make no write, there is no
   * write to crash after, and its `outputs` must match under faults.
   */
  readonly readOnly?: boolean;
  /**
   * How many writes an uninterrupted run makes: exactly, or at least. A flow that stopped making some of its writes
   * would otherwise shorten its crash loop without any test noticing.
   */
  readonly writes?: { readonly exactly: number } | { readonly atLeast: number };
  /**
   * What a run the sandbox crashed under must print; with it, the crashed run must also exit 1 with no stack trace
   * and no "internal error" (a crash is GitHub going away, the user's to wait out, never a bug). Without it, any
   * non-zero exit passes.
   */
  readonly crashMessage?: RegExp;
}

/** Runs `release-kit ...args` in-process against a sandbox, with the release-kit.yml of `dir`. */
export async function runInSandbox(
  sandbox: Sandbox,
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {
      ...sandbox.env(),
      GITHUB_TOKEN: "t-release",
      RELEASE_KIT_WRITE_INTERVAL_MS: "0",
      RELEASE_KIT_RETRY_BASE_MS: "1",
      RELEASE_KIT_SOURCE_POLL_MS: "5",
      RELEASE_KIT_FORK_POLL_MS: "5",
      PATH: process.env.PATH,
      ...env,
    },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

/** What a world adds to the generic one: environment for every run, its own cleanup, files to compare. */
interface WorldExtras {
  readonly env?: Record<string, string>;
  readonly onStop?: () => Promise<void>;
  readonly outputs?: () => Promise<Record<string, string>>;
}

async function world(
  sandbox: Sandbox,
  dir: string,
  args: readonly string[],
  setup: readonly (readonly string[])[] = [],
  extras: WorldExtras = {},
): Promise<ChaosWorld> {
  const w: ChaosWorld = {
    sandbox,
    run: (env) => runInSandbox(sandbox, dir, args, { ...extras.env, ...env }),
    cli: (other, env) => runInSandbox(sandbox, dir, other, { ...extras.env, ...env }),
    ...(extras.outputs ? { outputs: extras.outputs } : {}),
    async stop() {
      await extras.onStop?.();
      await sandbox.stop();
    },
  };
  for (const step of setup) {
    const r = await w.cli(step);
    if (r.code !== 0) {
      await w.stop();
      throw new Error(`chaos setup \`release-kit ${step.join(" ")}\` failed (${r.code}): ${r.stderr}`);
    }
  }
  return w;
}

/**
 * Starts the flow's world on `port`. The previous sandbox on that port was just stopped, but a connection of another
 * test may hold the port for a moment: wait until it can be bound rather than move to another port (which would
 * change the SHAs). The sandbox itself does not report a failed listen, hence the probe.
 */
export async function startFlow(flow: ChaosFlow, port: number): Promise<ChaosWorld> {
  for (let attempt = 1; port !== 0 && !(await canListen(port)); attempt++) {
    if (attempt >= 100) throw new Error(`port ${port} stayed busy; the chaos run of ${flow.name} cannot reuse it`);
    await sleep(50);
  }
  return flow.start(port);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

const RC = ["rc", "--version", "1.20.0", "--run-id", "42"];

/** The seed of `downstream notify`: a tagged candidate, two partner repositories, one with its own template. */
function notifySeed() {
  return normalizeSeed(
    {
      tokens: [{ token: "t-release", login: "release-bot", write: ["acme/widget"] }],
      repos: [
        {
          name: "acme/widget",
          files: {
            VERSION_NUMBER: "1.20.0\n",
            ".github/partner.md": "Dear {repo} users of {project}: try {rc-version} ({rc-tag}) by {deadline}.\n",
          },
          tags: ["v1.19.0", "v1.20.0rc1"],
          labels: ["release"],
        },
        { name: "partners/alpha", files: { "README.md": "alpha\n" } },
        { name: "partners/beta", files: { "README.md": "beta\n" } },
      ],
      // The candidate on the index: partners are asked to try only what they can install.
      packages: [{ name: "widget", version: "1.20.0rc1", filename: "widget-1.20.0rc1.tar.gz", content: "sdist" }],
    },
    process.cwd(),
  );
}

const notifyConfig = `project:
  repo: acme/widget
  version-files: [VERSION_NUMBER]
pypi:
  package: widget
partners:
  - partners/alpha
  - repo: partners/beta
    template: .github/partner.md
`;

/** Lessons of the release before, on main, so that collect merges into an existing history. */
const earlierLessons = `# Lessons from release 1.19.0

### 1.19.0-1

Build scripts changed without a downstream build broke a partner

- retired: no
`;

/** The publish section of the widget project: the candidate goes to TestPyPI through create_release.yml. */
const publishConfig = `${widgetConfig}publish:
  workflow: create_release.yml
  ref: "{tag}"
  inputs: { tag: "{tag}", channel: pypi }
  rc-inputs: { tag: "{tag}", channel: testpypi, branch: "{branch}", version: "{version}" }
  timeout-minutes: 30
pypi:
  package: widget
`;

/** The widget seed with a publishing workflow whose runs succeed at once (the sandbox clock stands still). */
function publishSeed() {
  const seed = widgetSeed();
  return {
    ...seed,
    repos: seed.repos.map((r) => ({
      ...r,
      workflows: { "create_release.yml": { conclusion: "success" as const, durationMs: 0 } },
    })),
  };
}

/**
 * Plays the publishing workflow's upload step: once a run succeeded, puts the version's sdist and wheel on the
 * sandbox's index (as the real workflow would, some time after the run started). Returns the cleanup.
 */
async function uploadOnSuccess(sandbox: Sandbox, version: string): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rk-chaos-index-"));
  let uploaded = false;
  const timer = setInterval(() => {
    const now = FIXED_NOW().getTime();
    if (uploaded || !sandbox.state.data.workflowRuns.some((r) => runPhase(r, now).conclusion === "success")) return;
    uploaded = true;
    for (const filename of [`widget-${version}.tar.gz`, `widget-${version}-py3-none-any.whl`]) {
      const bytes = Buffer.from(`${filename} contents`);
      const storedAt = path.join(dir, filename);
      // Written before the index lists it, so a download never meets a missing file.
      writeFileSync(storedAt, bytes);
      addPackageFile(sandbox.state, {
        name: "widget",
        version,
        filename,
        storedAt,
        bytes,
        requiresPython: ">=3.11",
        uploadTime: FIXED_NOW().toISOString(),
      });
    }
  }, 5);
  return async () => {
    clearInterval(timer);
    await rm(dir, { recursive: true, force: true });
  };
}

/** `notifySeed` plus a partner maintainer who labels and closes their issue, so the report has both states. */
function partnerReportSeed() {
  const seed = notifySeed();
  return {
    ...seed,
    tokens: [...seed.tokens, { token: "t-alpha", login: "alpha-maintainer", write: ["partners/alpha"] }],
    repos: seed.repos.map((r) => (r.name === "partners/alpha" ? { ...r, labels: ["works"] } : r)),
  };
}

/** One shard of `downstream run` results for the candidate: one downstream that passes on both sides. */
const partnerReportShard = {
  shard: "1/1",
  baseline: "1.19.0",
  candidate: "1.20.0rc1",
  downstreams: [
    {
      name: "app",
      platform: "local",
      category: "same-test-pass",
      runs: [
        { side: "baseline", version: "1.19.0", attempt: 1, result: "test-pass", durationSeconds: 41, log: "" },
        { side: "candidate", version: "1.20.0rc1", attempt: 1, result: "test-pass", durationSeconds: 43, log: "" },
      ],
    },
  ],
};

/** Every file of `dir`, ports replaced by HOST (links name the sandbox). */
async function readOutputs(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    files[name] = (await readFile(path.join(dir, name), "utf8")).replace(/127\.0\.0\.1:\d+/g, "HOST");
  }
  return files;
}

/** Every flow that writes to GitHub, and the reports that read what those flows wrote. */
export const CHAOS_FLOWS: readonly ChaosFlow[] = [
  {
    name: "rc",
    args: RC,
    writes: { atLeast: 6 },
    crashMessage:
      /GitHub did not answer .* run `release-kit rc --version 1\.20\.0 --run-id 42` again later; it resumes/,
    async start(port) {
      const w = await startWidgetWorld({ port });
      return world(w.sandbox, w.dir, RC);
    },
  },
  {
    // Pull-request mode on a protected rel-* branch: release branch, bump tree + commit, bump branch, PR, labels.
    name: "rc --via-pr",
    args: ["rc", "--version", "1.20.0", "--run-id", "45", "--via-pr"],
    writes: { exactly: 6 },
    async start(port) {
      const config = widgetConfig
        .replace("project:\n", 'project:\n  sign-off: true\n  commit-author: "Widget Bot <bot@widget.invalid>"\n')
        .concat("  pr-labels: [release]\n");
      const w = await startWidgetWorld({
        port,
        config,
        seed: widgetSeed({ protectedBranches: ["rel-*"], branches: ["rel-1.19.0"] }),
      });
      return world(w.sandbox, w.dir, this.args);
    },
  },
  {
    name: "final",
    args: ["final", "--version", "1.20.0", "--run-id", "43"],
    async start(port) {
      const w = await startWidgetWorld({ port });
      return world(w.sandbox, w.dir, this.args, [RC]);
    },
  },
  {
    name: "final + next-dev PR",
    args: ["final", "--version", "1.20.0", "--run-id", "44"],
    writes: { atLeast: 8 },
    async start(port) {
      const w = await startWidgetWorld({ port, config: `${widgetConfig}  next-dev-pr: true\n` });
      return world(w.sandbox, w.dir, this.args, [RC]);
    },
  },
  {
    name: "conda-forge pr",
    args: ["conda-forge", "pr", "--version", "1.20.0rc1"],
    writes: { atLeast: 5 },
    async start(port) {
      const w = await startFeedstockWorld({ port });
      return world(w.sandbox, w.dir, this.args);
    },
  },
  {
    name: "conda-forge dependents",
    args: ["conda-forge", "dependents", "--version", "1.20.0rc1"],
    // Three dependents: per dependent a fork, the commit's tree and commit, the branch, the draft PR and its
    // rerender comment; a crash anywhere must end in one PR and one comment each.
    writes: { atLeast: 12 },
    async start(port) {
      const w = await startFeedstockWorld({
        port,
        condaForgeExtra: dependentsConfig,
        extraRepos: dependentRepos(),
        conda: ["linux-64", "linux-aarch64", "osx-arm64", "win-64"].map((subdir) => ({
          channel: "conda-forge",
          label: "widget_rc",
          subdir,
          name: "widget",
          version: "1.20.0rc1",
        })),
      });
      return world(w.sandbox, w.dir, this.args);
    },
  },
  {
    name: "conda-forge pr (final)",
    args: ["conda-forge", "pr", "--version", "1.20.0"],
    async start(port) {
      const w = await startFeedstockWorld({ port });
      return world(w.sandbox, w.dir, this.args);
    },
  },
  {
    name: "downstream notify",
    args: ["downstream", "notify", "--version", "1.20.0"],
    // One issue per partner, nothing else.
    writes: { exactly: 2 },
    async start(port) {
      const w = await startWidgetWorld({ port, seed: notifySeed(), config: notifyConfig });
      return world(w.sandbox, w.dir, this.args);
    },
  },
  {
    name: "checklist open",
    args: ["checklist", "open", "--version", "1.20.0"],
    writes: { exactly: 2 },
    async start(port) {
      const w = await startChecklistWorld({ port });
      return world(w.sandbox, w.dir, this.args);
    },
  },
  {
    name: "checklist sync",
    args: ["checklist", "sync", "--version", "1.20.0"],
    async start(port) {
      const w = await startChecklistWorld({ port });
      const ready = await world(w.sandbox, w.dir, this.args, [
        ["checklist", "open", "--version", "1.20.0"],
        ["rc", "--version", "1.20.0", "--run-id", "1"],
      ]);
      // The candidate on the index, its feedstock PR green, the partner told: every kind of tick to make.
      w.publish("1.20.0rc1", "widget-1.20.0rc1.tar.gz");
      await greenCi(w, await openFeedstockPr(w));
      await w.client().rest.issues.create({ owner: "partner", repo: "app", title: "Integrate with widget 1.20.0" });
      return ready;
    },
  },
  {
    name: "lessons collect",
    args: ["lessons", "collect", "--version", "1.20.0"],
    async start(port) {
      const w = await startChecklistWorld({ port, files: { "checklists/lessons/1.19.0.md": earlierLessons } });
      const ready = await world(w.sandbox, w.dir, this.args, [["checklist", "open", "--version", "1.20.0"]]);
      const maintainer = w.client("t-maint");
      for (const body of [
        "/lesson Try the feedstock with the candidate, not only the final",
        "/lesson retire 1.19.0-1",
        "/lesson Tell the partners a week before the candidate",
      ]) {
        await maintainer.rest.issues.createComment({ owner: "acme", repo: "widget", issue_number: 1, body });
      }
      return ready;
    },
  },
  {
    name: "publish",
    args: ["publish", "--tag", "v1.20.0rc1"],
    async start(port) {
      const w = await startWidgetWorld({ port, seed: publishSeed(), config: publishConfig });
      const stopUploads = await uploadOnSuccess(w.sandbox, "1.20.0rc1");
      // Polls of the run and the index every few milliseconds instead of 5 s growing to 60 s.
      return world(w.sandbox, w.dir, this.args, [RC], { env: { RELEASE_KIT_POLL_MS: "5" }, onStop: stopUploads });
    },
  },
  {
    name: "downstream report --partners",
    args: ["downstream", "report", "shards", "--out", "report", "--partners"],
    readOnly: true,
    async start(port) {
      const w = await startWidgetWorld({ port, seed: partnerReportSeed(), config: notifyConfig });
      const ready = await world(w.sandbox, w.dir, this.args, [["downstream", "notify", "--version", "1.20.0"]], {
        outputs: () => readOutputs(path.join(w.dir, "report")),
      });
      // The alpha maintainers answer: a label, and they close the issue; beta's stays open.
      await w
        .client("t-alpha")
        .rest.issues.update({ owner: "partners", repo: "alpha", issue_number: 1, state: "closed", labels: ["works"] });
      // The shard results as the report job downloads them from the run jobs' artifacts.
      await mkdir(path.join(w.dir, "shards", "shard-1"), { recursive: true });
      await writeFile(
        path.join(w.dir, "shards", "shard-1", "results-shard-1.json"),
        JSON.stringify(partnerReportShard, null, 2),
      );
      return ready;
    },
  },
];
