/**
 * The bundled release-checklist action run as the runner runs it, against the sandbox: open then sync with their
 * outputs and job summary, no write with dry-run, one error line for a bad command.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runBundledAction } from "../helpers/run-bundled-action.js";
import { cutRc1, startChecklistWorld, type ChecklistWorld } from "../integration/checklist-world.js";

const bundle = path.resolve(import.meta.dirname, "../../actions/release-checklist/dist/index.js");
let world: ChecklistWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

function env(w: ChecklistWorld): Record<string, string> {
  return {
    ...w.sandbox.env(),
    GITHUB_WORKSPACE: w.dir,
    RELEASE_KIT_WRITE_INTERVAL_MS: "0",
    RELEASE_KIT_RETRY_BASE_MS: "5",
  };
}

describe.skipIf(!existsSync(bundle))(
  "release-checklist action, run as the runner runs it (skipped until npm run build)",
  () => {
    it("opens the checklist, then syncs it, with issue-url, done and total as outputs and a job summary", async () => {
      world = await startChecklistWorld();
      const opened = await runBundledAction(
        "release-checklist",
        { command: "open", version: "1.20.0", token: "t-release" },
        env(world),
      );
      expect(opened.exitCode, opened.stdout).toBe(0);
      expect(opened.outputs["issue-url"]).toMatch(/\/acme\/widget\/issues\/1$/);
      expect(opened.outputs.done).toBe("1");
      expect(Number(opened.outputs.total)).toBeGreaterThan(20);
      // The token reaches the runner only to be masked.
      expect(opened.stdout.split("\n").filter((l) => l.includes("t-release") && !l.startsWith("::add-mask::"))).toEqual(
        [],
      );
      await cutRc1(world);
      const synced = await runBundledAction("release-checklist", { version: "1.20.0", token: "t-release" }, env(world));
      expect(synced.exitCode, synced.stdout).toBe(0);
      expect(Number(synced.outputs.done)).toBe(5);
      expect(synced.summary).toContain("Ticked: branch-created, version-bumped, rc-tagged, rc-release-published");
      expect(world.sandbox.violations).toEqual([]);
    });

    it("makes no write with dry-run", async () => {
      world = await startChecklistWorld();
      const r = await runBundledAction(
        "release-checklist",
        { command: "open", version: "1.20.0", "dry-run": "true", token: "t-release" },
        env(world),
      );
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain("Dry run, nothing written");
      expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
    });

    it("fails the step with one line on a bad command", async () => {
      world = await startChecklistWorld();
      const r = await runBundledAction("release-checklist", { command: "close", version: "1.20.0" }, env(world));
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain('::error::input "command" is "close": give one of open, sync, lessons');
      expect(world.sandbox.requests).toEqual([]);
    });
  },
);
