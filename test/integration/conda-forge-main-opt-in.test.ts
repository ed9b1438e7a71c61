/**
 * `release-kit conda-forge pr` with `rc-strategy: main-opt-in` (numpy's pattern), through the CLI against the
 * sandbox: the feedstock's main recipe carries `{% set rc_num = -1 %}`; a candidate's PR targets main and sets the
 * marker to N (the recipe's version stays X.Y.Z, the marker appends rcN), a final sets it back to -1. No
 * `channel_targets` override is written: the candidate goes through main and users opt in through the marker's
 * run dependency, so conda_build_config.yaml is left alone and no rerender is asked for.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  FEEDSTOCK,
  FORK,
  feedstockGitWrites,
  sdistContent,
  startFeedstockWorld,
  widgetCondaBuildConfig,
  widgetRecipeYaml,
  type FeedstockWorld,
} from "../helpers/feedstock-world.js";

const oldSha = "a".repeat(64);

/** A meta.yaml that takes candidates on main: rc_num > -1 appends rcN and adds a dependency only the rc label has. */
const optInMetaYaml = `{% set name = "widget" %}
{% set version = "1.19.0" %}
{% set rc_num = -1 %}
{% set version_rc = version ~ ("rc" ~ rc_num if rc_num > -1 else "") %}

package:
  name: {{ name|lower }}
  version: {{ version_rc }}

source:
  url: https://pypi.org/packages/source/w/widget/widget-{{ version_rc }}.tar.gz
  sha256: ${oldSha}

build:
  number: 3
  noarch: python
  script: {{ PYTHON }} -m pip install . -vv

requirements:
  host:
    - python
    - pip
  run:
    - python
{% if rc_num > -1 %}
    - _widget_rc
{% endif %}

about:
  home: https://github.com/acme/widget
  license: Apache-2.0
  summary: A widget for tests
`;

const optInConfig = "  rc-strategy: main-opt-in\n  rc-marker: rc_num\n";

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

async function startOptInWorld(): Promise<FeedstockWorld> {
  return startFeedstockWorld({
    feedstockFiles: {
      "README.md": "About widget-feedstock\n",
      "conda-forge.yml": "github:\n  branch_name: main\n",
      "recipe/meta.yaml": optInMetaYaml,
      "recipe/conda_build_config.yaml": widgetCondaBuildConfig,
    },
    // A main-opt-in feedstock has no rc branch: a candidate must never need one.
    rcBranch: false,
    sdists: ["1.20.0rc1", "1.20.0rc2", "1.20.0"],
    condaForgeExtra: optInConfig,
  });
}

/** The sha256 of the sdist the sandbox index serves, computed from its bytes and checked against the index. */
function sdistSha(w: FeedstockWorld, version: string): string {
  const sha = createHash("sha256").update(sdistContent(version)).digest("hex");
  const onIndex = w.sandbox.state.data.packages.find((p) => p.filename === `widget-${version}.tar.gz`);
  expect(onIndex?.sha256).toBe(sha);
  return sha;
}

function pulls(w: FeedstockWorld) {
  return w.sandbox.state.data.issues.filter((i) => i.repo === FEEDSTOCK && i.pull);
}

function comments(w: FeedstockWorld, issue?: number) {
  return w.sandbox.state.data.comments.filter(
    (c) => c.repo === FEEDSTOCK && (issue === undefined || c.issueNumber === issue),
  );
}

/** The main recipe as the given version leaves it (what the PR head must hold). */
function recipeFor(version: string, rcNum: number, sha: string): string {
  return optInMetaYaml
    .replace('{% set version = "1.19.0" %}', `{% set version = "${version}" %}`)
    .replace("{% set rc_num = -1 %}", `{% set rc_num = ${rcNum} %}`)
    .replace(`  sha256: ${oldSha}`, `  sha256: ${sha}`)
    .replace("  number: 3\n", "  number: 0\n");
}

interface PrJson {
  base: string;
  title: string;
  branch: string;
  files: string[];
  prUrl: string;
  requestRerender: boolean;
  supersede: { number: number }[];
  sources: { url: string; sha256: string; verification: string }[];
}

async function pr(w: FeedstockWorld, version: string, ...flags: string[]): Promise<PrJson> {
  const r = await w.cli(["conda-forge", "pr", "--version", version, "--json", ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PrJson;
}

describe("release-kit conda-forge pr with rc-strategy main-opt-in", () => {
  it("a candidate targets main, sets rc_num to N with the X.Y.Z version and the rc sdist's sha256, and leaves the label alone", async () => {
    world = await startOptInWorld();
    const sha = sdistSha(world, "1.20.0rc1");
    const out = await pr(world, "1.20.0rc1");
    expect(out).toMatchObject({
      base: "main",
      title: "widget v1.20.0rc1",
      branch: "release-kit/widget-1.20.0rc1",
      files: ["recipe/meta.yaml"],
      requestRerender: false,
    });
    expect(out.sources.map(({ url, sha256 }) => ({ url, sha256 }))).toEqual([
      { url: "https://pypi.org/packages/source/w/widget/widget-1.20.0rc1.tar.gz", sha256: sha },
    ]);
    expect(out.sources[0]!.verification).toContain("matches the package index's sha256 of widget-1.20.0rc1.tar.gz");
    const { sandbox } = world;
    expect(sandbox.violations).toEqual([]);
    expect(feedstockGitWrites(sandbox)).toEqual([]);
    expect(await sandbox.git.readRef(FEEDSTOCK, "refs/heads/rc")).toBeUndefined();

    // One commit on main's head, changing the recipe only: the marker, the version, the hash, the build number.
    const head = (await sandbox.git.readRef(FORK, "refs/heads/release-kit/widget-1.20.0rc1"))!;
    const mainHead = (await sandbox.git.readRef(FEEDSTOCK, "refs/heads/main"))!;
    expect((await sandbox.git.readCommit(FORK, head)).parents).toEqual([mainHead]);
    expect((await sandbox.git.diffNames(FORK, mainHead, head)).map((c) => c.path)).toEqual(["recipe/meta.yaml"]);
    expect(await world.readFile(FORK, head, "recipe/meta.yaml")).toBe(recipeFor("1.20.0", 1, sha));
    expect(await world.readFile(FORK, head, "recipe/conda_build_config.yaml")).toBe(widgetCondaBuildConfig);

    const [only] = pulls(world);
    expect(only).toMatchObject({ title: "widget v1.20.0rc1", state: "open" });
    expect(only!.pull).toMatchObject({ headRepo: FORK, headRef: "release-kit/widget-1.20.0rc1", baseRef: "main" });
    expect(only!.body).toContain("It targets `main` and sets the recipe's RC marker `rc_num` to 1");
    expect(only!.body).toContain(sha);
    expect(only!.body).not.toContain("channel_targets");
    expect(only!.body).not.toContain("conda-forge/label/");
    expect(only!.body).not.toContain("Merge into `main` only");
    // The build config did not change, so (rerender: auto) nobody is asked to rerender.
    expect(comments(world)).toEqual([]);
  });

  it("a rerun of the candidate makes zero writes and leaves one PR", async () => {
    world = await startOptInWorld();
    const first = await pr(world, "1.20.0rc1");
    const mark = world.sandbox.requests.length;
    const again = await pr(world, "1.20.0rc1");
    expect(again.prUrl).toBe(first.prUrl);
    expect(world.sandbox.appliedWrites(mark)).toEqual([]);
    expect(world.sandbox.requests.slice(mark).filter((q) => q.write)).toEqual([]);
    expect(pulls(world)).toHaveLength(1);
    expect(world.sandbox.violations).toEqual([]);
  });

  it("rc2 after rc1 opens its own PR into main and closes the rc1 PR with a link, as rc-branch does", async () => {
    world = await startOptInWorld();
    const rc1 = await pr(world, "1.20.0rc1");
    const rc2 = await pr(world, "1.20.0rc2");
    expect(rc2).toMatchObject({ base: "main", title: "widget v1.20.0rc2", files: ["recipe/meta.yaml"] });
    const [first, second] = pulls(world);
    expect(first).toMatchObject({ state: "closed", title: "widget v1.20.0rc1" });
    expect(second).toMatchObject({ state: "open", title: "widget v1.20.0rc2" });
    expect(second!.pull!.baseRef).toBe("main");
    expect(rc2.supersede.map((p) => p.number)).toEqual([first!.number]);
    expect(comments(world, first!.number).map((c) => c.body)).toEqual([
      `Superseded by ${rc2.prUrl} (widget v1.20.0rc2); release-kit closes this candidate's PR.`,
    ]);
    expect(rc1.prUrl).not.toBe(rc2.prUrl);
    const recipe = await world.readFile(FORK, "release-kit/widget-1.20.0rc2", "recipe/meta.yaml");
    expect(recipe).toBe(recipeFor("1.20.0", 2, sdistSha(world, "1.20.0rc2")));
    expect(feedstockGitWrites(world.sandbox)).toEqual([]);
    expect(world.sandbox.violations).toEqual([]);
  });

  it("rc2 after the rc1 PR was merged into main moves the marker from 1 to 2", async () => {
    world = await startOptInWorld();
    await pr(world, "1.20.0rc1");
    const merged = (await world.readFile(FORK, "release-kit/widget-1.20.0rc1", "recipe/meta.yaml"))!;
    const mainHead = await world.commit(FEEDSTOCK, "main", { "recipe/meta.yaml": merged }, "Merge the rc1 PR");
    const rc2 = await pr(world, "1.20.0rc2");
    expect(rc2).toMatchObject({ base: "main", title: "widget v1.20.0rc2" });
    const head = (await world.sandbox.git.readRef(FORK, "refs/heads/release-kit/widget-1.20.0rc2"))!;
    expect((await world.sandbox.git.readCommit(FORK, head)).parents).toEqual([mainHead]);
    expect(await world.readFile(FORK, head, "recipe/meta.yaml")).toBe(
      recipeFor("1.20.0", 2, sdistSha(world, "1.20.0rc2")),
    );
  });

  it("the final after a merged candidate sets rc_num back to -1, targets main and closes the open candidate PR", async () => {
    world = await startOptInWorld();
    await pr(world, "1.20.0rc1");
    const merged = (await world.readFile(FORK, "release-kit/widget-1.20.0rc1", "recipe/meta.yaml"))!;
    const mainHead = await world.commit(FEEDSTOCK, "main", { "recipe/meta.yaml": merged }, "Merge the rc1 PR");
    // The rc2 PR stays open when the final comes.
    const rc2 = await pr(world, "1.20.0rc2");
    const sha = sdistSha(world, "1.20.0");
    const final = await pr(world, "1.20.0");
    expect(final).toMatchObject({
      base: "main",
      title: "widget v1.20.0",
      branch: "release-kit/widget-1.20.0",
      files: ["recipe/meta.yaml"],
      requestRerender: false,
    });
    expect(final.sources.map((s) => [s.url, s.sha256])).toEqual([
      ["https://pypi.org/packages/source/w/widget/widget-1.20.0.tar.gz", sha],
    ]);
    const head = (await world.sandbox.git.readRef(FORK, "refs/heads/release-kit/widget-1.20.0"))!;
    expect((await world.sandbox.git.readCommit(FORK, head)).parents).toEqual([mainHead]);
    const recipe = await world.readFile(FORK, head, "recipe/meta.yaml");
    expect(recipe).toBe(recipeFor("1.20.0", -1, sha));
    expect(recipe).toBe(
      optInMetaYaml.replace("1.19.0", "1.20.0").replace(oldSha, sha).replace("number: 3", "number: 0"),
    );

    const finalPr = pulls(world).find((p) => p.title === "widget v1.20.0")!;
    expect(finalPr).toMatchObject({ state: "open" });
    expect(finalPr.pull!.baseRef).toBe("main");
    expect(finalPr.body).toContain("It targets `main`: the final is uploaded to the `main` label.");
    // The diff moves rc_num from 1 to -1; the body says where the marker ends, as the candidate's PR does.
    expect(finalPr.body).toContain(
      "The recipe's RC marker `rc_num` is -1 here, so it builds the final, not a candidate.",
    );
    expect(pulls(world).find((p) => p.title === "widget v1.20.0rc2")).toMatchObject({ state: "closed" });
    expect(final.supersede).toHaveLength(1);
    expect(comments(world).map((c) => c.body)).toContainEqual(
      `Superseded by ${final.prUrl} (widget v1.20.0); release-kit closes this candidate's PR.`,
    );
    expect(rc2.prUrl).not.toBe(final.prUrl);
    expect(feedstockGitWrites(world.sandbox)).toEqual([]);
    expect(world.sandbox.violations).toEqual([]);
  });

  it("--dry-run of a candidate and of a final prints the marker edit and writes nothing", async () => {
    world = await startOptInWorld();
    const rc = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1", "--dry-run"]);
    expect(rc.code, rc.stderr).toBe(0);
    expect(rc.stdout).toContain("Dry run, nothing written");
    expect(rc.stdout).toContain("widget v1.20.0rc1 -> conda-forge/widget-feedstock:main");
    expect(rc.stdout).toContain("+{% set rc_num = 1 %}");
    expect(rc.stdout).toContain('+{% set version = "1.20.0" %}');
    expect(rc.stdout).not.toContain("channel_targets");
    const final = await world.cli(["conda-forge", "pr", "--version", "1.20.0", "--dry-run"]);
    expect(final.code, final.stderr).toBe(0);
    expect(final.stdout).toContain('+{% set version = "1.20.0" %}');
    expect(final.stdout).toContain(" {% set rc_num = -1 %}\n");
    expect(final.stdout).not.toMatch(/^[+-]\{% set rc_num/m);
    expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });
});

describe("main-opt-in with a recipe.yaml whose marker is a context key", () => {
  /** The widget recipe.yaml with numpy's context layout: rc_num, and version_rc built from it. */
  const optInRecipeYaml = widgetRecipeYaml
    .replace(
      '  version: "1.19.0"\n',
      '  version: "1.19.0"\n  rc_num: -1\n  version_rc: ${{ version }}${{ ("rc" ~ rc_num) if rc_num > -1 else "" }}\n',
    )
    .replaceAll("${{ version }}\n", "${{ version_rc }}\n")
    .replace("widget-${{ version }}.tar.gz", "widget-${{ version_rc }}.tar.gz");

  it("a candidate sets context.rc_num and the version, and the final sets rc_num back to -1", async () => {
    expect(optInRecipeYaml).toContain("  version: ${{ version_rc }}\n");
    expect(optInRecipeYaml).toContain("widget-${{ version_rc }}.tar.gz");
    world = await startFeedstockWorld({
      feedstockFiles: { "recipe/recipe.yaml": optInRecipeYaml },
      rcBranch: false,
      sdists: ["1.20.0rc1", "1.20.0"],
      condaForgeExtra: optInConfig,
    });
    const rcSha = sdistSha(world, "1.20.0rc1");
    const rc = await pr(world, "1.20.0rc1");
    expect(rc).toMatchObject({ base: "main", title: "widget v1.20.0rc1", files: ["recipe/recipe.yaml"] });
    const expected = (version: string, rcNum: number, sha: string) =>
      optInRecipeYaml
        .replace('  version: "1.19.0"', `  version: "${version}"`)
        .replace("  rc_num: -1", `  rc_num: ${rcNum}`)
        .replace(`  sha256: ${oldSha}`, `  sha256: ${sha}`)
        .replace("  number: 1\n", "  number: 0\n");
    expect(await world.readFile(FORK, "release-kit/widget-1.20.0rc1", "recipe/recipe.yaml")).toBe(
      expected("1.20.0", 1, rcSha),
    );
    const final = await pr(world, "1.20.0");
    expect(final).toMatchObject({ base: "main", title: "widget v1.20.0", supersede: [{ number: 1 }] });
    expect(await world.readFile(FORK, "release-kit/widget-1.20.0", "recipe/recipe.yaml")).toBe(
      expected("1.20.0", -1, sdistSha(world, "1.20.0")),
    );
    expect(pulls(world).map((p) => [p.title, p.state])).toEqual([
      ["widget v1.20.0rc1", "closed"],
      ["widget v1.20.0", "open"],
    ]);
    expect(world.sandbox.violations).toEqual([]);
  });
});

describe("main-opt-in versions the marker can and cannot express", () => {
  it("a candidate of a two-component version (1.21rc1) keeps the recipe at 1.21, not 1.21.0, and fetches the rc sdist", async () => {
    world = await startFeedstockWorld({
      feedstockFiles: {
        "recipe/meta.yaml": optInMetaYaml.replace('"1.19.0"', '"1.20"'),
        "recipe/conda_build_config.yaml": widgetCondaBuildConfig,
      },
      rcBranch: false,
      upstreamTags: ["v1.20", "v1.21rc1"],
      sdists: ["1.21rc1"],
      condaForgeExtra: optInConfig,
    });
    const out = await pr(world, "1.21rc1");
    expect(out).toMatchObject({ base: "main", title: "widget v1.21rc1", files: ["recipe/meta.yaml"] });
    const sha = sdistSha(world, "1.21rc1");
    expect(out.sources.map((s) => [s.url, s.sha256])).toEqual([
      ["https://pypi.org/packages/source/w/widget/widget-1.21rc1.tar.gz", sha],
    ]);
    expect(await world.readFile(FORK, "release-kit/widget-1.21rc1", "recipe/meta.yaml")).toBe(
      recipeFor("1.21", 1, sha),
    );
  });

  it("refuses a beta in one line (exit 2) before any request: the marker only appends rcN", async () => {
    world = await startOptInWorld();
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0b1"]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => /^release-kit: (?!warning:)/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/1\.20\.0b1: rc-strategy main-opt-in builds release candidates X\.Y\.ZrcN only/),
    ]);
    expect(world.sandbox.requests.filter((q) => q.area === "api")).toEqual([]);
  });

  it("a recipe without the configured marker stops with the key to configure and writes nothing", async () => {
    world = await startFeedstockWorld({ rcBranch: false, condaForgeExtra: optInConfig });
    const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the recipe has no RC marker "rc_num".*configure the key the recipe uses/);
    expect(world.sandbox.appliedWrites()).toEqual([]);
  });
});
