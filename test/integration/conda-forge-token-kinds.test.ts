/**
 * `release-kit conda-forge pr` end to end with each kind of token GitHub issues: the supported one (a machine
 * user's classic token with public_repo and workflow) forks and opens the PR; every other kind stops in the
 * pre-flight with one line naming the kind and the token to use instead, having sent no write at all. With the fork
 * owner configured, GET /user is never asked. The test prints the token-kind matrix it measured.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { GADGET, dependentRepos, dependentsConfig } from "../helpers/dependents-fixtures.js";
import {
  FEEDSTOCK,
  FORK,
  startFeedstockWorld,
  widgetFeedstockConfig,
  type FeedstockWorld,
} from "../helpers/feedstock-world.js";

let world: FeedstockWorld | undefined;
afterEach(async () => {
  await world?.sandbox.stop();
  world = undefined;
});

const tokens = [
  { token: "ghp_machineuser", login: "release-bot", write: [] },
  { token: "ghp_noworkflow", login: "release-bot", write: [], scopes: ["public_repo"] },
  { token: "github_pat_releasebot", login: "release-bot", write: [], kind: "fine-grained" },
  // Tokens of other servers carry no prefix: the headers alone must tell.
  { token: "fine-noprefix", login: "release-bot", write: [], kind: "fine-grained" },
  {
    token: "ghs_feedstockapp",
    login: "feedstock-app[bot]",
    kind: "app-installation",
    repositories: ["release-bot/*"],
  },
  {
    token: "app-noprefix",
    login: "feedstock-app[bot]",
    kind: "app-installation",
    repositories: ["release-bot/*"],
  },
  {
    token: "ghs_workflowtoken",
    login: "github-actions[bot]",
    kind: "actions",
    repositories: ["acme/widget"],
    permissions: { contents: "write", "pull-requests": "write" },
  },
];

const SUPPORTED =
  "use a machine user's classic personal access token with the public_repo and workflow scopes (the workflows' secret feedstock-token)";

interface Row {
  readonly kind: string;
  readonly token: string;
  readonly forkOwner: "configured" | "unset";
  readonly outcome: string;
}
const matrix: Row[] = [];

afterAll(() => {
  // The matrix for the issue's note: one line per token kind and what the flow did with it.
  const lines = matrix.map((r) => `| ${r.kind} | ${r.token} | fork-owner ${r.forkOwner} | ${r.outcome} |`);
  console.log(["| token kind | token | fork owner | outcome |", "|---|---|---|---|", ...lines].join("\n"));
});

async function run(token: string, forkOwner: "configured" | "unset") {
  world = await startFeedstockWorld({
    extraTokens: tokens,
    ...(forkOwner === "unset" ? { config: widgetFeedstockConfig().replace("  fork-owner: release-bot\n", "") } : {}),
  });
  const r = await world.cli(["conda-forge", "pr", "--version", "1.20.0rc1"], { GITHUB_TOKEN: token });
  const requests = world.sandbox.requests;
  return {
    ...r,
    writes: requests.filter((q) => q.write),
    askedUser: requests.some((q) => q.method === "GET" && q.path === "/user"),
  };
}

describe("conda-forge pr with each kind of token", () => {
  it("opens the PR with a machine user's classic token, never asking GET /user when the fork owner is configured", async () => {
    const r = await run("ghp_machineuser", "configured");
    expect(r.code, r.stderr).toBe(0);
    expect(r.askedUser).toBe(false);
    const pulls = world!.sandbox.state.data.issues.filter((i) => i.repo === FEEDSTOCK && i.pull);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.pull).toMatchObject({ headRepo: FORK });
    expect(world!.sandbox.violations).toEqual([]);
    matrix.push({
      kind: "user (classic, repo+workflow)",
      token: "ghp_",
      forkOwner: "configured",
      outcome: "PR opened",
    });
  });

  it("opens the PR with the classic token when the fork owner is unset (GET /user names it)", async () => {
    const r = await run("ghp_machineuser", "unset");
    expect(r.code, r.stderr).toBe(0);
    expect(r.askedUser).toBe(true);
    expect(world!.sandbox.state.repo(FORK)).toBeDefined();
    matrix.push({ kind: "user (classic, repo+workflow)", token: "ghp_", forkOwner: "unset", outcome: "PR opened" });
  });

  const refused: ReadonlyArray<{
    kind: string;
    token: string;
    forkOwner: "configured" | "unset";
    line: string;
  }> = [
    {
      kind: "user (classic, public_repo only)",
      token: "ghp_noworkflow",
      forkOwner: "configured",
      line: `the token is a classic token without the workflow scope (it has: public_repo), which forking ${FEEDSTOCK} and pushing its recipe branch need; add it to the token, or ${SUPPORTED}`,
    },
    {
      kind: "fine-grained",
      token: "github_pat_releasebot",
      forkOwner: "configured",
      line: `the token is a fine-grained personal access token: it reaches only its resource owner's repositories, so it cannot open a PR on ${FEEDSTOCK} from a fork (GitHub answers "Resource not accessible by personal access token"); ${SUPPORTED}`,
    },
    {
      kind: "fine-grained (no prefix)",
      token: "fine-noprefix",
      forkOwner: "configured",
      line: `the token is not a classic token (GitHub sent no x-oauth-scopes: a fine-grained or App installation token): neither can open a PR on ${FEEDSTOCK} from a fork in another account; ${SUPPORTED}`,
    },
    {
      kind: "fine-grained (no prefix)",
      token: "fine-noprefix",
      forkOwner: "unset",
      line: `the token is a fine-grained personal access token: it reaches only its resource owner's repositories, so it cannot open a PR on ${FEEDSTOCK} from a fork (GitHub answers "Resource not accessible by personal access token"); ${SUPPORTED}`,
    },
    {
      kind: "app-installation",
      token: "ghs_feedstockapp",
      forkOwner: "configured",
      line: `the token is a GitHub App installation token (a workflow's GITHUB_TOKEN is one too): it reaches only the repositories its App is installed on, never ${FEEDSTOCK}, so GitHub refuses the PR ("Resource not accessible by integration"); ${SUPPORTED}`,
    },
    {
      kind: "app-installation (no prefix)",
      token: "app-noprefix",
      forkOwner: "unset",
      line: `the token is a GitHub App installation token (a workflow's GITHUB_TOKEN is one too): it reaches only the repositories its App is installed on, never ${FEEDSTOCK}, so GitHub refuses the PR ("Resource not accessible by integration"); ${SUPPORTED}`,
    },
    {
      kind: "actions (GITHUB_TOKEN)",
      token: "ghs_workflowtoken",
      forkOwner: "configured",
      line: `the token is a GitHub App installation token (a workflow's GITHUB_TOKEN is one too): it reaches only the repositories its App is installed on, never ${FEEDSTOCK}, so GitHub refuses the PR ("Resource not accessible by integration"); ${SUPPORTED}`,
    },
  ];

  for (const c of refused) {
    it(`stops a ${c.kind} token (fork owner ${c.forkOwner}) in the pre-flight with one line and no write`, async () => {
      const r = await run(c.token, c.forkOwner);
      expect(r.code).toBe(1);
      // The one line (a group heading only if the observation said something).
      expect(
        r.stderr
          .trim()
          .split("\n")
          .filter((l) => !l.startsWith("Reading ")),
      ).toEqual([`release-kit: ${c.line}`]);
      expect(r.writes).toEqual([]);
      expect(world!.sandbox.appliedWrites()).toEqual([]);
      // GET /user only when no fork owner is configured and nothing else tells the kind.
      expect(r.askedUser).toBe(c.forkOwner === "unset" && !/^(ghp_|ghs_|github_pat_)/.test(c.token));
      expect(world!.sandbox.violations).toEqual([]);
      matrix.push({
        kind: c.kind,
        token: /^(ghp_|ghs_|github_pat_)/.exec(c.token)?.[1] ?? "(no prefix)",
        forkOwner: c.forkOwner,
        // The line up to its reason: what it names the token.
        outcome: `refused in pre-flight, 0 writes: "${c.line.split(/(?:, which|: (?=it |neither))/)[0]}"`,
      });
    });
  }
});

describe("conda-forge dependents with a token that cannot open the draft PRs", () => {
  it("stops in the same pre-flight, at the first dependent, with one line and no write", async () => {
    world = await startFeedstockWorld({
      extraTokens: tokens,
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
    const r = await world.cli(["conda-forge", "dependents", "--version", "1.20.0rc1"], {
      GITHUB_TOKEN: "github_pat_releasebot",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `the token is a fine-grained personal access token: it reaches only its resource owner's repositories, so it cannot open a PR on ${GADGET} from a fork`,
    );
    expect(world.sandbox.requests.filter((q) => q.write)).toEqual([]);
  });
});
