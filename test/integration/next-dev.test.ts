/**
 * The final's next-development PR (rc.next-dev-pr) against the sandbox: one PR moving the default branch to the next
 * minor, none again on a rerun, listed by the dry run.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/server.js";
import { snapshot, startWidgetWorld, widgetConfig, type WidgetWorld } from "../helpers/widget-project.js";

const NEXT_DEV = `${widgetConfig}  next-dev-pr: true\n`;
const repo = { owner: "acme", repo: "widget" };

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

async function readFile(w: WidgetWorld, ref: string, file: string): Promise<string> {
  const { data } = await w.client().rest.repos.getContent({ ...repo, path: file, ref });
  return Buffer.from((data as { content: string }).content, "base64").toString();
}

/** The repository's state plus its pull requests (head, base, state). */
async function state(sandbox: Sandbox) {
  return {
    ...(await snapshot(sandbox, "acme/widget")),
    pulls: sandbox.state.data.issues
      .filter((i) => i.repo === "acme/widget" && i.pull)
      .map((i) => `#${i.number} ${i.state} ${i.pull!.headRef} -> ${i.pull!.baseRef}`),
  };
}

async function worldWithRc1(): Promise<WidgetWorld> {
  const w = await startWidgetWorld({ config: NEXT_DEV });
  world = w;
  expect((await w.cli(["rc", "--version", "1.20.0", "--run-id", "1"])).code).toBe(0);
  return w;
}

describe("final with rc.next-dev-pr", () => {
  it("opens one PR moving main to the next minor, and a re-run opens no second one", async () => {
    const w = await worldWithRc1();
    const r = await w.cli(["final", "--version", "1.20.0", "--run-id", "2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { nextDev: Record<string, unknown> };
    expect(out.nextDev).toMatchObject({
      version: "1.21.0",
      branch: "release-kit/next-dev-1.20.0",
      action: "propose",
      pullUrl: expect.stringMatching(/\/acme\/widget\/pull\/\d+$/) as unknown,
    });
    expect(await readFile(w, "release-kit/next-dev-1.20.0", "VERSION_NUMBER")).toBe("1.21.0\n");
    expect(await readFile(w, "release-kit/next-dev-1.20.0", "widget/__init__.py")).toBe('__version__ = "1.21.0"\n');
    const main = await w.sandbox.git.resolveCommit("acme/widget", "refs/heads/main");
    const head = await w.sandbox.git.resolveCommit("acme/widget", "refs/heads/release-kit/next-dev-1.20.0");
    const diff = await w.sandbox.git.diffNames("acme/widget", main!, head!);
    expect(diff.map((d) => d.path).sort()).toEqual(["VERSION_NUMBER", "widget/__init__.py"]);
    const pulls = (await state(w.sandbox)).pulls;
    expect(pulls).toEqual([expect.stringMatching(/open release-kit\/next-dev-1\.20\.0 -> main$/)]);

    const mark = w.sandbox.requests.length;
    const rerun = await w.cli(["final", "--version", "1.20.0", "--run-id", "3", "--json"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((JSON.parse(rerun.stdout) as { nextDev: unknown }).nextDev).toMatchObject({
      action: "skip",
      pullUrl: out.nextDev.pullUrl,
    });
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);
    expect((await state(w.sandbox)).pulls).toEqual(pulls);
    expect(w.sandbox.violations).toEqual([]);
  });

  it("lists the next-dev PR in the dry run of the final and writes nothing", async () => {
    const w = await worldWithRc1();
    const mark = w.sandbox.requests.length;
    const r = await w.cli(["final", "--version", "1.20.0", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/would do\s+next-dev-branch commit VERSION_NUMBER 1\.20\.0 -> 1\.21\.0/);
    expect(r.stdout).toMatch(/would do\s+next-dev-pr open PR release-kit\/next-dev-1\.20\.0 -> main/);
    expect(w.sandbox.appliedWrites(mark)).toEqual([]);
  });

  // A crash after each write of the final and its next-dev PR, and a rerun: proven once, in the chaos suite
  // (test/chaos, flow "final + next-dev PR").
});
