/**
 * The git ref helpers of the GitHub adapter against the sandbox: tags listed by a pattern's prefix, lightweight and
 * annotated tags peeled to their commit, and a ref created once however often it is asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import {
  createRefIfAbsent,
  listTagRefs,
  peelTag,
  tagNameOfRef,
  tagPatternPrefix,
} from "../../src/adapters/github/git-refs.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { normalizeSeed } from "../../src/sandbox/seed.js";

const seed = normalizeSeed(
  {
    tokens: [{ token: "t-release", login: "release-bot", write: ["acme/widget"] }],
    repos: [{ name: "acme/widget", files: { VERSION_NUMBER: "1.20.0\n" }, tags: ["v1.19.0", "v1.20.0rc1", "other-1"] }],
  },
  process.cwd(),
);
const owner = "acme";
const repo = "widget";

describe("git ref helpers", () => {
  let sandbox: Sandbox;
  let gh: GitHubClient;
  beforeAll(async () => {
    sandbox = await startSandbox(seed);
    gh = createGitHubClient({
      baseUrl: sandbox.apiUrl,
      token: "t-release",
      logger: new RecordingLogger(),
      writeIntervalMs: 0,
    });
  });
  afterAll(async () => {
    const violations = [...(sandbox?.violations ?? [])];
    await sandbox?.stop();
    expect(violations).toEqual([]);
  });

  it("names tags without refs/tags/ and finds the fixed start of a pattern", () => {
    expect(tagNameOfRef("refs/tags/v1.20.0rc1")).toBe("v1.20.0rc1");
    expect(tagNameOfRef("v1.20.0")).toBe("v1.20.0");
    expect(tagPatternPrefix("v{version}")).toBe("v");
    expect(tagPatternPrefix("release-{version}-final")).toBe("release-");
    expect(tagPatternPrefix("{version}")).toBe("");
  });

  it("lists the tags that start like the pattern, by name, with the object each names", async () => {
    const tags = await listTagRefs(gh, owner, repo, "v");
    expect(tags.map((t) => t.name).sort()).toEqual(["v1.19.0", "v1.20.0rc1"]);
    expect(tags.every((t) => t.type === "commit" && /^[0-9a-f]{40}$/.test(t.sha))).toBe(true);
    expect(await listTagRefs(gh, owner, repo, "v1.20")).toEqual(tags.filter((t) => t.name === "v1.20.0rc1"));
  });

  it("peels an annotated tag to its commit, and takes a lightweight one as it is", async () => {
    const head = (await gh.rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    const tagObject = await gh.rest.git.createTag({
      owner,
      repo,
      tag: "v1.20.0rc2",
      message: "rc2",
      object: head,
      type: "commit",
      tagger: { name: "release-bot", email: "bot@example.com", date: "2026-01-02T03:04:05Z" },
    });
    expect(await createRefIfAbsent(gh, owner, repo, "refs/tags/v1.20.0rc2", tagObject.data.sha)).toBe("created");
    const annotated = (await listTagRefs(gh, owner, repo, "v1.20.0rc2"))[0]!;
    expect(annotated.type).toBe("tag");
    const peeled = await peelTag(gh, owner, repo, annotated);
    expect(peeled.commit).toBe(head);
    expect(peeled.annotated?.sha).toBe(tagObject.data.sha);
    expect(peeled.annotated?.message).toContain("rc2");
    const lightweight = (await listTagRefs(gh, owner, repo, "v1.19.0"))[0]!;
    expect(await peelTag(gh, owner, repo, lightweight)).toEqual({ commit: lightweight.sha });
  });

  it("creates a ref once and says so when it already exists, leaving it where it was", async () => {
    const head = (await gh.rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    const tree = (await gh.rest.git.getCommit({ owner, repo, commit_sha: head })).data.tree.sha;
    const other = (await gh.rest.git.createCommit({ owner, repo, message: "other", tree, parents: [head] })).data.sha;
    expect(await createRefIfAbsent(gh, owner, repo, "refs/heads/rel-1.20.0", head)).toBe("created");
    expect(await createRefIfAbsent(gh, owner, repo, "refs/heads/rel-1.20.0", other)).toBe("exists");
    expect((await gh.rest.git.getRef({ owner, repo, ref: "heads/rel-1.20.0" })).data.object.sha).toBe(head);
  });

  it("lets any other refusal through", async () => {
    await expect(createRefIfAbsent(gh, owner, repo, "refs/heads/broken", "0".repeat(40))).rejects.toMatchObject({
      status: 422,
    });
  });
});
