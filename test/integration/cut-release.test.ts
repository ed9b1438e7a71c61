/**
 * `release-kit rc` against the sandbox: branch, version bump, tag and pre-release of a candidate, a rerun that writes
 * nothing, the next candidate in a new run, dry runs and injected faults.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

async function readFile(w: WidgetWorld, ref: string, file: string): Promise<string> {
  const gh = w.client();
  const { data } = await gh.rest.repos.getContent({ owner: "acme", repo: "widget", path: file, ref });
  return Buffer.from((data as { content: string }).content, "base64").toString();
}

describe("release-kit rc against the sandbox", () => {
  it("cuts rc1: creates the branch, bumps both version files in one commit, tags it and publishes a pre-release", async () => {
    world = await startWidgetWorld();
    const before = world.sandbox.requests.length;
    const r = await world.cli(["rc", "--version", "1.20.0", "--json", "--run-id", "100"]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ version: "1.20.0rc1", tag: "v1.20.0rc1", branch: "rel-1.20.0", rc: 1 });
    expect(await readFile(world, "rel-1.20.0", "VERSION_NUMBER")).toBe("1.20.0rc1\n");
    expect(await readFile(world, "v1.20.0rc1", "widget/__init__.py")).toBe('__version__ = "1.20.0rc1"\n');
    const { sandbox } = world;
    const tagSha = await sandbox.git.readRef("acme/widget", "refs/tags/v1.20.0rc1");
    expect(await sandbox.git.objectType("acme/widget", tagSha!)).toBe("tag");
    const commit = await sandbox.git.resolveCommit("acme/widget", "rel-1.20.0");
    const diff = await sandbox.git.diffNames(
      "acme/widget",
      (await sandbox.git.resolveCommit("acme/widget", "main"))!,
      commit!,
    );
    expect(diff.map((d) => d.path).sort()).toEqual(["VERSION_NUMBER", "widget/__init__.py"]);
    const release = sandbox.state.data.releases.find((x) => x.tagName === "v1.20.0rc1");
    expect(release).toMatchObject({ prerelease: true, draft: false });
    expect(sandbox.violations).toEqual([]);
    const api = sandbox.requests.slice(before).filter((q) => q.area === "api");
    console.log(`fresh rc cut: ${api.length} API requests, ${api.filter((q) => q.write).length} writes`);
  });

  it("makes zero writes when the same run is re-run after it finished", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0", "--run-id", "7"])).code).toBe(0);
    const mark = world.sandbox.requests.length;
    const r = await world.cli(["rc", "--version", "1.20.0", "--run-id", "7", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: "1.20.0rc1" });
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
  });

  it("cuts rc2 in a new run once rc1 is complete, on the existing branch", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const r = await world.cli(["rc", "--version", "1.20.0", "--run-id", "2", "--next", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: "1.20.0rc2", tag: "v1.20.0rc2" });
    expect(await readFile(world, "rel-1.20.0", "VERSION_NUMBER")).toBe("1.20.0rc2\n");
  });

  it("--dry-run without a token says so, still shows the plan from public reads, and writes nothing", async () => {
    world = await startWidgetWorld();
    const r = await world.cli(["rc", "--version", "1.20.0", "--dry-run"], { GITHUB_TOKEN: "" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/no token: this dry run reads what is public of acme\/widget/);
    expect(r.stdout + r.stderr).not.toMatch(/cannot push/);
    expect(r.stdout).toMatch(/v1\.20\.0rc1/);
    expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
  });

  it("--dry-run prints the plan and writes nothing", async () => {
    world = await startWidgetWorld();
    const r = await world.cli(["rc", "--version", "1.20.0", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Dry run, nothing written");
    expect(r.stdout).toContain("VERSION_NUMBER: 1.20.0 -> 1.20.0rc1");
    expect(world.sandbox.appliedWrites()).toEqual([]);
    expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
  });

  // A crash after each write of this cut and a rerun: proven once, in the chaos suite (test/chaos, flow "rc"),
  // with the one-line "run the same command again later" message this test used to check.

  it("completes with 20% injected faults (5xx, rate limits, dropped connections)", async () => {
    world = await startWidgetWorld({ faults: { rate: 0.2, seed: 11 } });
    const r = await world.cli(["rc", "--version", "1.20.0", "--run-id", "9"]);
    expect(r.code, r.stderr).toBe(0);
    const injected = Object.values(world.sandbox.faults.injected).reduce((a, b) => a + b, 0);
    expect(injected).toBeGreaterThan(0);
    expect(world.sandbox.state.data.releases.filter((x) => x.tagName === "v1.20.0rc1")).toHaveLength(1);
  });
});

describe("release-kit final", () => {
  it("refuses a final without a candidate, then releases after rc1 with a full release marked latest", async () => {
    world = await startWidgetWorld();
    const refused = await world.cli(["final", "--version", "1.20.0"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no release candidate of 1\.20\.0 is tagged.*--no-rc/);
    expect(world.sandbox.appliedWrites()).toEqual([]);
    expect((await world.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
    const r = await world.cli(["final", "--version", "1.20.0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: "1.20.0", tag: "v1.20.0" });
    expect(await readFile(world, "v1.20.0", "VERSION_NUMBER")).toBe("1.20.0\n");
    expect(world.sandbox.state.data.releases.find((x) => x.tagName === "v1.20.0")).toMatchObject({ prerelease: false });
    const rerun = await world.cli(["rc", "--version", "1.20.0"]);
    expect(rerun.code).toBe(1);
    expect(rerun.stderr).toMatch(/already released/);
  });
});

describe("bad input: one clear line, the right exit code, zero writes", () => {
  const cases: {
    name: string;
    args: string[];
    env?: Record<string, string>;
    config?: string;
    code: number;
    message: RegExp;
  }[] = [
    {
      name: "a two-part version",
      args: ["rc", "--version", "1.2"],
      code: 2,
      message: /three parts X\.Y\.Z, e\.g\. 1\.2\.0/,
    },
    { name: "a leading v", args: ["rc", "--version", "v1.20.0"], code: 2, message: /drop the leading "v"/ },
    {
      name: "a candidate given to final",
      args: ["final", "--version", "1.20.0rc1"],
      code: 2,
      message: /give the base version 1\.20\.0/,
    },
    {
      name: "a version lower than the last release",
      args: ["rc", "--version", "1.18.0"],
      code: 1,
      message: /not greater than the latest release 1\.19\.0/,
    },
    {
      name: "an unknown repository",
      args: ["rc", "--version", "1.20.0"],
      config: "project:\n  repo: acme/nope\n",
      code: 1,
      message: /repository acme\/nope was not found/,
    },
    {
      name: "no token",
      args: ["rc", "--version", "1.20.0"],
      env: { GITHUB_TOKEN: "" },
      code: 2,
      message: /no GitHub token/,
    },
    {
      name: "a read-only token",
      args: ["rc", "--version", "1.20.0"],
      env: { GITHUB_TOKEN: "t-reader" },
      code: 1,
      message: /cannot push to acme\/widget/,
    },
    {
      name: "a missing version file",
      args: ["rc", "--version", "1.20.0"],
      config: "project:\n  repo: acme/widget\n  version-files: [VERSION_NUMBER, setup.py]\n",
      code: 1,
      message: /setup\.py is missing/,
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      world = await startWidgetWorld(c.config ? { config: c.config } : {});
      const r = await world.cli(c.args, c.env);
      expect(r.code).toBe(c.code);
      const lines = r.stderr
        .trim()
        .split("\n")
        .filter((l) => /^release-kit: (?!warning:)/.test(l));
      expect(lines).toHaveLength(1);
      // The problem is the error line, or (when several pre-flight checks fail) one of the lines it names.
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(world.sandbox.appliedWrites()).toEqual([]);
    });
  }
});
