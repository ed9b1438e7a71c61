/**
 * planCut from every remote state a cut can find (fresh, partly done, finished, finals, --from-branch, pre-flight
 * refusals), and a property: a plan never claims a step the observation does not show as done.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConflictError, InputError, ResumableRefusalError, UserError } from "../../src/core/errors.js";
import type { CutSettings } from "../../src/core/release-plan/cut-settings.js";
import type {
  InspectedTag,
  ObservedCommit,
  ObservedRelease,
  ReleaseObservation,
} from "../../src/core/release-plan/observation.js";
import { planCut, stepOf, type CutPlan } from "../../src/core/release-plan/plan-cut.js";
import { withTrailers } from "../../src/core/release-plan/release-trailers.js";

// Observations built by hand: the remote states a cut can meet, without a sandbox.

function settings(over: Partial<CutSettings> = {}): CutSettings {
  return {
    repo: "acme/widget",
    kind: "rc",
    baseVersion: "1.20.0",
    scheme: "pep440",
    tagPattern: "v{version}",
    branchPattern: "rel-{version}",
    versionFiles: [
      { path: "VERSION_NUMBER", kind: "plain" },
      { path: "widget/__init__.py", kind: "python" },
    ],
    requiredChecks: ["build"],
    blockerLabel: "release-blocker",
    runId: "100",
    noRc: false,
    fromBranch: false,
    ...over,
  };
}

const MAIN: ObservedCommit = { sha: "a".repeat(40), tree: "t".repeat(40), message: "Initial\n", parents: [] };

function commit(sha: string, message: string, parent = MAIN.sha): ObservedCommit {
  return { sha: sha.repeat(40).slice(0, 40), tree: "e".repeat(40), message, parents: [parent] };
}

/** A bump commit made by release-kit in run `run`. */
function bumpCommit(sha: string, version: string, run: string): ObservedCommit {
  return commit(sha, withTrailers(`Bump version to ${version}`, "", { version, run }));
}

function files(version: string, other = version) {
  return [
    { path: "VERSION_NUMBER", text: `${version}\n` },
    { path: "widget/__init__.py", text: `__version__ = "${other}"\n` },
  ];
}

const published = (id: number, tag: string): ObservedRelease => ({
  id,
  url: `https://github.com/acme/widget/releases/tag/${tag}`,
  draft: false,
  prerelease: true,
});

function tagged(name: string, commitSha: string, run: string | null, release: ObservedRelease | null): InspectedTag {
  const version = name.slice(1);
  return {
    name,
    object:
      run === null
        ? null
        : { sha: "f".repeat(40), commit: commitSha, message: withTrailers(name, "", { version, run }) },
    commit: commitSha,
    release,
  };
}

function observation(over: Partial<ReleaseObservation> = {}): ReleaseObservation {
  const tags = (over.tags ?? [{ name: "v1.19.0", sha: "9".repeat(40), type: "commit" as const }]).map((t) => t);
  return {
    repo: { fullName: "acme/widget", defaultBranch: "main", canPush: true },
    branch: null,
    base: { ref: "main", commit: MAIN },
    versionFiles: files("1.20.0"),
    checks: [{ name: "build", state: "success", source: "check-run" }],
    blockers: [],
    versionTags: [],
    afterCandidate: null,
    pyproject: null,
    ...over,
    tags,
  };
}

function tagsOf(...names: string[]) {
  return ["v1.19.0", ...names].map((name) => ({ name, sha: name.length.toString().repeat(40), type: "tag" as const }));
}

const commitOf = (plan: CutPlan) => stepOf(plan, "commit");
const status = (plan: CutPlan) => Object.fromEntries(plan.steps.map((s) => [s.id, s.status]));
const line = (plan: CutPlan, check: string) => plan.preflight.find((p) => p.check === check);

describe("planCut from every remote state", () => {
  it("plans everything from a fresh repository: branch, commit, tag and pre-release of rc1", () => {
    const plan = planCut(settings(), observation());
    expect(plan).toMatchObject({ version: "1.20.0rc1", tag: "v1.20.0rc1", branch: "rel-1.20.0", rcNumber: 1 });
    expect(plan.ready).toBe(true);
    expect(status(plan)).toEqual({ branch: "todo", commit: "todo", tag: "todo", release: "todo" });
    expect(commitOf(plan).fastForward).toBe(false);
    expect(commitOf(plan).files.map((u) => [u.path, u.from, u.to, u.newText])).toEqual([
      ["VERSION_NUMBER", "1.20.0", "1.20.0rc1", "1.20.0rc1\n"],
      ["widget/__init__.py", "1.20.0", "1.20.0rc1", '__version__ = "1.20.0rc1"\n'],
    ]);
    expect(stepOf(plan, "release").prerelease).toBe(true);
    expect(stepOf(plan, "release").previousFinalTag).toBe("v1.19.0");
    expect(commitOf(plan).message).toMatch(/Release-Kit-Run: 100/);
  });

  it("builds on an existing release branch without creating it", () => {
    const head = commit("b", "Fix a bug\n");
    const plan = planCut(settings(), observation({ branch: head, base: { ref: "main", commit: head } }));
    expect(status(plan)).toEqual({ branch: "done", commit: "todo", tag: "todo", release: "todo" });
    expect(commitOf(plan).fastForward).toBe(true);
    expect(commitOf(plan).parent?.sha).toBe(head.sha);
    expect(line(plan, "base ref")?.detail).toMatch(/rel-1\.20\.0 exists/);
  });

  describe("rc1 tagged and published", () => {
    const head = bumpCommit("c", "1.20.0rc1", "100");
    const state = (run: string) =>
      observation({
        tags: tagsOf("v1.20.0rc1"),
        branch: head,
        base: { ref: "main", commit: head },
        versionFiles: files("1.20.0rc1"),
        versionTags: [tagged("v1.20.0rc1", head.sha, run, published(7, "v1.20.0rc1"))],
      });

    it("is a no-op for a re-run of the run that cut it, --next or not", () => {
      expect(planCut(settings({ runId: "100", next: true }), state("100")).version).toBe("1.20.0rc1");
      const plan = planCut(settings({ runId: "100" }), state("100"));
      expect(plan).toMatchObject({ version: "1.20.0rc1", rcNumber: 1 });
      expect(commitOf(plan).sha).toBe(head.sha);
      expect(status(plan)).toEqual({ branch: "done", commit: "done", tag: "done", release: "done" });
      expect(commitOf(plan).files).toEqual([]);
    });

    it("says in the pre-flight that another run would cut rc2, and refuses it without --next", () => {
      const plan = planCut(settings({ runId: "200" }), state("100"));
      expect(plan).toMatchObject({ version: "1.20.0rc2", ready: false });
      expect(plan.preflight.filter((p) => p.status === "fail")).toEqual([
        {
          check: "candidate",
          status: "fail",
          detail: "rc2 of 1.20.0: rc1 is cut and released, so this would cut the next candidate: pass --next to cut it",
        },
      ]);
      // The action names its own input.
      const action = planCut(settings({ runId: "200", nextHint: "the input next: true" }), state("100"));
      expect(line(action, "candidate")?.detail).toMatch(/pass the input next: true to cut it$/);
    });

    it("cuts rc2 in another run with --next, and says so in the pre-flight", () => {
      const plan = planCut(settings({ runId: "200", next: true }), state("100"));
      expect(plan.ready).toBe(true);
      expect(line(plan, "candidate")).toEqual({
        check: "candidate",
        status: "pass",
        detail: "rc2 of 1.20.0: the next candidate (rc1 is cut and released), cut by run 200",
      });
      expect(plan).toMatchObject({ version: "1.20.0rc2", tag: "v1.20.0rc2", rcNumber: 2 });
      expect(commitOf(plan).sha).toBeNull();
      expect(status(plan)).toEqual({ branch: "done", commit: "todo", tag: "todo", release: "todo" });
      expect(commitOf(plan).files.map((u) => `${u.from}->${u.to}`)).toEqual([
        "1.20.0rc1->1.20.0rc2",
        "1.20.0rc1->1.20.0rc2",
      ]);
      expect(stepOf(plan, "release").previousFinalTag).toBe("v1.19.0");
    });

    it("decides from the latest candidate among every tag of the version", () => {
      // rc1 complete, rc2 tagged by run 100 without a release: run 100 resumes rc2, another run is refused,
      // and --rc 1 looks at rc1 (complete: nothing left).
      const rc2 = bumpCommit("d", "1.20.0rc2", "100");
      const both = observation({
        tags: tagsOf("v1.20.0rc1", "v1.20.0rc2"),
        branch: rc2,
        base: { ref: "main", commit: rc2 },
        versionFiles: files("1.20.0rc2"),
        versionTags: [
          tagged("v1.20.0rc1", head.sha, "100", published(7, "v1.20.0rc1")),
          tagged("v1.20.0rc2", rc2.sha, "100", null),
        ],
      });
      expect(status(planCut(settings({ runId: "100" }), both))).toEqual({
        commit: "done",
        branch: "done",
        tag: "done",
        release: "todo",
      });
      expect(() => planCut(settings({ runId: "200" }), both)).toThrow(/rc2 of 1\.20\.0 is tagged but has no published/);
      expect(status(planCut(settings({ runId: "200", rc: 1 }), both)).release).toBe("done");
    });
  });

  describe("bump committed but not tagged", () => {
    const state = (run: string | null) => {
      const head =
        run === null ? commit("d", "Bump VERSION_NUMBER to 1.20.0rc1 (#123)\n") : bumpCommit("d", "1.20.0rc1", run);
      return observation({ branch: head, base: { ref: "main", commit: head }, versionFiles: files("1.20.0rc1") });
    };

    it("resumes in the same run: the commit is done, the tag and release remain", () => {
      const plan = planCut(settings({ runId: "100" }), state("100"));
      expect(plan.version).toBe("1.20.0rc1");
      expect(commitOf(plan).sha).toBe("d".repeat(40));
      expect(status(plan)).toEqual({ branch: "done", commit: "done", tag: "todo", release: "todo" });
    });

    it("refuses another run, naming the command that continues the run that stopped (its id) or --rc 1", () => {
      expect(() => planCut(settings({ runId: "200" }), state("100"))).toThrow(ConflictError);
      expect(() => planCut(settings({ runId: "200" }), state("100"))).toThrow(
        /committed but not tagged by run 100.*--rc 1/,
      );
      const refusal = (() => {
        try {
          planCut(settings({ runId: "200" }), state("local-4d35bce5"));
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(ResumableRefusalError);
      const resumable = refusal as ResumableRefusalError;
      expect(resumable.flags).toEqual(["--run-id", "local-4d35bce5"]);
      expect(resumable.message).toBe(
        "rc1 of 1.20.0 is committed but not tagged by run local-4d35bce5: continue that run with `release-kit rc --version 1.20.0 --run-id local-4d35bce5`, or finish it in this run with --rc 1",
      );
      expect(resumable.messageWith("release-kit rc --version 1.20.0 --config x.yml --run-id local-4d35bce5")).toContain(
        "continue that run with `release-kit rc --version 1.20.0 --config x.yml --run-id local-4d35bce5`",
      );
    });

    it("takes a bump without trailers (a person's commit) as its own", () => {
      const plan = planCut(settings({ runId: "200" }), state(null));
      expect(plan.version).toBe("1.20.0rc1");
      expect(status(plan).commit).toBe("done");
    });
  });

  describe("tag without a release", () => {
    const head = bumpCommit("e", "1.20.0rc1", "100");
    const state = observation({
      tags: tagsOf("v1.20.0rc1"),
      branch: head,
      base: { ref: "main", commit: head },
      versionFiles: files("1.20.0rc1"),
      versionTags: [tagged("v1.20.0rc1", head.sha, "100", null)],
    });

    it("resumes in the same run with only the release left", () => {
      const plan = planCut(settings({ runId: "100" }), state);
      expect(status(plan)).toEqual({ branch: "done", commit: "done", tag: "done", release: "todo" });
      expect(stepOf(plan, "release").existing).toBeNull();
    });

    it("refuses a new run until the candidate is finished", () => {
      expect(() => planCut(settings({ runId: "300" }), state)).toThrow(
        /rc1 of 1\.20\.0 is tagged but has no published release yet \(run 100\).*--rc 1/,
      );
    });

    it("finishes it with an explicit --rc 1 from any run", () => {
      const plan = planCut(settings({ runId: "300", rc: 1 }), state);
      expect(plan.version).toBe("1.20.0rc1");
      expect(status(plan)).toEqual({ branch: "done", commit: "done", tag: "done", release: "todo" });
    });

    it("treats a draft release as not published", () => {
      const draft = {
        ...state,
        versionTags: [tagged("v1.20.0rc1", head.sha, "100", { ...published(3, "x"), draft: true })],
      };
      const plan = planCut(settings({ runId: "100" }), draft);
      expect(status(plan).release).toBe("todo");
      expect(stepOf(plan, "release").existing?.draft).toBe(true);
    });
  });

  describe("explicit --rc N", () => {
    const head = bumpCommit("c", "1.20.0rc2", "100");
    const state = observation({
      tags: tagsOf("v1.20.0rc1", "v1.20.0rc2"),
      branch: head,
      base: { ref: "main", commit: head },
      versionFiles: files("1.20.0rc2"),
    });

    it("accepts the next number", () => {
      expect(planCut(settings({ rc: 3 }), state).version).toBe("1.20.0rc3");
    });

    it.each([0, 4, 9])("refuses --rc %i out of range with the valid range", (rc) => {
      expect(() => planCut(settings({ rc }), state)).toThrow(InputError);
      expect(() => planCut(settings({ rc }), state)).toThrow(
        /next candidate of 1\.20\.0 is rc3; give a number from 1 to 3/,
      );
    });
  });

  describe("final", () => {
    it("is refused without a candidate, saying why and offering --no-rc", () => {
      expect(() => planCut(settings({ kind: "final" }), observation())).toThrow(/ship untested.*--no-rc/);
    });

    it("goes ahead without a candidate with --no-rc", () => {
      const plan = planCut(settings({ kind: "final", noRc: true }), observation());
      expect(plan).toMatchObject({ version: "1.20.0", tag: "v1.20.0", rcNumber: null });
      expect(stepOf(plan, "release").prerelease).toBe(false);
      expect(commitOf(plan).files).toEqual([]);
      // main already holds 1.20.0: the bump is done, the branch is created at main's head.
      expect(status(plan)).toEqual({ branch: "todo", commit: "done", tag: "todo", release: "todo" });
    });

    it("bumps the release branch from the last candidate to the final", () => {
      const head = bumpCommit("c", "1.20.0rc2", "100");
      const plan = planCut(
        settings({ kind: "final", runId: "500" }),
        observation({
          tags: tagsOf("v1.20.0rc1", "v1.20.0rc2"),
          branch: head,
          base: { ref: "main", commit: head },
          versionFiles: files("1.20.0rc2"),
        }),
      );
      expect(plan).toMatchObject({ version: "1.20.0", tag: "v1.20.0" });
      expect(stepOf(plan, "release")).toMatchObject({ prerelease: false, name: "1.20.0" });
      expect(commitOf(plan).files.map((u) => `${u.from}->${u.to}`)).toEqual(["1.20.0rc2->1.20.0", "1.20.0rc2->1.20.0"]);
      expect(stepOf(plan, "release").previousFinalTag).toBe("v1.19.0");
      expect(line(plan, "version is new")?.status).toBe("pass");
    });

    it("is a no-op once the final is tagged and released", () => {
      const head = bumpCommit("c", "1.20.0", "500");
      const plan = planCut(
        settings({ kind: "final", runId: "600" }),
        observation({
          tags: tagsOf("v1.20.0rc1", "v1.20.0"),
          branch: head,
          base: { ref: "main", commit: head },
          versionFiles: files("1.20.0"),
          versionTags: [tagged("v1.20.0", head.sha, "500", published(9, "v1.20.0"))],
        }),
      );
      expect(status(plan)).toEqual({ branch: "done", commit: "done", tag: "done", release: "done" });
      expect(plan.ready).toBe(true);
    });
  });

  describe("final ships only what a candidate tested", () => {
    const rc2 = bumpCommit("c", "1.20.0rc2", "100");
    const fix = commit("e", "Fix a crash in the parser (#901)\n", rc2.sha);
    const state = (commits: { sha: string; message: string; parents: string[] }[]) =>
      observation({
        tags: tagsOf("v1.20.0rc1", "v1.20.0rc2"),
        branch: fix,
        base: { ref: "main", commit: fix },
        versionFiles: files("1.20.0rc2"),
        versionTags: [tagged("v1.20.0rc2", rc2.sha, "100", published(8, "v1.20.0rc2"))],
        afterCandidate: { tag: "v1.20.0rc2", commits },
      });
    const fixOnly = [{ sha: fix.sha, message: fix.message, parents: [rc2.sha] }];

    it("refuses a final with a commit after the last candidate, one line per commit naming the ways out", () => {
      const plan = planCut(settings({ kind: "final", runId: "500" }), state(fixOnly));
      expect(plan.ready).toBe(false);
      const lines = plan.preflight.filter((p) => p.check === "tested by a candidate");
      expect(lines).toEqual([
        {
          check: "tested by a candidate",
          status: "fail",
          detail:
            'eeeeeee Fix a crash in the parser (#901) landed after v1.20.0rc2: cut another candidate (release-kit rc --version 1.20.0) or pass --accept-untested "REASON"',
        },
      ]);
    });

    it("goes ahead with --accept-untested, writing the reason and the commits into the tag and the notes", () => {
      const plan = planCut(
        settings({ kind: "final", runId: "500", acceptUntestedReason: "parser fix, covered by unit tests" }),
        state(fixOnly),
      );
      expect(plan.ready).toBe(true);
      expect(line(plan, "tested by a candidate")).toMatchObject({ status: "warn", detail: /accepted: parser fix/ });
      expect(stepOf(plan, "tag").message).toMatch(
        /Not tested by v1\.20\.0rc2 \(accepted: parser fix, covered by unit tests\): eeeeeee/,
      );
      const notes = stepOf(plan, "release").notesAppendix;
      expect(notes).toContain("## Not tested by a release candidate");
      expect(notes).toContain("- eeeeeee Fix a crash in the parser (#901)");
      expect(notes).toContain("Accepted: parser fix, covered by unit tests");
    });

    it("does not count the head that already names the final (a bump merged by a person)", () => {
      const bump = commit("b", "Bump VERSION_NUMBER to 1.20.0 (#12)\n", rc2.sha);
      const plan = planCut(
        settings({ kind: "final", runId: "500" }),
        observation({
          tags: tagsOf("v1.20.0rc1", "v1.20.0rc2"),
          branch: bump,
          base: { ref: "main", commit: bump },
          versionFiles: files("1.20.0"),
          versionTags: [tagged("v1.20.0rc2", rc2.sha, "100", published(8, "v1.20.0rc2"))],
          afterCandidate: {
            tag: "v1.20.0rc2",
            commits: [{ sha: bump.sha, message: bump.message, parents: [rc2.sha] }],
          },
        }),
      );
      expect(line(plan, "tested by a candidate")?.status).toBe("pass");
    });

    it("does not count release-kit's own bumps, nor the merge of a bump pull request", () => {
      const bump = bumpCommit("b", "1.20.0", "500");
      const merge = {
        sha: "m".repeat(40),
        message: "Merge pull request #12 from acme/release-kit/bump\n",
        parents: [rc2.sha, bump.sha],
      };
      const plan = planCut(
        settings({ kind: "final", runId: "500" }),
        state([{ sha: bump.sha, message: bump.message, parents: [rc2.sha] }, merge]),
      );
      expect(line(plan, "tested by a candidate")).toMatchObject({ status: "pass" });
      expect(stepOf(plan, "release").notesAppendix).toBe("");
    });
  });

  describe("--from-branch (the version file was bumped by a PR)", () => {
    const head = commit("f", "Bump version to 1.20.0rc1 (#77)\n");
    it("tags the candidate the branch names without a new commit", () => {
      const plan = planCut(
        settings({ fromBranch: true }),
        observation({ branch: head, base: { ref: "main", commit: head }, versionFiles: files("1.20.0rc1") }),
      );
      expect(plan).toMatchObject({ version: "1.20.0rc1", rcNumber: 1 });
      expect(commitOf(plan).sha).toBe(head.sha);
      expect(status(plan)).toEqual({ branch: "done", commit: "done", tag: "todo", release: "todo" });
      expect(commitOf(plan).files).toEqual([]);
    });

    it("takes the number from the file, even when it skips one", () => {
      const plan = planCut(
        settings({ fromBranch: true }),
        observation({
          tags: tagsOf("v1.20.0rc1"),
          branch: head,
          base: { ref: "main", commit: head },
          versionFiles: files("1.20.0rc3"),
        }),
      );
      expect(plan.version).toBe("1.20.0rc3");
    });

    it("finds its own tag on a re-run, even when a later candidate exists", () => {
      const s = settings({ fromBranch: true });
      const tags = tagsOf("v1.20.0rc1", "v1.20.0rc2");
      const plan = planCut(
        s,
        observation({
          tags,
          branch: head,
          base: { ref: "main", commit: head },
          versionFiles: files("1.20.0rc1"),
          versionTags: [tagged("v1.20.0rc1", head.sha, null, published(4, "v1.20.0rc1"))],
        }),
      );
      expect(status(plan)).toEqual({ branch: "done", commit: "done", tag: "done", release: "done" });
    });

    it("refuses when the branch does not name a candidate of the version", () => {
      expect(() =>
        planCut(
          settings({ fromBranch: true }),
          observation({ branch: head, base: { ref: "main", commit: head }, versionFiles: files("1.20.0") }),
        ),
      ).toThrow(/holds 1\.20\.0, not a candidate of 1\.20\.0: bump the version file to 1\.20\.0rc1 first/);
    });
  });

  describe("pre-flight lines that fail (nothing would be written)", () => {
    it("red required checks, with the way out", () => {
      const plan = planCut(
        settings(),
        observation({ checks: [{ name: "build", state: "failure", source: "status" }] }),
      );
      expect(plan.ready).toBe(false);
      expect(line(plan, "required checks")).toMatchObject({
        status: "fail",
        detail: /build is failure.*--skip-checks/,
      });
    });

    it("a required check that has not run", () => {
      const plan = planCut(settings(), observation({ checks: [] }));
      expect(line(plan, "required checks")).toMatchObject({ status: "fail", detail: /build has not run/ });
    });

    it("skipped checks are recorded, not failed", () => {
      const plan = planCut(settings({ skipChecksReason: "CI outage" }), observation({ checks: [] }));
      expect(plan.ready).toBe(true);
      expect(line(plan, "required checks")).toMatchObject({ status: "skip", detail: "skipped: CI outage" });
      expect(stepOf(plan, "tag").message).toMatch(/Required checks skipped: CI outage/);
    });

    it("open release blockers", () => {
      const plan = planCut(
        settings(),
        observation({ blockers: [{ number: 12, title: "crash", url: "https://github.com/acme/widget/issues/12" }] }),
      );
      expect(plan.ready).toBe(false);
      expect(line(plan, "release blockers")?.detail).toMatch(/1 open issue\(s\) labelled release-blocker: #12/);
    });

    it("open release blockers before a final: an error, a warning or off as final.gates.release-blockers says", () => {
      const head = bumpCommit("c", "1.20.0rc1", "100");
      const state = observation({
        tags: tagsOf("v1.20.0rc1"),
        branch: head,
        base: { ref: "main", commit: head },
        versionFiles: files("1.20.0rc1"),
        blockers: [{ number: 12, title: "crash", url: "https://github.com/acme/widget/issues/12" }],
      });
      const final = (gate: "error" | "warn" | "off") =>
        planCut(settings({ kind: "final", finalBlockerGate: gate }), state);
      expect(final("error").ready).toBe(false);
      expect(line(final("error"), "release blockers")?.status).toBe("fail");
      expect(final("warn").ready).toBe(true);
      expect(line(final("warn"), "release blockers")).toMatchObject({ status: "warn", detail: /#12/ });
      expect(line(final("off"), "release blockers")?.status).toBe("skip");
      // A candidate is refused whatever the final's gate says.
      expect(planCut(settings({ finalBlockerGate: "off" }), observation({ blockers: state.blockers })).ready).toBe(
        false,
      );
    });

    it("version files that disagree", () => {
      const plan = planCut(settings(), observation({ versionFiles: files("1.20.0", "1.19.0") }));
      expect(plan.ready).toBe(false);
      expect(line(plan, "version files")?.detail).toMatch(
        /disagree \(VERSION_NUMBER: 1\.20\.0, widget\/__init__\.py: 1\.19\.0\)/,
      );
    });

    it("a missing version file", () => {
      const plan = planCut(settings(), observation({ versionFiles: [{ path: "VERSION_NUMBER", text: "1.20.0\n" }] }));
      expect(line(plan, "version files")?.detail).toMatch(/widget\/__init__\.py is missing at main/);
    });

    it("a version that is not new", () => {
      const plan = planCut(settings({ baseVersion: "1.18.0" }), observation({ versionFiles: files("1.18.0") }));
      expect(line(plan, "version is new")).toMatchObject({
        status: "fail",
        detail: /1\.18\.0 is not greater than the latest release 1\.19\.0/,
      });
    });

    it("version files already ahead of the version", () => {
      const plan = planCut(settings(), observation({ versionFiles: files("1.21.0") }));
      expect(line(plan, "version files")).toMatchObject({ status: "fail", detail: /newer than 1\.20\.0rc1/ });
    });

    it("a token that cannot push, and a base ref that does not exist", () => {
      const plan = planCut(
        settings(),
        observation({
          repo: { fullName: "acme/widget", defaultBranch: "main", canPush: false },
          base: { ref: "nope", commit: null },
        }),
      );
      expect(line(plan, "token can write")?.status).toBe("fail");
      expect(line(plan, "base ref")?.detail).toMatch(/nope does not exist.*--base/);
    });

    it("no token (a dry run): the write check is skipped and says so, never 'cannot push'", () => {
      const plan = planCut(
        settings(),
        observation({ repo: { fullName: "acme/widget", defaultBranch: "main", canPush: null } }),
      );
      expect(line(plan, "token can write")).toMatchObject({ status: "skip", detail: /^no token: .*GITHUB_TOKEN/ });
      expect(plan.preflight.some((l) => l.status === "fail")).toBe(false);
    });
  });
});

describe("planCut (property): a plan never claims a step the observation does not show as done", () => {
  const VERSIONS = ["1.20.0", "1.20.0rc1", "1.20.0rc2", "1.20.0rc3", "1.21.0", "1.19.0", "garbage"];
  const TAGS = ["v1.19.0", "v1.20.0rc1", "v1.20.0rc2", "v1.20.0rc3", "v1.20.0", "v1.21.0rc1"];
  const RUNS = ["100", "200"];

  const world = fc.record({
    kind: fc.constantFrom("rc" as const, "final" as const),
    rc: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    fromBranch: fc.boolean(),
    next: fc.boolean(),
    noRc: fc.boolean(),
    runId: fc.constantFrom(...RUNS),
    tags: fc.subarray(TAGS),
    branch: fc.option(
      fc.record({ version: fc.constantFrom(...VERSIONS), run: fc.option(fc.constantFrom(...RUNS), { nil: null }) }),
      { nil: null },
    ),
    mainVersion: fc.constantFrom(...VERSIONS),
    tagRun: fc.option(fc.constantFrom(...RUNS), { nil: null }),
    release: fc.constantFrom("none", "draft", "published"),
    tagOnHead: fc.boolean(),
    checks: fc.constantFrom("success", "failure"),
  });

  it("either throws a user error or marks done only what is there", () => {
    fc.assert(
      fc.property(world, (w) => {
        const s = settings({
          kind: w.kind,
          rc: w.kind === "rc" && !w.fromBranch ? w.rc : undefined,
          fromBranch: w.kind === "rc" && w.fromBranch,
          next: w.kind === "rc" && !w.fromBranch && w.rc === undefined && w.next,
          noRc: w.kind === "final" && w.noRc,
          runId: w.runId,
        });
        const head = w.branch
          ? w.branch.run === null
            ? commit("b", `Set version ${w.branch.version}\n`)
            : bumpCommit("b", w.branch.version, w.branch.run)
          : null;
        const tagNames = w.tags;
        const tagCommit = w.tagOnHead && head ? head.sha : "7".repeat(40);
        // Every tag of 1.20.0 is observed in full; the plan picks the one it needs.
        const versionTags = tagNames
          .filter((name) => name.startsWith("v1.20.0"))
          .map((name) =>
            tagged(
              name,
              tagCommit,
              w.tagRun,
              w.release === "none" ? null : { ...published(1, name), draft: w.release === "draft" },
            ),
          );
        const obs = observation({
          tags: tagNames.map((name) => ({ name, sha: "1".repeat(40), type: "tag" as const })),
          branch: head,
          base: { ref: "main", commit: head ?? MAIN },
          versionFiles: files(head ? w.branch!.version : w.mainVersion),
          checks: [{ name: "build", state: w.checks, source: "check-run" }],
          versionTags,
        });
        let plan: CutPlan;
        try {
          plan = planCut(s, obs);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          return;
        }
        const st = status(plan);
        expect(st.branch === "done").toBe(head !== null);
        if (st.tag === "done") expect(tagNames).toContain(plan.tag);
        // Never plans a tag that already exists (apply would then fight it).
        if (st.tag === "todo") expect(tagNames).not.toContain(plan.tag);
        const inspected = versionTags.find((t) => t.name === plan.tag);
        if (st.release === "done") {
          expect(inspected?.name).toBe(plan.tag);
          expect(inspected?.release?.draft).toBe(false);
        }
        if (st.commit === "done") {
          expect(commitOf(plan).files).toEqual([]);
          if (commitOf(plan).sha !== inspected?.commit) {
            expect(commitOf(plan).sha).toBe((head ?? MAIN).sha);
            expect(obs.versionFiles[0]?.text).toBe(`${plan.version}\n`);
          }
        } else expect(commitOf(plan).files.every((u) => u.to === plan.version)).toBe(true);
        if (plan.kind === "rc") expect(plan.version).toMatch(/^1\.20\.0rc\d+$/);
        else expect(plan.version).toBe("1.20.0");
        expect(plan.ready).toBe(plan.preflight.every((p) => p.status !== "fail"));
      }),
      { numRuns: 2000 },
    );
  });
});
