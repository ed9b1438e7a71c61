/**
 * Each thing said once, as a release manager reads the terminal: a dry run of `rc` (and of `checklist open`) puts its
 * result on stdout and nothing of it again on stderr, with no internal step names; a real cut's progress names what it
 * writes under a heading that only appears with lines under it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startWidgetWorld, type WidgetWorld } from "../helpers/widget-project.js";

let world: WidgetWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

/** A line reduced to what it says: no indentation, no status word in front, no case. */
function gist(line: string): string {
  return line
    .trim()
    .replace(/^(release-kit:\s*)?(ok|pass|fail|warn|skip|would do|already done|done|dry run:)\s+/i, "")
    .replace(/^dry run, nothing written\.?\s*/i, "")
    .toLowerCase();
}

/** The lines said more than once across stdout and stderr (blank lines and bare punctuation aside). */
function saidTwice(stdout: string, stderr: string): string[] {
  const seen = new Map<string, number>();
  for (const line of [...stdout.split("\n"), ...stderr.split("\n")]) {
    const g = gist(line);
    if (!/[a-z0-9]/.test(g)) continue;
    seen.set(g, (seen.get(g) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([g]) => g);
}

const INTERNAL = /\b(Observe|Apply)\b|^ok {2}/m;

describe("each thing said once", () => {
  it("a dry run of rc: the pre-flight and the plan on stdout, no line twice, no internal step name", async () => {
    world = await startWidgetWorld();
    const r = await world.cli(["rc", "--version", "1.20.0", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Pre-flight:");
    expect(r.stdout).toContain("pass  version files: VERSION_NUMBER, widget/__init__.py hold 1.20.0");
    expect(r.stdout).toContain("would do      tag     tag v1.20.0rc1 (annotated)");
    expect(saidTwice(r.stdout, r.stderr)).toEqual([]);
    expect(r.stderr).not.toMatch(INTERNAL);
    expect(r.stdout).not.toMatch(INTERNAL);
    // A group that said nothing leaves no heading behind.
    expect(r.stderr).not.toMatch(/^(Reading|Release notes preview)/m);
  });

  it("a failed pre-flight: the failing check in the one error line, not also as a progress line", async () => {
    world = await startWidgetWorld();
    expect((await world.cli(["rc", "--version", "1.20.0"])).code).toBe(0);
    const r = await world.cli(["rc", "--version", "1.20.0", "--dry-run"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "release-kit: pre-flight failed, nothing was written: candidate: rc2 of 1.20.0: rc1 is cut and released, so this would cut the next candidate: pass --next to cut it",
    ]);
  });

  it("checklist open: created once (the result), not also as a progress line", async () => {
    world = await startWidgetWorld();
    const dry = await world.cli(["checklist", "open", "--version", "1.20.0", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).not.toMatch(/would create/);
    expect(dry.stdout).toMatch(/^Dry run, nothing written\. Would create the checklist with 0 lessons carried over:/);
    const opened = await world.cli(["checklist", "open", "--version", "1.20.0"]);
    expect(opened.code, opened.stderr).toBe(0);
    expect(saidTwice(opened.stdout, opened.stderr)).toEqual([]);
    expect(opened.stdout).toMatch(/^Created http:\S+\/acme\/widget\/issues\/1$/m);
    expect(opened.stderr).not.toMatch(/created/i);
  });

  it("a real cut: its writes as progress under one heading that names the tag, the result on stdout", async () => {
    world = await startWidgetWorld();
    const r = await world.cli(["rc", "--version", "1.20.0"]);
    expect(r.code, r.stderr).toBe(0);
    const progress = r.stderr.trimEnd().split("\n");
    expect(progress[0]).toBe("Cutting v1.20.0rc1");
    expect(progress.slice(1).map((l) => l.replace(/\(\w{7}\)|http\S+/g, "X"))).toEqual([
      "  committed 1.20.0rc1 on rel-1.20.0 X",
      "  tagged v1.20.0rc1",
      "  published pre-release X",
    ]);
    expect(r.stderr).not.toMatch(INTERNAL);
    expect(r.stdout).toMatch(/^tag {6}v1\.20\.0rc1$/m);
  });
});
