/**
 * The pure parts of the sandbox's git pushes and imports: which token a git request's credentials carry, who may push
 * (GitHub's 401 and 403 texts), the protection verdict per ref update, the report's reason renamed to GitHub's, and
 * which refs an import's `refs:` patterns keep.
 */
import { describe, expect, it } from "vitest";
import { gitCaller, judgePush, renameProtectedRefusal, tokenOfGitCredentials } from "../../src/sandbox/git-push.js";
import { keepsRef } from "../../src/sandbox/import-history.js";
import type { Caller } from "../../src/sandbox/router.js";
import type { RepoRecord } from "../../src/sandbox/state.js";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const repo: RepoRecord = {
  id: 1,
  owner: "acme",
  name: "widget",
  fullName: "acme/widget",
  defaultBranch: "main",
  description: null,
  fork: false,
  parent: null,
  createdAt: "",
  updatedAt: "",
  pushedAt: "",
  nextNumber: 1,
  protectedBranches: [{ pattern: "rel-*", blockCreations: false, requiredChecks: [] }],
};
const writer: Caller = { token: "t-write", login: "release-bot", write: ["acme/widget"] };
const reader: Caller = { token: "t-read", login: "reader", write: [] };
const workflowRead: Caller = {
  token: "ghs_read",
  login: "github-actions[bot]",
  write: [],
  kind: "actions",
  repositories: ["acme/widget"],
  permissions: { contents: "read" },
};
const tokens = [writer, reader, workflowRead];
const ZERO = "0".repeat(40);
const A = "a".repeat(40);
const B = "b".repeat(40);

describe("the token of a git request", () => {
  it("is the password of Basic credentials, the user name when the password is empty, or a token header", () => {
    expect(tokenOfGitCredentials(basic("x-access-token", "t-write"))).toBe("t-write");
    expect(tokenOfGitCredentials(basic("t-write", ""))).toBe("t-write");
    expect(tokenOfGitCredentials(basic("t-write", "x-oauth-basic"))).toBe("t-write");
    expect(tokenOfGitCredentials("token t-write")).toBe("t-write");
    expect(tokenOfGitCredentials(undefined)).toBeUndefined();
  });
});

describe("who may push", () => {
  it("answers GitHub's 401 to an unknown token and its 403 to a token that may not write", () => {
    expect(gitCaller(tokens, repo, basic("x-access-token", "nope"), true)).toMatchObject({
      refusal: { status: 401, body: expect.stringContaining("Invalid username or token.") as unknown },
    });
    expect(gitCaller(tokens, repo, basic("x-access-token", "t-read"), true)).toMatchObject({
      refusal: { status: 403, body: "Permission to acme/widget.git denied to reader.\n" },
    });
    expect(gitCaller(tokens, repo, basic("x-access-token", "ghs_read"), true)).toMatchObject({
      refusal: { status: 403, body: "Permission to acme/widget.git denied to github-actions[bot].\n" },
    });
    expect(gitCaller(tokens, repo, undefined, true)).toMatchObject({
      refusal: { status: 401, headers: { "www-authenticate": 'Basic realm="GitHub"' } },
    });
    expect(gitCaller(tokens, repo, basic("x-access-token", "t-write"), true)).toEqual({ caller: writer });
  });

  it("lets anyone fetch, but not with a token that is not known", () => {
    expect(gitCaller(tokens, repo, undefined, false)).toEqual({ caller: undefined });
    expect(gitCaller(tokens, repo, basic("x-access-token", "t-read"), false)).toEqual({ caller: reader });
    expect(gitCaller(tokens, repo, basic("x-access-token", "nope"), false)).toMatchObject({ refusal: { status: 401 } });
  });
});

describe("the protection verdict on a push", () => {
  it("refuses updates, force-pushes and deletions of a protected branch with GH006, and passes the rest", () => {
    const verdict = judgePush(repo, writer, [
      { ref: "refs/heads/rel-1.0", oldSha: A, newSha: B, fastForward: true },
      { ref: "refs/heads/rel-2.0", oldSha: A, newSha: B, fastForward: false },
      { ref: "refs/heads/rel-3.0", oldSha: A, newSha: ZERO, fastForward: null },
      { ref: "refs/heads/rel-4.0", oldSha: ZERO, newSha: B, fastForward: null },
      { ref: "refs/heads/main", oldSha: A, newSha: B, fastForward: false },
      { ref: "refs/tags/v1.0", oldSha: ZERO, newSha: B, fastForward: null },
    ]);
    expect(verdict).toEqual({
      ok: false,
      lines: [
        "error: GH006: Protected branch update failed for refs/heads/rel-1.0.",
        "error: Changes must be made through a pull request.",
        "error: GH006: Protected branch update failed for refs/heads/rel-2.0.",
        "error: Cannot force-push to this protected branch",
        "error: GH006: Protected branch update failed for refs/heads/rel-3.0.",
        "error: Cannot delete this protected branch",
      ],
    });
    const bypass = { ...writer, bypassBranchProtection: true };
    expect(judgePush(repo, bypass, [{ ref: "refs/heads/rel-1.0", oldSha: A, newSha: B, fastForward: false }])).toEqual({
      ok: true,
      lines: [],
    });
  });
});

describe("the push report", () => {
  const pkt = (text: string) => `${(text.length + 4).toString(16).padStart(4, "0")}${text}`;
  const band = (channel: number, payload: string) => pkt(`${String.fromCharCode(channel)}${payload}`);

  it("names GitHub's reason for a refused ref and keeps every other packet as it was", () => {
    const report = pkt("unpack ok\n") + pkt("ng refs/heads/rel-1.0 pre-receive hook declined\n") + "0000";
    const progress = band(2, "error: GH006: Protected branch update failed for refs/heads/rel-1.0.\n");
    const response = Buffer.from(progress + band(1, report) + "0000", "latin1");
    const renamed = renameProtectedRefusal(response).toString("latin1");
    const expected =
      progress +
      band(1, pkt("unpack ok\n") + pkt("ng refs/heads/rel-1.0 protected branch hook declined\n") + "0000") +
      "0000";
    expect(renamed).toBe(expected);
  });

  it("leaves a response it cannot parse whole untouched", () => {
    const cut = Buffer.from(band(1, pkt("ng refs/heads/x pre-receive hook declined\n")).slice(0, 20), "latin1");
    expect(renameProtectedRefusal(cut)).toEqual(cut);
  });
});

describe("the refs an import keeps", () => {
  const patterns = ["main", "rel-*", "refs/tags/v*"];
  it("matches short names of branches and tags, and full patterns of one kind only", () => {
    expect(keepsRef(patterns, "refs/heads/main")).toBe(true);
    expect(keepsRef(patterns, "refs/heads/rel-1.20.0")).toBe(true);
    expect(keepsRef(patterns, "refs/tags/rel-1.20.0")).toBe(true);
    expect(keepsRef(patterns, "refs/tags/v1.20.0")).toBe(true);
    expect(keepsRef(patterns, "refs/heads/v1.20.0")).toBe(false);
    expect(keepsRef(patterns, "refs/heads/rel-1/x")).toBe(false);
    expect(keepsRef(["rel-**"], "refs/heads/rel-1/x")).toBe(true);
    expect(keepsRef(undefined, "refs/heads/anything/at/all")).toBe(true);
  });
});
